using CertDesk.Features.Audit;

namespace CertDesk.Features.Competencies.Framework;

/// <summary>/Competencies/Framework: the competencies and the role profiles (a table: job role filter, sort, CSV).</summary>
public sealed class IndexModel(CertDeskDbContext db, VersionedCache versioned) : PageModel
{
    public sealed record Requirement(string JobRole, string CompetencyCode, string Competency, int RequiredLevel, decimal Weight);

    public IReadOnlyList<Competency> Competencies { get; private set; } = [];
    public TableView<Requirement> Table { get; private set; } = null!;
    public AuditHistory History { get; private set; } = AuditHistory.None;
    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Competencies = await db.Competencies.AsNoTracking().Include(c => c.Parent).OrderBy(c => c.Category).ThenBy(c => c.Code).ToListAsync(ct);
        var rows = await RowsAsync(ct);
        Table = await Spec(rows).PageAsync(rows.AsQueryable(), Request.Query, ct);
        var caller = Caller.From(User);
        CanEdit = caller.RunsProgram;
        if (CanEdit)
        {
            var entries = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(Competency))
                .OrderByDescending(a => a.Sequence).Take(50).ToListAsync(ct);
            History = await AuditHistory.ForAsync(db, versioned, "Changes to competencies", entries, ct);
        }
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var rows = await RowsAsync(ct);
        return await Spec(rows).CsvAsync(rows.AsQueryable(), Request.Query, ct);
    }

    private async Task<List<Requirement>> RowsAsync(CancellationToken ct) =>
        [.. (await db.RoleRequirements.AsNoTracking().Include(r => r.Competency).ToListAsync(ct))
            .Select(r => new Requirement(r.JobRole, r.Competency!.Code, r.Competency.Name, r.RequiredLevel, r.Weight))];

    private static Table<Requirement> Spec(IReadOnlyList<Requirement> rows) =>
        new Table<Requirement>("/Competencies/Framework", "role-profiles", pageSize: 100)
            .Column("role", "Job role", r => r.JobRole)
            .Column("competency", "Competency", r => r.Competency)
            .Column("level", "Required level", r => r.RequiredLevel, numeric: true)
            .Column("weight", "Weight", r => r.Weight, numeric: true)
            .ThenBy(r => r.CompetencyCode)
            .SearchIn("Job role or competency", r => r.JobRole, r => r.Competency, r => r.CompetencyCode)
            .Filter("role", "Job role", TableOption.Choices("All roles", rows.Select(r => r.JobRole)), v => r => r.JobRole == v);
}
