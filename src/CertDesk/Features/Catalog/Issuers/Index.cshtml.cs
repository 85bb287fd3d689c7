using CertDesk.Features.Audit;

namespace CertDesk.Features.Catalog.Issuers;

/// <summary>The catalog's issuers; the program manager also sees "New issuer" and the issuers' version history.</summary>
public sealed class IndexModel(CertDeskDbContext db, VersionedCache versioned) : PageModel
{
    public sealed record Row(Guid Id, string Code, string Name, string? Website, string? Source, int Certifications);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public AuditHistory History { get; private set; } = AuditHistory.None;
    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        CanEdit = caller.RunsProgram;
        Rows = await db.Issuers.AsNoTracking().OrderBy(i => i.Code)
            .Select(i => new Row(i.Id, i.Code, i.Name, i.Website, i.Source, db.Certifications.Count(c => c.IssuerId == i.Id)))
            .ToListAsync(ct);
        if (CanEdit)
        {
            var entries = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(Issuer))
                .OrderByDescending(a => a.Sequence).Take(50).ToListAsync(ct);
            History = await AuditHistory.ForAsync(db, versioned, "Changes to issuers", entries, ct);
        }
    }
}
