namespace CertDesk.Features.Credentials;

/// <summary>The public (anonymous) verification page: only what the holder agreed to share, nothing about numbers not shared.</summary>
[AllowAnonymous]
public sealed class VerifyModel(CredentialService credentials) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Number { get; set; }

    public VerificationView? View { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Number))
        {
            View = await credentials.VerifyAsync(Number, ct);
        }
    }
}
