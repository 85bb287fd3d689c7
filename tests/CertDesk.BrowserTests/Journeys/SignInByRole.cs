using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>Each demo role signs in and sees exactly the navigation its role allows, with no link it cannot open; a wrong password is refused.</summary>
public sealed class SignInByRole(BrowserSession session) : IClassFixture<BrowserSession>
{
    // Every link below is one the role may open (the route authorization table says the same); a link beyond the
    // role would fail here, and BrokenLinks checks the home page's own links.
    public static TheoryData<string, string[]> Roles => new()
    {
        { "admin", ["Home", "People: People, Teams, Sites, Roster import", "Skills: Catalog, Competencies, Heat map, Cohort plan, My gaps",
            "Investment: Requests, Business cases, Budgets, Policies, Agreements, Repayments", "Scheduling: Sessions, Plan a session, Queues",
            "Follow-through: My follow-through, Team follow-through, Program, Enrollments, Credentials, Action plans", "Proof: KPIs, ROI studies, KPI import", "Admin: Users, Audit trail, Outbox"] },
        { "hr", ["Home", "People: People, Teams, Sites, Roster import", "Skills: Catalog, Competencies, Heat map, Cohort plan, My gaps",
            "Investment: Requests, Business cases, Budgets, Policies, Agreements, Repayments", "Scheduling: Sessions, Plan a session, Queues",
            "Follow-through: My follow-through, Team follow-through, Program, Enrollments, Credentials, Action plans", "Proof: KPIs, ROI studies, KPI import", "Admin: Users, Audit trail, Outbox"] },
        { "director", ["Home", "People: People, Teams, Sites", "Skills: Catalog, Competencies, Heat map, Cohort plan, My gaps",
            "Investment: Requests, Business cases, Budgets, Policies, Agreements, Repayments", "Scheduling: Sessions, Plan a session, Queues",
            "Follow-through: My follow-through, Team follow-through, Program, Enrollments, Credentials, Action plans", "Proof: KPIs, ROI studies"] },
        { "manager", ["Home", "People: People, Teams", "Skills: Catalog, Competencies, Heat map, Cohort plan, My gaps",
            "Investment: Requests, Agreements", "Scheduling: Sessions, Plan a session, Queues",
            "Follow-through: My follow-through, Team follow-through, Enrollments, Credentials, Action plans", "Proof: KPIs"] },
        { "employee", ["Home", "People: People, Teams", "Skills: Catalog, Competencies, My gaps", "Investment: Requests, Agreements", "Scheduling: Sessions, Queues",
            "Follow-through: My follow-through, Enrollments, Credentials, Action plans"] },
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
        Assert.Empty(await home.BrokenNavigationLinksAsync());
        await home.ScreenshotAsync($"role-{role}-home");
        await home.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>What each role's home page puts first (its first work list) and the sections that answer "what needs me today".</summary>
    public static TheoryData<string, string, string[]> Desks => new()
    {
        { "admin", "Policy drafts to publish", ["Policy drafts to publish", "Business cases to decide", "Approved and returned business cases", "Agreements to countersign", "Credentials to verify", "Spend against budget", "Latest changes"] },
        { "hr", "Approved and returned business cases", ["Approved and returned business cases", "Agreements to countersign", "Credentials to verify", "Spend against budget", "Latest changes"] },
        { "director", "Business cases to decide", ["Business cases to decide", "Spend against budget"] },
        { "manager", "Agreements for you to sign", ["Agreements for you to sign", "Your team's sessions this week", "Biggest skill gaps in your team"] },
        { "employee", "Agreements for you to sign", ["Agreements for you to sign", "Your sessions this week", "Your gaps and plan"] },
    };

    /// <summary>Sections only some roles have.</summary>
    private static readonly string[] RoleDesks =
        ["Policy drafts to publish", "Business cases to decide", "Approved and returned business cases", "Spend against budget", "Agreements to countersign", "Credentials to verify", "Biggest skill gaps in your team"];

    [Theory]
    [MemberData(nameof(Desks))]
    public async Task DemoRole_HomePage_StartsWithTheRolesQueue(string role, string firstList, string[] sections)
    {
        var page = await session.NewPageAsync();

        var home = await LoginPage.SignInAsync(page, $"{role}@demo.local");

        await Assertions.Expect(home.QueueHeadings.First).ToContainTextAsync(firstList);
        foreach (var section in sections)
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = section })).ToBeVisibleAsync();
        }
        // Nothing meant for another role: an employee has no budget, an approver no countersigning desk.
        foreach (var other in RoleDesks.Except(sections))
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = other })).ToHaveCountAsync(0);
        }
        await home.ScreenshotAsync($"role-{role}-desk");
        await page.Context.CloseAsync();

        // The same queue first on a 390 px phone, without sideways scrolling (the user guide's phone pictures).
        var phone = await session.NewPageAsync(390, 844);
        var phoneHome = await LoginPage.SignInAsync(phone, $"{role}@demo.local");
        await Assertions.Expect(phoneHome.QueueHeadings.First).ToContainTextAsync(firstList);
        Assert.False(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"), $"{role}'s home scrolls sideways at 390 px");
        await phoneHome.ScreenshotAsync($"phone-{role}-home", fullPage: false);
        await phone.Context.CloseAsync();
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

        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit });

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
    public async Task Keyboard_OpensANavigationMenuWithEnter_AndFollowsALink()
    {
        var page = await session.NewPageAsync();
        var home = await LoginPage.SignInAsync(page, "hr@demo.local");
        var skills = home.MainNavigation.Locator("summary", new() { HasText = "Skills" });
        var catalog = home.NavLink("Catalog");
        await Assertions.Expect(catalog).ToBeHiddenAsync();

        await skills.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(catalog).ToBeVisibleAsync();
        await home.ScreenshotAsync("nav-menu-open", fullPage: false);
        await home.AssertAccessibleAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(catalog).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Address.PathIsAsync(page, "/Catalog/Certifications");
        await Assertions.Expect(home.MainNavigation.Locator("summary.active")).ToHaveTextAsync("Skills");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PhoneWidth_NavigationFitsAndAMenuOpensFullWidth()
    {
        var page = await session.NewPageAsync(390, 844);
        var home = await LoginPage.SignInAsync(page, "hr@demo.local");

        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the page scrolls sideways at 390 px");
        await home.MainNavigation.Locator("summary", new() { HasText = "Investment" }).ClickAsync();
        var menu = home.MainNavigation.Locator("details[open] > ul");
        await Assertions.Expect(menu).ToBeVisibleAsync();
        var box = await menu.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"the open menu spans {box.X}..{box.X + box.Width}");
        await home.ScreenshotAsync("phone-nav-menu-open", fullPage: false);
        await home.AssertAccessibleAsync();
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

        await Assertions.Expect(login.Error).ToHaveTextAsync(CertDesk.Features.Accounts.PasswordSignIn.FailureMessage);
        Assert.EndsWith("/Accounts/Login", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await Assertions.Expect(login.MainNavigation).ToHaveCountAsync(0);
        await login.ScreenshotAsync("signin-wrong-password");
        await login.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }
}
