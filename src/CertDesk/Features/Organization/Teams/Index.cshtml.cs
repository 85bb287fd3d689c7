namespace CertDesk.Features.Organization.Teams;

/// <summary>/Organization/Teams: the teams the caller may see with their active head count.</summary>
public sealed class IndexModel(OrganizationScope scope) : PageModel
{
    public sealed record Row(Guid Id, string Name, string Code, string Site, Guid? LeadId, string? Lead, int Active);

    public TableView<Row> Table { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = await RowsAsync(ct);
        Table = await Spec(rows).PageAsync(rows.AsQueryable(), Request.Query, ct);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var rows = await RowsAsync(ct);
        return await Spec(rows).CsvAsync(rows.AsQueryable(), Request.Query, ct);
    }

    private async Task<List<Row>> RowsAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        var teams = await scope.TeamsAsync(caller, ct);
        var people = await scope.EmployeesAsync(caller, ct);
        var counts = await people.Where(e => e.Status == EmploymentStatus.Active && e.TeamId != null)
            .GroupBy(e => e.TeamId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var rows = await teams
            .Select(t => new { t.Id, t.Name, t.Code, Site = t.Site!.Name, t.ManagerId, Lead = t.Manager != null ? t.Manager.FirstName + " " + t.Manager.LastName : null })
            .ToListAsync(ct);
        return [.. rows.Select(t => new Row(t.Id, t.Name, t.Code, t.Site, t.ManagerId, t.Lead, counts.GetValueOrDefault(t.Id)))];
    }

    private static Table<Row> Spec(IReadOnlyList<Row> rows) =>
        new Table<Row>("/Organization/Teams", "teams", pageSize: 50)
            .Column("name", "Team", t => t.Name)
            .Column("code", "Code", t => t.Code)
            .Column("site", "Site", t => t.Site)
            .Column("lead", "Lead", t => t.Lead)
            .Column("active", "Active people", t => t.Active, numeric: true)
            .SortBy("site")
            .ThenBy(t => t.Code)
            .SearchIn("Team, code or lead", t => t.Name, t => t.Code, t => t.Lead)
            .Filter("site", "Site", TableOption.Choices("All sites", rows.Select(r => r.Site)), v => t => t.Site == v);
}
