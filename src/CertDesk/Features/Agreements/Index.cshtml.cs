namespace CertDesk.Features.Agreements;

/// <summary>/Agreements: the agreements the caller may see (status depends on the clock, so the table works on them in memory).</summary>
public sealed class IndexModel(AgreementService service, TimeProvider clock) : PageModel
{
    public TableView<AgreementDto> Table { get; private set; } = null!;
    public bool CanIssue { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        CanIssue = AgreementService.CanIssue(caller);
        var rows = await RowsAsync(caller, ct);
        Table = await Spec(rows).PageAsync(rows.AsQueryable(), Request.Query, ct);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var rows = await RowsAsync(Caller.From(User), ct);
        return await Spec(rows).CsvAsync(rows.AsQueryable(), Request.Query, ct);
    }

    private async Task<List<AgreementDto>> RowsAsync(Caller caller, CancellationToken ct)
    {
        var list = await (await service.VisibleAsync(caller, ct)).AsSplitQuery().ToListAsync(ct);
        var now = clock.GetUtcNow();
        return [.. list.Select(a => AgreementDto.From(a, now, withDocument: false))];
    }

    private static Table<AgreementDto> Spec(IReadOnlyList<AgreementDto> rows) =>
        new Table<AgreementDto>("/Agreements", "agreements")
            .Column("employee", "Employee", a => a.EmployeeName)
            .Column("certification", "Certification", a => a.CertificationCode)
            .Column("policy", "Policy", a => a.PolicyCode, text: a => a.PolicyCode + " v" + a.PolicyVersion)
            .Column("funded", "Funded", a => a.FundedAmount, numeric: true)
            .Column("status", "Status", a => a.Status)
            .Column("signby", "Sign by", a => a.SignBy.UtcDateTime, text: a => a.SignBy.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .SortBy("signby", descending: true)
            .ThenBy(a => a.Id)
            .SearchIn("Employee, certification or policy", a => a.EmployeeName, a => a.CertificationCode, a => a.CertificationName, a => a.PolicyCode)
            .Filter("status", "Status", TableOption.Choices("Any status", rows.Select(r => r.Status)), v => a => a.Status == v);
}
