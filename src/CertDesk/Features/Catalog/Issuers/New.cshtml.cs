namespace CertDesk.Features.Catalog.Issuers;

/// <summary>
/// Add an issuer (program manager, admin) with <see cref="IssuerService.ValidateIssuer"/>, the rules of the API and of
/// the catalog import's new issuers. Invalid input writes nothing; a saved issuer is audited.
/// </summary>
[Authorize(Policy = Policies.RunsProgram)]
public sealed class NewModel(IssuerService catalog) : PageModel
{
    [BindProperty] public IssuerForm Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await catalog.CreateIssuerAsync(Input.ToInput(), ct);
        if (outcome.Value is { } saved)
        {
            return Redirect($"/Catalog/Issuers#issuer-{Uri.EscapeDataString(saved.Code)}");
        }
        ModelState.AddFieldErrors(outcome.Errors);
        return Page();
    }
}
