using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

public sealed class HomePage(IPage page) : AppPage(page)
{
    public ILocator Tiles => Page.Locator(".tiles .tile");

    public async Task<HomePage> OpenAsync()
    {
        await GotoAsync("/");
        return this;
    }

    public async Task<EmployeesPage> GoToPeopleAsync()
    {
        await FollowNavAsync("People");
        await Page.WaitForURLAsync("**/Organization/Employees**", new() { WaitUntil = WaitUntilState.Commit });
        return new EmployeesPage(Page);
    }
}
