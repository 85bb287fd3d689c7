using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>Each demo role signs in and sees exactly the navigation its role allows, with no link it cannot open; a wrong password is refused.</summary>
public sealed class SignInByRole(BrowserSession session) : IClassFixture<BrowserSession>
{
    public static TheoryData<string, string[]> Roles => new()
    {
        { "admin", ["Home", "People", "Teams", "Sessions", "Sites", "Business cases", "Policies", "Repayments", "Agreements", "Catalog", "Competencies", "Heat map", "Cohort plan", "KPIs", "ROI studies", "My gaps", "Outbox", "Roster import", "KPI import", "Audit trail"] },
        { "hr", ["Home", "People", "Teams", "Sessions", "Sites", "Business cases", "Policies", "Repayments", "Agreements", "Catalog", "Competencies", "Heat map", "Cohort plan", "KPIs", "ROI studies", "My gaps", "Outbox", "Roster import", "KPI import", "Audit trail"] },
        { "director", ["Home", "People", "Teams", "Sessions", "Sites", "Business cases", "Policies", "Repayments", "Agreements", "Catalog", "Competencies", "Heat map", "Cohort plan", "KPIs", "ROI studies", "My gaps"] },
        { "manager", ["Home", "People", "Teams", "Sessions", "Agreements", "Catalog", "Competencies", "Heat map", "Cohort plan", "KPIs", "My gaps"] },
        { "employee", ["Home", "People", "Teams", "Sessions", "Agreements", "Catalog", "Competencies", "My gaps"] },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task DemoRole_SignsIn_SeesTheNavigationAndLinksTheRoleAllows(string role, string[] expected)
    {
        var page = await session.NewPageAsync();

        var home = await LoginPage.SignInAsync(page, $"{role}@demo.local");

        await Assertions.Expect(home.Heading).ToContainTextAsync("Good day");
        Assert.Equal(expected, await home.NavigationLinksAsync());
        Assert.Empty(await home.BrokenLinksAsync());
        await home.ScreenshotAsync($"role-{role}-home");
        await home.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("employee", "/Organization/Sites")]
    [InlineData("employee", "/Audit")]
    [InlineData("manager", "/Organization/Sites")]
    [InlineData("director", "/Organization/Roster/Import")]
    public async Task DemoRole_OpensAPageBeyondTheRole_SeesNotAllowed(string role, string path)
    {
        var page = await session.NewPageAsync();
        var home = await LoginPage.SignInAsync(page, $"{role}@demo.local");

        await page.GotoAsync(path);

        Assert.Equal("/Accounts/AccessDenied", new Uri(page.Url).AbsolutePath);
        await Assertions.Expect(home.Heading).ToHaveTextAsync("Not allowed");
        await home.ScreenshotAsync($"role-{role}-not-allowed-{path.Trim('/').Replace('/', '-').ToLowerInvariant()}");
        await home.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Keyboard_FirstTab_FocusesTheSkipLinkWhichJumpsToTheContent()
    {
        var page = await session.NewPageAsync();
        await LoginPage.SignInAsync(page, "manager@demo.local");

        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" });
        await Assertions.Expect(skip).ToBeFocusedAsync();
        await Assertions.Expect(skip).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Enter");

        Assert.EndsWith("#main", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsTheErrorAndStaysSignedOut()
    {
        var page = await session.NewPageAsync();
        var login = await new LoginPage(page).OpenAsync();
        await Assertions.Expect(login.Heading).ToHaveTextAsync("Sign in to CertDesk");
        await Assertions.Expect(login.Error).ToBeHiddenAsync();
        await login.ScreenshotAsync("signin");
        await login.AssertAccessibleAsync();

        await login.SubmitAsync("director@demo.local", "not-the-password");

        await Assertions.Expect(login.Error).ToHaveTextAsync("The e-mail or password is not right.");
        Assert.EndsWith("/Accounts/Login", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await Assertions.Expect(login.MainNavigation).ToHaveCountAsync(0);
        await login.ScreenshotAsync("signin-wrong-password");
        await login.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }
}
