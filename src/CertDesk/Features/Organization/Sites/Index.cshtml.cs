using CertDesk.Data;
using CertDesk.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Organization.Sites;

[Authorize(Policy = Policies.OrganizationWide)]
public sealed class IndexModel(CertDeskDbContext db) : PageModel
{
    public sealed record Row(string Name, string TimeZone, int Teams, int People);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Rows = await db.Sites.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new Row(s.Name, s.TimeZone,
                db.Teams.Count(t => t.SiteId == s.Id),
                db.Employees.Count(e => e.SiteId == s.Id && e.Status == EmploymentStatus.Active)))
            .ToListAsync(ct);
    }
}
