namespace CertDesk.Features.Catalog.Certifications;

/// <summary>/Catalog/Certifications: the catalog as a table (search, issuer and verification filters, sort, CSV).</summary>
public sealed class IndexModel(CatalogService catalog) : PageModel
{
    public TableView<CertificationDto> Table { get; private set; } = null!;
    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        CanEdit = caller.RunsProgram;
        var rows = await RowsAsync(ct);
        Table = await Spec(rows).PageAsync(rows.AsQueryable(), Request.Query, ct);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var rows = await RowsAsync(ct);
        return await Spec(rows).CsvAsync(rows.AsQueryable(), Request.Query, ct);
    }

    private async Task<List<CertificationDto>> RowsAsync(CancellationToken ct) =>
        [.. (await catalog.Query().ToListAsync(ct)).Select(CatalogService.ToDto)];

    public static string CompetencyText(CertificationDto c) =>
        c.Competencies.Count == 0 ? "unknown" : string.Join(", ", c.Competencies.Select(x => x.Code + " " + x.Level));

    private static Table<CertificationDto> Spec(IReadOnlyList<CertificationDto> rows) =>
        new Table<CertificationDto>("/Catalog/Certifications", "certifications", pageSize: 50)
            .Column("code", "Code", c => c.Code)
            .Column("name", "Name", c => c.Name)
            .Column("issuer", "Issuer", c => c.IssuerCode, text: c => c.IssuerCode ?? "unknown")
            .Column("tuition", "Tuition", c => c.TuitionFee, numeric: true, text: c => c.TuitionFee is { } m ? Table<CertificationDto>.Format(m) : "unknown")
            .Column("renewal", "Renewal", c => c.RenewalRule, text: c => c.RenewalRule ?? "unknown")
            .Column("competencies", "Competencies built", c => c.Competencies.Count, sortable: false, text: CompetencyText)
            .Column("verification", "Verification", c => c.Verification)
            .ThenBy(c => c.Id)
            .SearchIn("Code, name or issuer", c => c.Code, c => c.Name, c => c.IssuerCode, c => c.IssuerName)
            .Filter("issuer", "Issuer", TableOption.Choices("All issuers", rows.Select(r => r.IssuerCode)), v => c => c.IssuerCode == v)
            .Filter("verification", "Verification", TableOption.Choices("Any", CatalogService.Verifications), v => c => c.Verification == v);
}
