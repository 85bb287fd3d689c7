namespace CertDesk.Features.Scheduling.Sessions;

/// <summary>The sessions the caller may see: all for organization-wide roles, their people's for managers, their own otherwise.</summary>
public sealed class IndexModel(SessionService sessions) : PageModel
{
    public TableView<SessionDto> Table { get; private set; } = null!;

    public bool CanPlan { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        CanPlan = caller.IsOrganizationWide || caller.IsIn(Roles.Manager);
        var rows = await RowsAsync(caller, ct);
        Table = await Spec(rows).PageAsync(rows.AsQueryable(), Request.Query, ct);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var rows = await RowsAsync(Caller.From(User), ct);
        return await Spec(rows).CsvAsync(rows.AsQueryable(), Request.Query, ct);
    }

    private async Task<List<SessionDto>> RowsAsync(Caller caller, CancellationToken ct)
    {
        var visible = await sessions.VisibleAsync(caller, ct);
        var rows = await SessionService.Project(visible).ToListAsync(ct);
        return [.. rows.Select(r => SessionService.Finish(r))];
    }

    private static Table<SessionDto> Spec(IReadOnlyList<SessionDto> rows) =>
        new Table<SessionDto>("/Scheduling/Sessions", "sessions")
            .Column("title", "Session", s => s.Title)
            .Column("kind", "Kind", s => s.Kind)
            .Column("date", "Date", s => s.StartUtc, text: s => s.Date)
            .Column("start", "Start", s => s.Start, sortable: false)
            .Column("minutes", "Minutes", s => s.LengthMinutes, numeric: true)
            .Column("site", "Site", s => s.Site)
            .Column("attendees", "Attendees", s => s.Attendees.Count, numeric: true)
            .Column("status", "Status", s => s.Status)
            .SortBy("date")
            .ThenBy(s => s.Id)
            .SearchIn("Title, site or attendee", s => s.Title, s => s.Site, s => string.Join(" ", s.Attendees.Select(a => a.Name + " " + a.EmployeeId)))
            .Filter("status", "Status", TableOption.Choices("Any status", rows.Select(r => r.Status)), v => s => s.Status == v)
            .Filter("kind", "Kind", TableOption.Choices("Any kind", rows.Select(r => r.Kind)), v => s => s.Kind == v)
            .Filter("site", "Site", TableOption.Choices("All sites", rows.Select(r => r.Site)), v => s => s.Site == v);
}
