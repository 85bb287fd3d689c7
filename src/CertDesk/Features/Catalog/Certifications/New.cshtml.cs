namespace CertDesk.Features.Catalog.Certifications;

/// <summary>
/// Add a certification to the catalog (program manager, admin) with the rules of the API and the import
/// (<see cref="CatalogService.CreateCheckedAsync"/>). Invalid input re-renders the form with every reason and writes
/// nothing; a saved one is audited (its version history starts on the details page).
/// </summary>
[Authorize(Policy = Policies.RunsProgram)]
public sealed class NewModel(CatalogService catalog, CertDeskDbContext db) : PageModel
{
    [BindProperty] public CertificationForm Input { get; set; } = new();

    public IReadOnlyList<Issuer> Issuers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var input = Input.ToInput(ModelState);
        if (!ModelState.IsValid)
        {
            // Every reason at once: the form's own and the catalog's.
            ModelState.AddFieldErrors(CatalogService.Validate(input, await catalog.LookupsAsync(ct)));
        }
        else
        {
            var outcome = await catalog.CreateCheckedAsync(input, ct);
            if (outcome.Value is { } saved)
            {
                return Redirect($"/Catalog/Certifications/Details/{saved.Id}");
            }
            ModelState.AddFieldErrors(outcome.Errors);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Issuers = await db.Issuers.AsNoTracking().OrderBy(i => i.Code).ToListAsync(ct);
}
