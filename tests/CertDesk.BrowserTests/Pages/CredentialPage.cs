using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

/// <summary>/Credentials/Details/{id}: number, dates, renewal, CE and sharing.</summary>
public sealed class CredentialPage(IPage page) : AppPage(page)
{
    public ILocator Number => Page.Locator("#credential-number");

    public ILocator BadgeLink => Page.GetByRole(AriaRole.Link, new() { Name = "Open Badges 3.0 export (JSON)" });

    /// <summary>Claimed (recorded by the holder) or verified, by whom and when.</summary>
    public ILocator Verification => Page.Locator("#verification");

    public async Task<CredentialPage> OpenAsync(string path)
    {
        await Page.GotoAsync(path);
        return this;
    }

    /// <summary>HR verifies a claimed result with what they checked.</summary>
    public async Task VerifyAsync(string evidence)
    {
        await Page.GetByLabel("What you checked").FillAsync(evidence);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Verify the result" }).ClickAsync();
    }
}
