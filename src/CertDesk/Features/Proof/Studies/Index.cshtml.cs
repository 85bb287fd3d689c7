namespace CertDesk.Features.Proof.Studies;

/// <summary>/Proof/Studies: the ROI studies, newest first.</summary>
[Authorize(Policy = Policies.OrganizationWide)]
public sealed class IndexModel(RoiStudies studies) : PageModel
{
    public TableView<RoiStudySummaryDto> Table { get; private set; } = null!;
    public bool CanCreate { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanCreate = RoiStudies.CanCreate(Caller.From(User));
        var rows = await RowsAsync(ct);
        Table = await Spec(rows).PageAsync(rows.AsQueryable(), Request.Query, ct);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var rows = await RowsAsync(ct);
        return await Spec(rows).CsvAsync(rows.AsQueryable(), Request.Query, ct);
    }

    // In memory: SQLite cannot order by a DateTimeOffset column, and studies are few.
    private async Task<List<RoiStudySummaryDto>> RowsAsync(CancellationToken ct) =>
        [.. (await studies.All().ToListAsync(ct)).Select(ProofApi.Summary)];

    private static Table<RoiStudySummaryDto> Spec(IReadOnlyList<RoiStudySummaryDto> rows) =>
        new Table<RoiStudySummaryDto>("/Proof/Studies", "roi-studies")
            .Column("name", "Study", s => s.Name)
            .Column("certification", "Certification", s => s.CertificationCode)
            .Column("certified", "Certified on", s => s.CertifiedOn)
            .Column("cohort", "Certified teams", s => s.CohortTeams, numeric: true)
            .Column("comparison", "Comparison teams", s => s.ComparisonTeams, numeric: true)
            .Column("created", "Created", s => s.CreatedAt.UtcDateTime, text: s => Table<RoiStudySummaryDto>.Format(s.CreatedAt) + " by " + s.CreatedBy)
            .SortBy("created", descending: true)
            .ThenBy(s => s.Id)
            .SearchIn("Study, certification or author", s => s.Name, s => s.CertificationCode, s => s.CreatedBy)
            .Filter("certification", "Certification", TableOption.Choices("All certifications", rows.Select(r => r.CertificationCode)), v => s => s.CertificationCode == v);
}
