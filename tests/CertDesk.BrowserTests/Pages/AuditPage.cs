using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

public sealed class AuditPage(IPage page) : AppPage(page)
{
    public ILocator Entries => Page.Locator("main table tbody tr");

    /// <summary>The verdict shown after "Check the chain".</summary>
    public ILocator Verdict => Page.Locator("main").GetByRole(AriaRole.Status);

    public async Task<AuditPage> OpenAsync()
    {
        await GotoAsync("/Audit");
        return this;
    }

    public async Task CheckChainAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Check the chain" }).ClickAsync();
        await Verdict.WaitForAsync();
    }
}
