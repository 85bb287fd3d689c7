namespace CertDesk.Features.Dashboards;

/// <summary>Per manager: the team below them in the org chart.</summary>
[Authorize(Policy = Policies.ManagesPeople)]
public sealed class TeamModel(FollowQueries queries) : PageModel
{
    public IReadOnlyList<TeamRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await queries.TeamAsync(Caller.From(User), ct);
}
