using CertDesk.Domain.Repayment;

namespace CertDesk.Features.Organization.Sites;

[Authorize(Policy = Policies.OrganizationWide)]
public sealed class IndexModel(CertDeskDbContext db) : PageModel
{
    public sealed record Row(string Name, string TimeZone, string Jurisdiction, int Teams, int People);

    public TableView<Row> Table { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Table = await Spec().PageAsync((await RowsAsync(ct)).AsQueryable(), Request.Query, ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => await Spec().CsvAsync((await RowsAsync(ct)).AsQueryable(), Request.Query, ct);

    private async Task<List<Row>> RowsAsync(CancellationToken ct) =>
        [.. (await db.Sites.AsNoTracking()
            .Select(s => new
            {
                s.Name,
                s.TimeZone,
                s.Jurisdiction,
                Teams = db.Teams.Count(t => t.SiteId == s.Id),
                People = db.Employees.Count(e => e.SiteId == s.Id && e.Status == EmploymentStatus.Active),
            })
            .ToListAsync(ct))
            .Select(s => new Row(s.Name, s.TimeZone, Jurisdictions.Find(s.Jurisdiction)?.Name ?? "none", s.Teams, s.People))];

    private static Table<Row> Spec() =>
        new Table<Row>("/Organization/Sites", "sites", pageSize: 50)
            .Column("name", "Site", s => s.Name)
            .Column("timezone", "Time zone", s => s.TimeZone)
            .Column("jurisdiction", "Repayment rule", s => s.Jurisdiction)
            .Column("teams", "Teams", s => s.Teams, numeric: true)
            .Column("people", "Active people", s => s.People, numeric: true)
            .SearchIn("Site or time zone", s => s.Name, s => s.TimeZone);
}
