using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

/// <summary>/Credentials/Details/{id}: number, dates, renewal, CE and sharing.</summary>
public sealed class CredentialPage(IPage page) : AppPage(page)
{
    public ILocator Number => Page.Locator("#credential-number");

    public ILocator BadgeLink => Page.GetByRole(AriaRole.Link, new() { Name = "Open Badges 3.0 export (JSON)" });
}
