using CertDesk.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

public sealed class EmployeeDetailsPage(IPage page) : AppPage(page)
{
    public ILocator Facts => Page.Locator("dl.facts");

    public ILocator ReportingLine => Page.GetByRole(AriaRole.Heading, new() { Name = "Reporting line" });

    public async Task<TeamDetailsPage> OpenTeamAsync()
    {
        await Facts.GetByRole(AriaRole.Link).First.ClickAsync();
        await Address.ContainsAsync(Page, "/Organization/Teams/Details/");
        return new TeamDetailsPage(Page);
    }
}
