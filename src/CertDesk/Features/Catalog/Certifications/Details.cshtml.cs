using CertDesk.Features.Audit;

namespace CertDesk.Features.Catalog.Certifications;

public sealed class DetailsModel(CatalogService catalog, CertDeskDbContext db, VersionedCache versioned) : PageModel
{
    public CertificationDto Cert { get; private set; } = null!;
    public AuditHistory History { get; private set; } = AuditHistory.None;
    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var cert = await catalog.Query().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (cert is null)
        {
            return NotFound();
        }
        Cert = CatalogService.ToDto(cert);
        var caller = Caller.From(User);
        CanEdit = caller.RunsProgram;
        if (CanEdit)
        {
            // Version history (shown to those who edit the catalog): the audit trail's entries for the certification and its competency links.
            var key = id.ToString();
            var entries = await db.AuditEntries.AsNoTracking()
                .Where(a => (a.EntityType == nameof(Certification) && a.EntityId == key) || (a.EntityType == nameof(CertificationCompetency) && a.EntityId.Contains(key)))
                .OrderByDescending(a => a.Sequence).Take(100).ToListAsync(ct);
            History = await AuditHistory.ForAsync(db, versioned, $"Changes to {cert.Code}", entries, ct);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostRetireAsync(Guid id, [FromServices] TimeProvider clock, CancellationToken ct) =>
        await SetRetiredAsync(id, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);

    public async Task<IActionResult> OnPostReinstateAsync(Guid id, CancellationToken ct) => await SetRetiredAsync(id, null, ct);

    private async Task<IActionResult> SetRetiredAsync(Guid id, DateOnly? on, CancellationToken ct)
    {
        if (!Caller.From(User).RunsProgram)
        {
            return Forbid();
        }
        var outcome = await catalog.SetRetiredAsync(id, on, ct);
        return await this.AnswerAsync(outcome, _ => RedirectToPage(new { id }), () => OnGetAsync(id, ct));
    }
}
