namespace CertDesk.Features.Gaps;

[Authorize(Policy = Policies.ManagesPeople)]
public sealed class HeatMapModel(GapAnalysis gaps, OrganizationScope scope) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Team { get; set; }
    [BindProperty(SupportsGet = true)] public string? Role { get; set; } = "Supervisor";

    public HeatMap Map { get; private set; } = null!;
    public IReadOnlyList<(string Code, string Name)> Teams { get; private set; } = [];
    public IReadOnlyList<string> RoleOptions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        Teams = (await (await scope.TeamsAsync(caller, ct)).OrderBy(t => t.Code).Select(t => new { t.Code, t.Name }).ToListAsync(ct)).Select(t => (t.Code, t.Name)).ToList();
        RoleOptions = await gaps.RolesAsync(ct);
        Map = await gaps.HeatMapAsync(caller, Team, Role, ct);
    }
}
