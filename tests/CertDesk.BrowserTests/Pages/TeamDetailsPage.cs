using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

public sealed class TeamDetailsPage(IPage page) : AppPage(page)
{
    public ILocator MembersHeading => Page.GetByRole(AriaRole.Heading, new() { Level = 2 }).Filter(new() { HasTextString = "Members" });

    public ILocator Members => Page.Locator("main table tbody tr");
}
