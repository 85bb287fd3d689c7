using CertDesk.Features.Shared;
using CertDesk.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertDesk.Features.Catalog.Issuers;

/// <summary>
/// Add an issuer (program manager, admin) with <see cref="CatalogService.ValidateIssuer"/>, the rules of the API and of
/// the catalog import's new issuers. Invalid input writes nothing; a saved issuer is audited.
/// </summary>
[Authorize(Policy = Policies.RunsProgram)]
public sealed class NewModel(CatalogService catalog) : PageModel
{
    [BindProperty] public IssuerForm Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (saved, errors) = await catalog.CreateIssuerAsync(Input.ToInput(), ct);
        if (saved is not null)
        {
            return Redirect($"/Catalog/Issuers#issuer-{Uri.EscapeDataString(saved.Code)}");
        }
        ModelState.AddFieldErrors(errors);
        return Page();
    }
}
