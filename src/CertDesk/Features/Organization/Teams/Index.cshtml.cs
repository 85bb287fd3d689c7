using CertDesk.Features.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Organization.Teams;

public sealed class IndexModel(OrganizationScope scope) : PageModel
{
    public sealed record Row(Guid Id, string Name, string Code, string Site, string? Lead, int Active);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        var teams = await scope.TeamsAsync(caller, ct);
        var people = await scope.EmployeesAsync(caller, ct);
        var counts = await people.Where(e => e.Status == EmploymentStatus.Active && e.TeamId != null)
            .GroupBy(e => e.TeamId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var rows = await teams.OrderBy(t => t.Site!.Name).ThenBy(t => t.Code)
            .Select(t => new { t.Id, t.Name, t.Code, Site = t.Site!.Name, Lead = t.Manager != null ? t.Manager.FirstName + " " + t.Manager.LastName : null })
            .ToListAsync(ct);
        Rows = rows.Select(t => new Row(t.Id, t.Name, t.Code, t.Site, t.Lead, counts.GetValueOrDefault(t.Id))).ToList();
    }
}
