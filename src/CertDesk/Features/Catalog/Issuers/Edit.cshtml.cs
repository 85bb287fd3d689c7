namespace CertDesk.Features.Catalog.Issuers;

/// <summary>
/// Edit an issuer (program manager, admin) with <see cref="IssuerService.UpdateIssuerAsync"/>, the rules of the new page
/// and the API. The version read travels in a hidden field: a save against a newer version writes nothing and shows the
/// current values. A saved change is audited.
/// </summary>
[Authorize(Policy = Policies.RunsProgram)]
public sealed class EditModel(IssuerService catalog) : PageModel
{
    public const string Stale = "This issuer was changed by someone else while you edited it. Nothing was saved; the form shows the current values: apply your change again.";

    [BindProperty] public IssuerForm Input { get; set; } = new();

    public Guid Id { get; private set; }

    /// <summary>The code as stored (the breadcrumb and title), whatever was typed.</summary>
    public string StoredCode { get; private set; } = "";

    public bool WasStale { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var issuer = await catalog.FindIssuerAsync(id, ct);
        if (issuer is null)
        {
            return NotFound();
        }
        Id = id;
        StoredCode = issuer.Code;
        Input = IssuerForm.From(issuer);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var outcome = await catalog.UpdateIssuerAsync(id, Input.ToInput(), Input.Version, ct);
        Id = id;
        return await this.AnswerAsync(outcome, saved => Redirect($"/Catalog/Issuers#issuer-{Uri.EscapeDataString(saved.Code)}"), async () =>
        {
            StoredCode = WasStale ? StoredCode : (await catalog.FindIssuerAsync(id, ct))?.Code ?? "";
            return Page();
        },
        stale: current =>
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, Stale);
            WasStale = true;
            StoredCode = current.Value!.Code;
            Input = IssuerForm.From(current.Value);
        });
    }
}
