namespace CertDesk.Features.ActionPlans;

/// <summary>
/// /ActionPlans: the action plans the caller may see (own; a manager's reports too; everyone for organization-wide roles,
/// through <see cref="ActionPlanService.VisibleAsync"/>) with each plan's next 30/60/90-day check-in (the first not yet
/// rated), searched, filtered, sorted and paged in the database. A check-in is overdue when it is not rated by its due
/// date, as on the dashboards.
/// </summary>
public sealed class IndexModel(ActionPlanService service) : PageModel
{
    public const int PageSize = 25;
    public const int SoonDays = 30;

    /// <summary>Member-initialized (not a positional record) so that EF Core can sort and filter on its properties.</summary>
    public sealed class Row
    {
        public Guid Id { get; init; }
        public Guid EmployeeId { get; init; }
        public string EmployeeNumber { get; init; } = "";
        public string EmployeeName { get; init; } = "";
        public string SortName { get; init; } = "";
        public Guid CertificationId { get; init; }
        public string CertificationCode { get; init; } = "";
        public string CertificationName { get; init; } = "";
        public DateOnly StartsOn { get; init; }
        public int? NextDay { get; init; }
        public DateOnly? NextDue { get; init; }
        public bool NextHasEvidence { get; init; }
        public int Rated { get; init; }
        public int CheckIns { get; init; }
    }

    public TableView<Row> Table { get; private set; } = null!;
    public DateOnly Today => service.Today;
    public bool HasOwnRecord { get; private set; }
    public bool SeesOthers { get; private set; }

    /// <summary>done (every check-in rated), overdue (the next one not rated by its due date) or open.</summary>
    public string StateOf(Row row) => row.NextDue is not { } due ? "done" : due < Today ? "overdue" : "open";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        HasOwnRecord = caller.EmployeeId is not null;
        SeesOthers = caller.IsOrganizationWide || caller.IsIn(Roles.Manager);
        var rows = await RowsAsync(caller, ct);
        Table = await (await SpecAsync(rows, ct)).PageAsync(rows, Request.Query, ct);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var rows = await RowsAsync(Caller.From(User), ct);
        return await (await SpecAsync(rows, ct)).CsvAsync(rows, Request.Query, ct);
    }

    private async Task<IQueryable<Row>> RowsAsync(Caller caller, CancellationToken ct) =>
        (await service.VisibleAsync(caller, ct)).Select(p => new Row
        {
            Id = p.Id,
            EmployeeId = p.EmployeeId,
            EmployeeNumber = p.Employee!.EmployeeNumber,
            EmployeeName = p.Employee.FirstName + " " + p.Employee.LastName,
            SortName = p.Employee.LastName + " " + p.Employee.FirstName,
            CertificationId = p.CertificationId,
            CertificationCode = p.Certification!.Code,
            CertificationName = p.Certification.Name,
            StartsOn = p.StartsOn,
            NextDay = p.CheckIns.Where(c => c.Rating == null).OrderBy(c => c.Day).Select(c => (int?)c.Day).FirstOrDefault(),
            NextDue = p.CheckIns.Where(c => c.Rating == null).OrderBy(c => c.Day).Select(c => (DateOnly?)c.DueOn).FirstOrDefault(),
            NextHasEvidence = p.CheckIns.Where(c => c.Rating == null).OrderBy(c => c.Day).Select(c => c.Evidence != null).FirstOrDefault(),
            Rated = p.CheckIns.Count(c => c.Rating != null),
            CheckIns = p.CheckIns.Count,
        });

    private async Task<Table<Row>> SpecAsync(IQueryable<Row> rows, CancellationToken ct)
    {
        var codes = await rows.Select(r => r.CertificationCode).Distinct().ToListAsync(ct);
        var today = Today;
        var soon = today.AddDays(SoonDays);
        return new Table<Row>("/ActionPlans", "action-plans", PageSize)
            .Column("person", "Person", r => r.SortName, text: r => r.EmployeeName)
            .Column("id", "Id", r => r.EmployeeNumber)
            .Column("certification", "Certification", r => r.CertificationCode)
            .Column("started", "Started", r => r.StartsOn)
            .Column("next", "Next check-in", r => r.NextDay ?? int.MaxValue, text: r => r.NextDay is { } d ? $"{d}-day" : "")
            // Plans with every check-in rated (no next one) sort as the latest date on both databases.
            .Column("due", "Due", r => r.NextDue ?? DateOnly.MaxValue, text: r => Table<Row>.Format(r.NextDue))
            .Column("state", "State", r => r.NextDue, sortable: false, text: r => StateOf(r) + (r.NextHasEvidence ? " (evidence recorded)" : ""))
            .Column("rated", "Rated", r => r.Rated, numeric: true, text: r => $"{r.Rated} of {r.CheckIns}")
            .SortBy("due")
            .ThenBy(r => r.Id)
            .SearchIn("Person, id or certification", r => r.EmployeeName, r => r.EmployeeNumber, r => r.CertificationCode, r => r.CertificationName)
            .Filter("checkins", "Check-ins",
                [new("", "Any"), new("overdue", "Overdue"), new("soon", $"Due in {SoonDays} days"), new("open", "Not all rated"), new("done", "All rated")],
                value => value switch
                {
                    "overdue" => r => r.NextDue != null && r.NextDue < today,
                    "soon" => r => r.NextDue != null && r.NextDue >= today && r.NextDue <= soon,
                    "open" => r => r.NextDue != null,
                    _ => r => r.NextDue == null,
                })
            .Filter("certification", "Certification", TableOption.Choices("All certifications", codes), code => r => r.CertificationCode == code);
    }
}
