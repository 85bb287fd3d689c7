namespace CertDesk.Features.Organization.Teams;

public sealed class DetailsModel(OrganizationScope scope) : PageModel
{
    public sealed record Member(Guid Id, string Name, string Title, DateOnly HireDate);

    public Team Team { get; private set; } = null!;
    public IReadOnlyList<Member> Members { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var team = await (await scope.TeamsAsync(caller, ct)).Include(t => t.Site).Include(t => t.Manager).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return NotFound();
        }
        Team = team;
        Members = await (await scope.EmployeesAsync(caller, ct))
            .Where(e => e.TeamId == id && e.Status == EmploymentStatus.Active)
            .OrderBy(e => e.JobRole == "Supervisor" ? 0 : 1).ThenBy(e => e.LastName)
            .Select(e => new Member(e.Id, e.FirstName + " " + e.LastName, e.Title, e.HireDate))
            .ToListAsync(ct);
        return Page();
    }
}
