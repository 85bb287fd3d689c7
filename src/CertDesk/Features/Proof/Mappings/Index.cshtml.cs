namespace CertDesk.Features.Proof.Mappings;

/// <summary>/Proof/Mappings: the column mappings saved per source, and where to add one.</summary>
[Authorize(Policy = Policies.RunsProgram)]
public sealed class IndexModel(ColumnMappings mappings) : PageModel
{
    public IReadOnlyList<KpiColumnMappingRecord> Mappings { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Mappings = await mappings.ListAsync(ct);
}
