namespace CertDesk.Features.BusinessCases;

/// <summary>/BusinessCases: the cases the caller may see (figures are computed per case, so the table works on them in memory).</summary>
public sealed class IndexModel(BusinessCaseService service) : PageModel
{
    public TableView<BusinessCaseDto> Table { get; private set; } = null!;
    public bool CanDraft { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        CanDraft = BusinessCaseService.CanDraft(caller);
        var rows = await RowsAsync(caller, ct);
        Table = await Spec(rows).PageAsync(rows.AsQueryable(), Request.Query, ct);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var rows = await RowsAsync(Caller.From(User), ct);
        return await Spec(rows).CsvAsync(rows.AsQueryable(), Request.Query, ct);
    }

    private async Task<List<BusinessCaseDto>> RowsAsync(Caller caller, CancellationToken ct) =>
        [.. (await (await service.VisibleAsync(caller, ct)).ToListAsync(ct)).Select(BusinessCaseDto.From)];

    private static Table<BusinessCaseDto> Spec(IReadOnlyList<BusinessCaseDto> rows) =>
        new Table<BusinessCaseDto>("/BusinessCases", "business-cases")
            .Column("candidate", "Candidate", c => c.EmployeeName)
            .Column("certification", "Certification", c => c.CertificationCode, text: c => c.CertificationCode + " " + c.CertificationName)
            .Column("year", "FY", c => c.FiscalYear, numeric: true)
            .Column("costcenter", "Cost center", c => c.CostCenter)
            .Column("cost", "Cost", c => c.TotalCost, numeric: true)
            .Column("roi", "ROI %", c => c.RoiPercent, numeric: true)
            .Column("status", "Status", c => c.Status)
            .SortBy("year", descending: true)
            .ThenBy(c => c.Id)
            .SearchIn("Candidate, certification or cost center", c => c.EmployeeName, c => c.CertificationCode, c => c.CertificationName, c => c.CostCenter)
            .Filter("status", "Status", TableOption.Choices("Any status", rows.Select(r => r.Status)), v => c => c.Status == v)
            .Filter("year", "Fiscal year", TableOption.Choices("All years", rows.Select(r => r.FiscalYear.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                v => c => c.FiscalYear.ToString(System.Globalization.CultureInfo.InvariantCulture) == v);
}
