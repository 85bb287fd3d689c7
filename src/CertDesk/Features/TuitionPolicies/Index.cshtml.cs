namespace CertDesk.Features.TuitionPolicies;

/// <summary>/TuitionPolicies: every version of every policy (published ones only for roles that do not edit them), and the tax report.</summary>
public sealed class IndexModel(CertDeskDbContext db, TaxReport taxes) : PageModel
{
    public TableView<PolicyDto> Table { get; private set; } = null!;
    public IReadOnlyList<TaxReportRow> Taxes { get; private set; } = [];
    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        CanEdit = PolicyService.CanEdit(caller);
        var rows = await RowsAsync(caller, ct);
        Table = await Spec(rows).PageAsync(rows.AsQueryable(), Request.Query, ct);
        if (caller.IsOrganizationWide)
        {
            Taxes = [.. (await taxes.RunAsync(null, ct)).Where(t => t.Taxable > 0)];
        }
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var rows = await RowsAsync(Caller.From(User), ct);
        return await Spec(rows).CsvAsync(rows.AsQueryable(), Request.Query, ct);
    }

    private async Task<List<PolicyDto>> RowsAsync(Caller caller, CancellationToken ct)
    {
        var query = db.TuitionPolicies.AsNoTracking();
        if (!PolicyService.CanEdit(caller))
        {
            query = query.Where(p => p.Status == PolicyStatus.Published);
        }
        return [.. (await query.ToListAsync(ct)).Select(PolicyDto.From)];
    }

    private static Table<PolicyDto> Spec(IReadOnlyList<PolicyDto> rows) =>
        new Table<PolicyDto>("/TuitionPolicies", "tuition-policies")
            .Column("policy", "Policy", p => p.Code, text: p => p.Code + " " + p.Name)
            .Column("version", "Version", p => p.PolicyVersion, numeric: true)
            .Column("status", "Status", p => p.Status)
            .Column("commitment", "Commitment (months)", p => p.CommitmentMonths, numeric: true, text: p => p.CommitmentMonths + " from " + p.CommitmentStart)
            .Column("repayment", "Repayment", p => p.Proration)
            .Column("cap", "Annual cap", p => p.AnnualCap, numeric: true)
            .ThenBy(p => -p.PolicyVersion)
            .SearchIn("Code or name", p => p.Code, p => p.Name)
            .Filter("status", "Status", TableOption.Choices("Any status", rows.Select(r => r.Status)), v => p => p.Status == v);
}
