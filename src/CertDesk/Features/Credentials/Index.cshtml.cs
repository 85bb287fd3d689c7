using CertDesk.Domain.Credentials;

namespace CertDesk.Features.Credentials;

/// <summary>
/// /Credentials: the credentials the caller may see (own; a manager's reports too; everyone for organization-wide roles,
/// through <see cref="CredentialService.VisibleAsync"/>), searched, filtered by standing, sorted and paged in the database.
/// Standing is <see cref="CredentialDates.Standing"/>: expired before today, expiring within 90 days, else current.
/// </summary>
public sealed class IndexModel(CredentialService service) : PageModel
{
    public const int PageSize = 25;
    public const int WarnDays = 90;

    /// <summary>Member-initialized (not a positional record) so that EF Core can sort and filter on its properties.</summary>
    public sealed class Row
    {
        public Guid Id { get; init; }
        public string Number { get; init; } = "";
        public Guid EmployeeId { get; init; }
        public string EmployeeNumber { get; init; } = "";
        public string EmployeeName { get; init; } = "";
        public string SortName { get; init; } = "";
        public Guid CertificationId { get; init; }
        public string CertificationCode { get; init; } = "";
        public string CertificationName { get; init; } = "";
        public DateOnly IssuedOn { get; init; }
        public DateOnly? ExpiresOn { get; init; }
        public bool Verified { get; init; }
    }

    public TableView<Row> Table { get; private set; } = null!;
    public DateOnly Today => service.Today;
    public bool HasOwnRecord { get; private set; }
    public bool SeesOthers { get; private set; }

    public string StandingOf(Row row) => CredentialDates.Standing(row.ExpiresOn, Today, WarnDays);

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
        (await service.VisibleAsync(caller, ct)).Select(c => new Row
        {
            Id = c.Id,
            Number = c.Number,
            EmployeeId = c.EmployeeId,
            EmployeeNumber = c.Employee!.EmployeeNumber,
            EmployeeName = c.Employee.FirstName + " " + c.Employee.LastName,
            SortName = c.Employee.LastName + " " + c.Employee.FirstName,
            CertificationId = c.CertificationId,
            CertificationCode = c.Certification!.Code,
            CertificationName = c.Certification.Name,
            IssuedOn = c.IssuedOn,
            ExpiresOn = c.ExpiresOn,
            Verified = c.VerifiedAt != null,
        });

    private async Task<Table<Row>> SpecAsync(IQueryable<Row> rows, CancellationToken ct)
    {
        var codes = await rows.Select(r => r.CertificationCode).Distinct().ToListAsync(ct);
        var today = Today;
        var soon = today.AddDays(WarnDays);
        return new Table<Row>("/Credentials", "credentials", PageSize)
            .Column("certification", "Certification", r => r.CertificationCode)
            .Column("person", "Person", r => r.SortName, text: r => r.EmployeeName)
            .Column("id", "Id", r => r.EmployeeNumber)
            .Column("number", "Number", r => r.Number)
            .Column("issued", "Issued", r => r.IssuedOn)
            .Column("expires", "Expires", r => r.ExpiresOn ?? DateOnly.MaxValue, text: r => r.ExpiresOn is { } e ? Table<Row>.Format(e) : "never")
            .Column("status", "Status", r => r.ExpiresOn, sortable: false, text: StandingOf)
            .SortBy("expires")
            .ThenBy(r => r.Number)
            .SearchIn("Certification, person, id or number", r => r.CertificationCode, r => r.CertificationName, r => r.EmployeeName, r => r.EmployeeNumber, r => r.Number)
            .Filter("status", "Status",
                [new("", "Any status"), new("active", "Active (valid today)"), new("expiring", $"Expiring in {WarnDays} days"), new("expired", "Expired")],
                value => value switch
                {
                    "active" => r => r.ExpiresOn == null || r.ExpiresOn >= today,
                    "expiring" => r => r.ExpiresOn != null && r.ExpiresOn >= today && r.ExpiresOn <= soon,
                    _ => r => r.ExpiresOn != null && r.ExpiresOn < today,
                })
            .Filter("verification", "Verification",
                [new("", "Claimed or verified"), new(CredentialService.Claimed, "Claimed, waiting for HR"), new(CredentialService.Verified, "Verified")],
                value => value == CredentialService.Claimed ? r => !r.Verified : r => r.Verified)
            .Filter("certification", "Certification", TableOption.Choices("All certifications", codes), code => r => r.CertificationCode == code);
    }
}
