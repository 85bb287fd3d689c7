namespace CertDesk.Features.Dashboards;

/// <summary>Per program: the organization-wide roles see every certification's follow-through.</summary>
[Authorize(Policy = Policies.OrganizationWide)]
public sealed class ProgramModel(FollowQueries queries) : PageModel
{
    public IReadOnlyList<ProgramRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await queries.ProgramAsync(Caller.From(User), ct);
}
