using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

public sealed class SitesPage(IPage page) : AppPage(page)
{
    public ILocator Rows => Page.Locator("main table tbody tr");

    public async Task<SitesPage> OpenAsync()
    {
        await GotoAsync("/Organization/Sites");
        return this;
    }
}
