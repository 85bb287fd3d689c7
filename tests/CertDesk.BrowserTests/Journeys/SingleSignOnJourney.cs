using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using CertDesk.Tests.Shared;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>The app pointed at a real OpenID Connect provider on loopback, groups mapped to roles.</summary>
public sealed class SsoBrowserSession : BrowserSession
{
    private TestIdentityProvider? _provider;

    protected override async Task<IReadOnlyDictionary<string, string>> BeforeAppStartsAsync()
    {
        _provider = await TestIdentityProvider.StartAsync(
            new ProviderPerson("hr", "hr@demo.local", Groups: ["certdesk-hr"]),
            new ProviderPerson("stranger", "stranger@example.com"));
        var settings = _provider.Settings();
        settings["Sso:RoleClaim"] = "groups";
        settings["Sso:RoleMap:certdesk-hr"] = "hr";
        return settings;
    }

    /// <summary>
    /// The first sign-in makes the app read the provider's discovery document and keys, and the provider make its keys:
    /// done here once, so that the journeys' 30-second waits measure what a person waits for.
    /// </summary>
    protected override async Task AfterAppStartsAsync()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromMinutes(2) };
        using var challenge = await http.GetAsync(App.BaseUrl + "/Accounts/Sso");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, challenge.StatusCode);
    }

    protected override async Task AfterAppStopsAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }
}

/// <summary>
/// Signing in through the organization's provider in Chromium: the sign-in page offers it, the provider asks who it
/// is, CertDesk opens the role's home page; sign-out ends the session; someone the roster does not know is told so.
/// </summary>
public sealed class SingleSignOnJourney(SsoBrowserSession session) : IClassFixture<SsoBrowserSession>
{
    private static async Task ThroughTheProviderAsync(IPage page, string login)
    {
        await page.GotoAsync("/", new() { WaitUntil = WaitUntilState.Commit });
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Test identity provider" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Test identity provider" })).ToBeVisibleAsync();
        await page.GetByLabel("Login").FillAsync(login);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
    }

    [Fact]
    public async Task HrSignsInThroughTheProvider_LandsOnTheirHome_AndSignsOut()
    {
        var page = await session.NewPageAsync();

        await ThroughTheProviderAsync(page, "hr");

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(session.App.BaseUrl.TrimEnd('/')) + "/(?:[?#].*)?$"));
        var home = new HomePage(page);
        await Assertions.Expect(home.Heading).ToContainTextAsync("Good day");
        await Assertions.Expect(home.QueueHeadings.First).ToContainTextAsync("Approved and returned business cases");
        await home.ScreenshotAsync("sso-hr-home");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Address.PathIsAsync(page, "/Accounts/Login");
        await page.GotoAsync("/", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Test identity provider" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SomeoneNotInTheRoster_IsToldPlainly_OnAPhoneToo()
    {
        var page = await session.NewPageAsync(390, 844);

        await ThroughTheProviderAsync(page, "stranger");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("CertDesk has no one with stranger@example.com in its roster");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You are not signed in");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the refusal page is {overflow}px wider than the 390px screen");
        await Artifacts.ScreenshotAsync(page, "sso-not-in-roster-phone", fullPage: true);
        await Axe.AssertNoSeriousViolationsAsync(page);
        await page.Context.CloseAsync();
    }
}
