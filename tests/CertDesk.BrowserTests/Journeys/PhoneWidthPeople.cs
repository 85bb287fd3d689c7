using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>The People page on a phone (390x844): every column of a person readable without scrolling sideways.</summary>
public sealed class PhoneWidthPeople(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task PeoplePage_PhoneWidth_ShowsEveryColumnWithinTheScreen()
    {
        var page = await session.NewPageAsync(390, 844);
        await LoginPage.SignInAsync(page, "manager@demo.local");

        var people = await new EmployeesPage(page).OpenAsync();
        await Assertions.Expect(people.Heading).ToHaveTextAsync("People");
        Assert.True(await people.Rows.CountAsync() > 0, "the demo manager sees their reports");
        await people.ScreenshotAsync("phone-people");
        await people.ScreenshotAsync("phone-people-screen", fullPage: false);

        var status = await people.Rows.First.Locator("td").Last.BoundingBoxAsync();
        Assert.NotNull(status);
        Assert.True(status.X + status.Width <= 390, $"a person's status ends at {status.X + status.Width}px, off the 390px screen");

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than the 390px screen");
        await people.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }
}
