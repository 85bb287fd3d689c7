using CertDesk.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

public sealed class TeamsPage(IPage page) : AppPage(page)
{
    public ILocator Rows => Page.Locator("main table tbody tr");

    public async Task<TeamsPage> OpenAsync()
    {
        await GotoAsync("/Organization/Teams");
        return this;
    }

    public async Task<TeamDetailsPage> OpenTeamAsync(string name)
    {
        await Page.Locator("main table").GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await Address.ContainsAsync(Page, "/Organization/Teams/Details/");
        return new TeamDetailsPage(Page);
    }

    /// <summary>The name of the team in the given row (0-based).</summary>
    public async Task<string> TeamNameAsync(int row) => (await Rows.Nth(row).Locator("td").First.InnerTextAsync()).Trim();
}
