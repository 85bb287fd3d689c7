using CertDesk.Data;
using CertDesk.Features.Shared;
using CertDesk.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Organization.Sites;

[Authorize(Policy = Policies.OrganizationWide)]
public sealed class IndexModel(CertDeskDbContext db) : PageModel
{
    public sealed record Row(string Name, string TimeZone, int Teams, int People);

    public TableView<Row> Table { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Table = await Spec().PageAsync((await RowsAsync(ct)).AsQueryable(), Request.Query, ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => await Spec().CsvAsync((await RowsAsync(ct)).AsQueryable(), Request.Query, ct);

    private Task<List<Row>> RowsAsync(CancellationToken ct) =>
        db.Sites.AsNoTracking()
            .Select(s => new Row(s.Name, s.TimeZone,
                db.Teams.Count(t => t.SiteId == s.Id),
                db.Employees.Count(e => e.SiteId == s.Id && e.Status == EmploymentStatus.Active)))
            .ToListAsync(ct);

    private static Table<Row> Spec() =>
        new Table<Row>("/Organization/Sites", "sites", pageSize: 50)
            .Column("name", "Site", s => s.Name)
            .Column("timezone", "Time zone", s => s.TimeZone)
            .Column("teams", "Teams", s => s.Teams, numeric: true)
            .Column("people", "Active people", s => s.People, numeric: true)
            .SearchIn("Site or time zone", s => s.Name, s => s.TimeZone);
}
