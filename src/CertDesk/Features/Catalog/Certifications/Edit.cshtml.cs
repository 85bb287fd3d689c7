namespace CertDesk.Features.Catalog.Certifications;

/// <summary>
/// Edit a certification (program manager, admin) with <see cref="CatalogService"/>'s rules, as the API does. The version
/// read travels in a hidden field: a save against a newer version writes nothing and says it was changed by someone else.
/// An empty field is an unknown fact, stored as unknown (null), never as zero.
/// </summary>
[Authorize(Policy = Policies.RunsProgram)]
public sealed class EditModel(CatalogService catalog, CertDeskDbContext db) : PageModel
{
    public const string Stale = "This certification was changed by someone else while you edited it. Nothing was saved; the form shows the current values: apply your change again.";

    [BindProperty] public CertificationForm Input { get; set; } = new();

    public Guid Id { get; private set; }
    public IReadOnlyList<Issuer> Issuers { get; private set; } = [];
    public bool WasStale { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var cert = await catalog.FindForUpdateAsync(id, ct);
        if (cert is null)
        {
            return NotFound();
        }
        await LoadAsync(cert, fill: true, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var cert = await catalog.FindForUpdateAsync(id, ct);
        if (cert is null)
        {
            return NotFound();
        }
        if (cert.Version != Input.Version)
        {
            return await StaleAsync(id, ct);
        }
        var lookups = await catalog.LookupsAsync(ct);
        var input = Input.ToInput(ModelState);
        var errors = CatalogService.Validate(input, lookups);
        if (errors.Count == 0 && await catalog.ExistsAsync(input.Code!.Trim(), CatalogService.IssuerIdOf(input, lookups), id, ct))
        {
            errors["code"] = [CatalogService.Duplicate(input)];
        }
        ModelState.AddFieldErrors(errors);
        if (!ModelState.IsValid)
        {
            await LoadAsync(cert, fill: false, ct);
            return Page();
        }
        if (CatalogService.Apply(cert, input, lookups))
        {
            // The version the user read is the one the update must find (a save in between fails the concurrency check).
            db.Entry(cert).Property(c => c.Version).OriginalValue = Input.Version;
            db.Entry(cert).Property(c => c.Name).IsModified = true;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                return await StaleAsync(id, ct);
            }
        }
        return Redirect($"/Catalog/Certifications/Details/{id}");
    }

    private async Task<IActionResult> StaleAsync(Guid id, CancellationToken ct)
    {
        var current = await catalog.Query().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (current is null)
        {
            return NotFound();
        }
        ModelState.Clear();
        ModelState.AddModelError(string.Empty, Stale);
        WasStale = true;
        await LoadAsync(current, fill: true, ct);
        return Page();
    }

    private async Task LoadAsync(Certification cert, bool fill, CancellationToken ct)
    {
        Id = cert.Id;
        Issuers = await db.Issuers.AsNoTracking().OrderBy(i => i.Code).ToListAsync(ct);
        if (!fill)
        {
            return;
        }
        Input = CertificationForm.From(cert);
    }
}
