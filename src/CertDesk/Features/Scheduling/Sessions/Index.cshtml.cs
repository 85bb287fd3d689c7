using CertDesk.Files;

namespace CertDesk.Features.Scheduling.Sessions;

/// <summary>The sessions the caller may see: all for organization-wide roles, their people's for managers, their own otherwise.</summary>
public sealed class IndexModel(SessionService sessions, SessionExceptions exceptions, CertDeskDbContext db, IOptions<SessionExceptionOptions> codes) : PageModel
{
    public TableView<SessionDto> Table { get; private set; } = null!;

    public bool CanPlan { get; private set; }

    /// <summary>The sites to choose from for the WFM tool's schedule exceptions, and what the download form was given.</summary>
    public IReadOnlyList<(Guid Id, string Name, string TimeZone)> Sites { get; private set; } = [];

    public SessionExceptionOptions Codes => codes.Value;

    public Guid? ExceptionsSite { get; private set; }

    public string? ExceptionsFrom { get; private set; }

    public string? ExceptionsTo { get; private set; }

    public IReadOnlyList<string> ExceptionsErrors { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        CanPlan = caller.IsOrganizationWide || caller.IsIn(Roles.Manager);
        var rows = await RowsAsync(caller, ct);
        Table = await Spec(rows).PageAsync(rows.AsQueryable(), Request.Query, ct);
        if (CanPlan)
        {
            var sites = await db.Sites.AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Id, s.Name, s.TimeZone }).ToListAsync(ct);
            Sites = [.. sites.Select(s => (s.Id, s.Name, s.TimeZone))];
        }
    }

    /// <summary>
    /// The schedule exceptions for the WFM tool as a file (the same CSV as the API and the CLI); a bad date shows the page
    /// again with the reason. Whoever manages people: their people's sessions (a manager's part of the org chart).
    /// </summary>
    public async Task<IActionResult> OnGetExceptionsAsync(Guid? site_id, string? from, string? to, CancellationToken ct)
    {
        var outcome = await exceptions.CsvAsync(Caller.From(User), null, site_id, from, to, ct);
        if (outcome.Kind == OutcomeKind.Forbidden)
        {
            return Forbid();
        }
        if (outcome.IsOk)
        {
            var site = site_id is { } id ? await db.Sites.Where(s => s.Id == id).Select(s => s.Name).FirstOrDefaultAsync(ct) : null;
            var name = "session-exceptions" + (site is null ? "" : "-" + new string([.. site.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]));
            return File(CsvTable.Utf8(outcome.Value!, CsvTable.WantsByteOrderMark(Request.Query["bom"])), "text/csv; charset=utf-8", name + ".csv");
        }
        (ExceptionsSite, ExceptionsFrom, ExceptionsTo) = (site_id, from, to);
        ExceptionsErrors = outcome.Kind == OutcomeKind.NotFound
            ? ["Site: not a known site."]
            : [.. outcome.Errors.Select(e => $"{(e.Key == "from" ? "From" : "To")}: {string.Join(" ", e.Value)}")];
        await OnGetAsync(ct);
        return Page();
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
