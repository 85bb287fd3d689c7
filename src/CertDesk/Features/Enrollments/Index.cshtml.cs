using CertDesk.Domain;
using CertDesk.Domain.Credentials;

namespace CertDesk.Features.Enrollments;

/// <summary>
/// /Enrollments: every enrollment the caller may see (their own; a manager's reports too; everyone for organization-wide
/// roles, through <see cref="EnrollmentService.VisibleAsync"/>), searched, filtered, sorted and paged in the database.
/// The real cost is the enrollment page's: approved expenses + exam fees + study hours at the person's loaded cost.
/// </summary>
public sealed class IndexModel(EnrollmentService service) : PageModel
{
    public const int PageSize = 25;

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
        public EnrollmentStatus Status { get; init; }
        public DateOnly? PlannedStart { get; init; }
        public DateOnly? Deadline { get; init; }
        public DateOnly? ExamDate { get; init; }
        public decimal ApprovedExpenses { get; init; }
        public decimal ExamFees { get; init; }
        public decimal StudyHours { get; init; }
        public decimal HourlyCost { get; init; }

        public string StatusName => EnrollmentLifecycle.Name(Status);

        public decimal RealCost => ApprovedExpenses + ExamFees + Money.Round(StudyHours * HourlyCost);
    }

    public TableView<Row> Table { get; private set; } = null!;
    public bool HasOwnRecord { get; private set; }
    public bool SeesOthers { get; private set; }

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
        (await service.VisibleAsync(caller, ct)).Select(e => new Row
        {
            Id = e.Id,
            EmployeeId = e.EmployeeId,
            EmployeeNumber = e.Employee!.EmployeeNumber,
            EmployeeName = e.Employee.FirstName + " " + e.Employee.LastName,
            SortName = e.Employee.LastName + " " + e.Employee.FirstName,
            CertificationId = e.CertificationId,
            CertificationCode = e.Certification!.Code,
            CertificationName = e.Certification.Name,
            Status = e.Status,
            PlannedStart = e.PlannedStart,
            Deadline = e.Deadline,
            ExamDate = e.ExamDate,
            ApprovedExpenses = e.Expenses.Where(x => x.State == ExpenseState.Approved).Sum(x => x.Amount),
            ExamFees = e.Attempts.Sum(a => a.Fee ?? 0),
            StudyHours = e.StudyLogs.Sum(s => s.Hours),
            HourlyCost = e.Employee.HourlyLoadedCost,
        });

    /// <summary>The stage names people read ("in progress"), in the order of the lifecycle.</summary>
    public static string StageText(EnrollmentStatus status) => EnrollmentLifecycle.Name(status).Replace('_', ' ');

    /// <summary>The badge colour: passed is good, failed and withdrawn are off, the rest plain.</summary>
    public static string BadgeOf(EnrollmentStatus status) => status switch
    {
        EnrollmentStatus.Passed => "ok",
        EnrollmentStatus.Failed or EnrollmentStatus.Withdrawn or EnrollmentStatus.NotCompleted => "off",
        _ => "",
    };

    private static async Task<Table<Row>> SpecAsync(IQueryable<Row> rows, CancellationToken ct)
    {
        var codes = await rows.Select(r => r.CertificationCode).Distinct().ToListAsync(ct);
        return new Table<Row>("/Enrollments", "enrollments", PageSize)
            .Column("person", "Person", r => r.SortName, text: r => r.EmployeeName)
            .Column("id", "Id", r => r.EmployeeNumber)
            .Column("certification", "Certification", r => r.CertificationCode)
            .Column("status", "Stage", r => r.Status, text: r => StageText(r.Status))
            // A date left open sorts as the latest date on both databases (SQLite puts NULL first, PostgreSQL last).
            .Column("start", "Planned start", r => r.PlannedStart ?? DateOnly.MaxValue, text: r => Table<Row>.Format(r.PlannedStart))
            .Column("deadline", "Deadline", r => r.Deadline ?? DateOnly.MaxValue, text: r => Table<Row>.Format(r.Deadline))
            .Column("exam", "Exam date", r => r.ExamDate ?? DateOnly.MaxValue, text: r => Table<Row>.Format(r.ExamDate))
            // SQLite keeps decimals as text: a double sort key orders the unrounded cost as a number on both databases.
            .Column("cost", "Real cost", r => (double)(r.ApprovedExpenses + r.ExamFees + r.StudyHours * r.HourlyCost), numeric: true, text: r => Table<Row>.Format(r.RealCost))
            .SortBy("deadline")
            .ThenBy(r => r.Id)
            .SearchIn("Person, id or certification", r => r.EmployeeName, r => r.EmployeeNumber, r => r.CertificationCode, r => r.CertificationName)
            .Filter("status", "Stage",
                [new("", "Any stage"), new("open", "Open (not passed, withdrawn or not completed)"), .. Enum.GetValues<EnrollmentStatus>().Select(s => new TableOption(EnrollmentLifecycle.Name(s), StageText(s)))],
                value => EnrollmentLifecycle.TryParse(value, out var stage)
                    ? r => r.Status == stage
                    : r => r.Status != EnrollmentStatus.Passed && r.Status != EnrollmentStatus.Withdrawn && r.Status != EnrollmentStatus.NotCompleted)
            .Filter("certification", "Certification", TableOption.Choices("All certifications", codes), code => r => r.CertificationCode == code);
    }
}
