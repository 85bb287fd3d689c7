using CertDesk.Features.Accounts;
using CertDesk.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Organization.Employees;

public sealed class IndexModel(OrganizationScope scope) : PageModel
{
    public const int PageSize = 25;

    public sealed record Row(Guid Id, string Name, string Number, string Title, Guid? TeamId, string? TeamName, string? Site, DateOnly HireDate, bool Active);

    public sealed record TeamOption(string Code, string Name);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Team { get; set; }
    [BindProperty(SupportsGet = true)] public string Status { get; set; } = "active";
    [BindProperty(SupportsGet = true)] public string Sort { get; set; } = "name";
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<TeamOption> TeamOptions { get; private set; } = [];
    public PagerModel Pager { get; private set; } = null!;
    public bool CanImport { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        CanImport = caller.IsIn(Roles.Admin) || caller.IsIn(Roles.ProgramManager);
        var people = await scope.EmployeesAsync(caller, ct);
        TeamOptions = await (await scope.TeamsAsync(caller, ct)).OrderBy(t => t.Name).Select(t => new TeamOption(t.Code, t.Name)).ToListAsync(ct);

        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = Q.Trim();
            people = people.Where(e => e.FirstName.Contains(term) || e.LastName.Contains(term) || (e.FirstName + " " + e.LastName).Contains(term)
                || e.EmployeeNumber.Contains(term) || e.Email.Contains(term) || e.Title.Contains(term));
        }
        if (!string.IsNullOrEmpty(Team))
        {
            people = people.Where(e => e.Team != null && e.Team.Code == Team);
        }
        people = Status switch
        {
            "separated" => people.Where(e => e.Status == EmploymentStatus.Separated),
            "all" => people,
            _ => people.Where(e => e.Status == EmploymentStatus.Active),
        };
        people = Sort switch
        {
            "hired" => people.OrderBy(e => e.HireDate).ThenBy(e => e.LastName),
            "title" => people.OrderBy(e => e.Title).ThenBy(e => e.LastName),
            _ => people.OrderBy(e => e.LastName).ThenBy(e => e.FirstName).ThenBy(e => e.EmployeeNumber),
        };
        var total = await people.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        Rows = await people.Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(e => new Row(e.Id, e.FirstName + " " + e.LastName, e.EmployeeNumber, e.Title, e.TeamId, e.Team != null ? e.Team.Name : null,
                e.Site != null ? e.Site.Name : null, e.HireDate, e.Status == EmploymentStatus.Active))
            .ToListAsync(ct);
        Pager = new PagerModel(PageNumber, PageSize, total, "/Organization/Employees",
            new Dictionary<string, string?> { ["q"] = Q, ["team"] = Team, ["status"] = Status, ["sort"] = Sort });
    }
}
