namespace CertDesk.Features.Repayments;

[Authorize(Policy = Policies.OrganizationWide)]
public sealed class IndexModel(RepaymentService service) : PageModel
{
    public TableView<RepaymentDto> Table { get; private set; } = null!;
    public IReadOnlyList<LiabilityRow> Liabilities { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = await RowsAsync(ct);
        Table = await Spec(rows).PageAsync(rows.AsQueryable(), Request.Query, ct);
        Liabilities = await service.LiabilitiesAsync(ct);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var rows = await RowsAsync(ct);
        return await Spec(rows).CsvAsync(rows.AsQueryable(), Request.Query, ct);
    }

    private async Task<List<RepaymentDto>> RowsAsync(CancellationToken ct) =>
        [.. (await service.Query().AsSplitQuery().ToListAsync(ct)).Select(RepaymentDto.From)];

    private static Table<RepaymentDto> Spec(IReadOnlyList<RepaymentDto> rows) =>
        new Table<RepaymentDto>("/Repayments", "repayments")
            .Column("employee", "Employee", r => r.EmployeeName)
            .Column("certification", "Certification", r => r.CertificationCode)
            .Column("separated", "Separated", r => r.SeparationDate, text: r => Table<RepaymentDto>.Format(r.SeparationDate) + " (" + r.Reason + ")")
            .Column("rule", "Rule", r => r.Rule)
            .Column("owed", "Owed", r => r.Owed, numeric: true)
            .Column("outstanding", "Outstanding", r => r.Outstanding, numeric: true)
            .Column("status", "Status", r => r.Status)
            .SortBy("separated", descending: true)
            .ThenBy(r => r.Id)
            .SearchIn("Employee, certification or site", r => r.EmployeeName, r => r.CertificationCode, r => r.Site)
            .Filter("status", "Status", TableOption.Choices("Any status", rows.Select(r => r.Status)), v => r => r.Status == v)
            .Filter("site", "Site", TableOption.Choices("All sites", rows.Select(r => r.Site)), v => r => r.Site == v);
}
