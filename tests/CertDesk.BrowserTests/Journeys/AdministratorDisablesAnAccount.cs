using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>
/// Issue 16's journey: the employee is signed in; the administrator disables the account on the Users page; the
/// employee's open session ends at its next page and signing in again gets the one failure message; re-enabled, the
/// employee signs in. The administrator also invites a new person, and resets the employee's password after confirming
/// (which signs the employee out again).
/// </summary>
public sealed partial class AdministratorDisablesAnAccount(BrowserSession session) : IClassFixture<BrowserSession>
{
    private const string Employee = "employee@demo.local";

    [Fact]
    public async Task Administrator_DisablesAndEnables_TheEmployeesSessionEndsAtOnce()
    {
        var employee = await session.NewPageAsync();
        await LoginPage.SignInAsync(employee, Employee);

        var admin = await session.NewPageAsync();
        await LoginPage.SignInAsync(admin, "admin@demo.local");
        var users = await new UsersPage(admin).OpenAsync();
        await Assertions.Expect(users.Heading).ToHaveTextAsync("Users");
        await Assertions.Expect(users.Row(Employee)).ToContainTextAsync("Active");

        await users.InviteAsync("new.supervisor@demo.local", "Manager");
        await Assertions.Expect(users.Notice).ToContainTextAsync("new.supervisor@demo.local");
        await Assertions.Expect(users.Row("new.supervisor@demo.local")).ToBeVisibleAsync();

        // Disabling revokes the account's tokens for good: the page asks first, saying what ends, and nothing changes until confirmed.
        await users.FollowAsync($"Disable {Employee}…");
        await Assertions.Expect(users.Confirmation).ToContainTextAsync("signed out at once on every server");
        await Assertions.Expect(users.Row(Employee)).ToContainTextAsync("Active");
        await users.AssertAccessibleAsync();
        await users.ClickAsync("Disable the account");
        await Assertions.Expect(users.Row(Employee)).ToContainTextAsync("Disabled");
        await Assertions.Expect(users.Confirmation).ToHaveCountAsync(0);
        await users.ScreenshotAsync("admin-users-disabled");
        await users.AssertAccessibleAsync();

        // The employee's next page sends them to sign in; signing in again says only the one message.
        await employee.GotoAsync("/", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(employee).ToHaveURLAsync(SignInAddress());
        var login = new LoginPage(employee);
        await login.Email.FillAsync(Employee);
        await login.Password.FillAsync(LoginPage.DemoPassword);
        await login.SignInButton.ClickAsync();
        await Assertions.Expect(login.Error).ToContainTextAsync("The e-mail or password is not right, or this account cannot sign in now.");

        await users.ClickAsync($"Enable {Employee}");
        await Assertions.Expect(users.Row(Employee)).ToContainTextAsync("Active");
        await LoginPage.SignInAsync(employee, Employee);

        // Resetting the password signs them out and mails a link: asked first too, saying who is signed out and mailed.
        await users.FollowAsync($"Reset password of {Employee}…");
        await Assertions.Expect(users.ResetConfirmation).ToContainTextAsync("is signed out at once on every server");
        await Assertions.Expect(users.ResetConfirmation).ToContainTextAsync($"An e-mail to {Employee} brings a link to choose a new password");
        await users.AssertAccessibleAsync();
        await users.ClickAsync("Reset the password");
        await Assertions.Expect(users.Notice).ToContainTextAsync($"{Employee}: sessions ended");
        await Assertions.Expect(users.ResetConfirmation).ToHaveCountAsync(0);
        await employee.GotoAsync("/", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(employee).ToHaveURLAsync(SignInAddress());
        await employee.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }

    /// <summary>
    /// The sign-in page's address, with or without a return URL. Awaited as an address, which the assertion polls, not
    /// as a navigation: the redirect has often happened already when the wait begins, and on a busy machine waiting
    /// for a navigation that is over timed out.
    /// </summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^[^?]*/Accounts/Login(\?|$)")]
    private static partial System.Text.RegularExpressions.Regex SignInAddress();
}

/// <summary>Admin > Users: invite, role, disable and enable, reset password.</summary>
public sealed class UsersPage(IPage page) : AppPage(page)
{
    public ILocator Notice => Page.Locator("p.notice[role=status]");

    public ILocator Row(string email) => Page.Locator("table tbody tr").Filter(new() { HasText = email });

    public async Task<UsersPage> OpenAsync()
    {
        await GotoAsync("/Accounts/Users");
        return this;
    }

    public async Task InviteAsync(string email, string roleLabel)
    {
        await Page.GetByLabel("E-mail").FillAsync(email);
        await Page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = roleLabel });
        await NextPageAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync());
    }

    public ILocator Confirmation => Page.Locator("#confirm-disable");

    public ILocator ResetConfirmation => Page.Locator("#confirm-reset");

    public Task FollowAsync(string link) => NextPageAsync(() => Page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync());

    public Task ClickAsync(string button) => NextPageAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync());
}
