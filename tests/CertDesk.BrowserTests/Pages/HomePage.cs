using CertDesk.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

public sealed class HomePage(IPage page) : AppPage(page)
{
    public ILocator Tiles => Page.Locator(".tiles .tile");

    /// <summary>The headings of the caller's work lists, first on the page.</summary>
    public ILocator QueueHeadings => Page.Locator("section.queue h2");

    /// <summary>One work list (by its key: decide, fund, countersign, sign, publish, repay, ...).</summary>
    public ILocator Queue(string key) => Page.Locator($"#queue-{key}");

    /// <summary>What the last action taken from the queue did.</summary>
    public ILocator Done => Page.Locator("#queue-done");

    public async Task<HomePage> OpenAsync()
    {
        await GotoAsync("/");
        return this;
    }

    public async Task<EmployeesPage> GoToPeopleAsync()
    {
        await FollowNavAsync("People");
        await Address.ContainsAsync(Page, "/Organization/Employees");
        return new EmployeesPage(Page);
    }
}
