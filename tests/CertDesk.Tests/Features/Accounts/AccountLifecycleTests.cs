using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CertDesk.Cli;
using CertDesk.Features.Accounts;
using CertDesk.Hosting;
using CertDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Tests.Features.Accounts;

/// <summary>
/// The life of an account: disable and enable, separation, sign-out everywhere, password reset and change, invitations,
/// token expiry, listing and revoking, common passwords, and who may administer whom.
/// </summary>
public abstract partial class AccountLifecycleTests(AccountsApp fixture)
{
    private const string StrongPassword = "Correct-Horse-12";

    private CertDeskApp App => fixture.App;

    private async Task<string> NewUserAsync(string role, string? email = null)
    {
        email ??= $"{role}-{Guid.NewGuid():N}@example.com";
        await App.AddUserAsync(email, role, StrongPassword);
        return email;
    }

    /// <summary>Signs in on a fresh client; returns it and the bare session cookie (to replay from elsewhere).</summary>
    private async Task<(HttpClient Client, string Cookie)> SignInAsync(string email, string password = StrongPassword)
    {
        var client = App.AnonymousClient();
        var login = await CertDeskApp.PostLoginAsync(client, email, password);
        await AssertHttp.RedirectsToAsync(login, "/");
        var cookie = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("certdesk=", StringComparison.Ordinal));
        return (client, cookie);
    }

    private async Task<HttpStatusCode> MeWithCookieAsync(string cookie)
    {
        using var other = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("Cookie", cookie);
        using var response = await other.SendAsync(request);
        return response.StatusCode;
    }

    [ProviderFact]
    public async Task Disable_EndsSessionAndToken_AtOnce_AndRefusesSignIn_UntilEnabled()
    {
        var email = await NewUserAsync("manager");
        var (_, cookie) = await SignInAsync(email);
        using var bearer = await App.BearerClientAsync(email);
        Assert.Equal(HttpStatusCode.OK, await MeWithCookieAsync(cookie));
        await AssertHttp.StatusAsync(await bearer.GetAsync("/api/v1/me"), HttpStatusCode.OK);

        (await App.RunCliAsync("users", "disable", "--email", email)).ShouldExit(ExitCodes.Success);

        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithCookieAsync(cookie));
        await AssertHttp.StatusAsync(await bearer.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        var refused = await CertDeskApp.PostLoginAsync(App.AnonymousClient(), email, StrongPassword);
        Assert.Contains(WebUtility.HtmlEncode(PasswordSignIn.FailureMessage), await AssertHttp.StatusAsync(refused, HttpStatusCode.OK), StringComparison.Ordinal);
        var listed = (await App.RunCliAsync("users", "list", "--json")).ShouldExit(ExitCodes.Success).Json();
        Assert.Equal("disabled", listed.EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("status").GetString());

        (await App.RunCliAsync("users", "enable", "--email", email)).ShouldExit(ExitCodes.Success);
        await SignInAsync(email);
        // The token revoked by the disabling stays revoked.
        await AssertHttp.StatusAsync(await bearer.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [ProviderFact]
    public async Task SignOut_EndsTheSession_ACopiedCookieIs401Afterwards()
    {
        var email = await NewUserAsync("employee");
        var (client, cookie) = await SignInAsync(email);
        Assert.Equal(HttpStatusCode.OK, await MeWithCookieAsync(cookie));
        var token = await CertDeskApp.AntiforgeryTokenAsync(client, "/");
        await AssertHttp.RedirectsToAsync(await client.PostAsync("/Accounts/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token })), "/Accounts/Login");

        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithCookieAsync(cookie));
    }

    [ProviderFact]
    public async Task Tokens_ExpireByDefault_ListWithoutSecret_Revoke_AndExpired_Are401()
    {
        var email = await NewUserAsync("employee");
        var secret = await App.CreateTokenAsync(email);
        using var bearer = App.BearerClient(secret);
        await AssertHttp.StatusAsync(await bearer.GetAsync("/api/v1/me"), HttpStatusCode.OK);

        var listed = (await App.RunCliAsync("tokens", "list", "--email", email, "--json")).ShouldExit(ExitCodes.Success);
        Assert.DoesNotContain(secret, listed.Stdout, StringComparison.Ordinal);
        var row = listed.Json().EnumerateArray().Single();
        var created = row.GetProperty("created_at").GetDateTimeOffset();
        Assert.Equal(90, (int)Math.Round((row.GetProperty("expires_at").GetDateTimeOffset() - created).TotalDays));
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, row.GetProperty("last_used_at").ValueKind);

        // Past the configured maximum: refused.
        (await App.RunCliAsync("tokens", "create", "--email", email, "--days", "400")).ShouldExit(ExitCodes.InvalidInput);

        (await App.RunCliAsync("tokens", "revoke", "--id", row.GetProperty("id").GetString()!)).ShouldExit(ExitCodes.Success);
        await AssertHttp.StatusAsync(await bearer.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);

        // An expired token (its expiry moved into the past): 401 at once.
        var second = await App.CreateTokenAsync(email);
        using var expiring = App.BearerClient(second);
        await AssertHttp.StatusAsync(await expiring.GetAsync("/api/v1/me"), HttpStatusCode.OK);
        await App.ExpireTokensAsync(email);
        await AssertHttp.StatusAsync(await expiring.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [ProviderFact]
    public async Task TokensApi_OwnTokens_CreateListRevoke_OthersRevokeIs404()
    {
        var email = await NewUserAsync("employee");
        var (client, _) = await SignInAsync(email);
        using var bearer = await App.BearerClientAsync(email);
        var created = await AssertHttp.JsonAsync(await bearer.PostAsJsonAsync("/api/v1/tokens", new { name = "nightly export", days = 7 }), HttpStatusCode.Created);
        using var second = App.BearerClient(created.GetProperty("token").GetString()!);
        await AssertHttp.StatusAsync(await second.GetAsync("/api/v1/me"), HttpStatusCode.OK);
        var mine = await AssertHttp.JsonAsync(await client.GetAsync("/api/v1/tokens"));
        var nightly = mine.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "nightly export");
        Assert.Equal(7, (int)Math.Round((nightly.GetProperty("expires_at").GetDateTimeOffset() - nightly.GetProperty("created_at").GetDateTimeOffset()).TotalDays));
        var invalid = await AssertHttp.JsonAsync(await bearer.PostAsJsonAsync("/api/v1/tokens", new { name = "", days = 9999 }), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.True(invalid.GetProperty("errors").TryGetProperty("days", out _));

        // Someone else cannot revoke it (nor learn it exists).
        using var stranger = await App.BearerClientAsync(await NewUserAsync("employee"));
        await AssertHttp.StatusAsync(await stranger.DeleteAsync($"/api/v1/tokens/{nightly.GetProperty("id").GetString()}"), HttpStatusCode.NotFound);
        await AssertHttp.StatusAsync(await second.GetAsync("/api/v1/me"), HttpStatusCode.OK);
        await AssertHttp.StatusAsync(await bearer.DeleteAsync($"/api/v1/tokens/{nightly.GetProperty("id").GetString()}"), HttpStatusCode.OK);
        await AssertHttp.StatusAsync(await second.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [ProviderFact]
    public async Task ResetPassword_EndsSessions_NewPasswordSignsIn()
    {
        var email = await NewUserAsync("employee");
        var (_, cookie) = await SignInAsync(email);
        (await App.RunCliAsync("users", "reset-password", "--email", email, "--password", "Another-Good-Pass-7")).ShouldExit(ExitCodes.Success);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithCookieAsync(cookie));
        await SignInAsync(email, "Another-Good-Pass-7");
    }

    [ProviderFact]
    public async Task ChangeOwnPassword_WrongCurrentRefused_CommonRefused_ThenEndsOtherSessions()
    {
        var email = await NewUserAsync("employee");
        var (client, cookie) = await SignInAsync(email);
        var (other, otherCookie) = await SignInAsync(email);
        var wrong = await AssertHttp.JsonAsync(await client.PostAsJsonAsync("/api/v1/me/password", new { current_password = "Not-The-Password-1", new_password = "Brand-New-Pass-42" }), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.True(wrong.GetProperty("errors").TryGetProperty("current_password", out _));
        var common = await AssertHttp.JsonAsync(await client.PostAsJsonAsync("/api/v1/me/password", new { current_password = StrongPassword, new_password = "Password2026!" }), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.Contains("common", common.GetProperty("errors").GetProperty("new_password")[0].GetString(), StringComparison.Ordinal);

        await AssertHttp.StatusAsync(await client.PostAsJsonAsync("/api/v1/me/password", new { current_password = StrongPassword, new_password = "Brand-New-Pass-42" }), HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithCookieAsync(otherCookie));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithCookieAsync(cookie));
        other.Dispose();
        await SignInAsync(email, "Brand-New-Pass-42");
    }

    [ProviderFact]
    public async Task CommonPassword_RefusedWhenAddingAUser()
    {
        var result = (await App.RunCliAsync("users", "add", "--email", $"weak-{Guid.NewGuid():N}@example.com", "--role", "employee", "--password", "Qwertyuiop123")).ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains("common", result.Stderr, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Invite_MailsAOneTimeLink_ThatSetsThePassword()
    {
        using var admin = await App.BearerClientAsync(await NewUserAsync("admin"));
        var email = $"invited-{Guid.NewGuid():N}@example.com";
        var invited = await AssertHttp.JsonAsync(await admin.PostAsJsonAsync("/api/v1/users", new { email, role = "manager" }), HttpStatusCode.Created);
        Assert.Equal("invited", invited.GetProperty("status").GetString());
        var mail = (await App.OutboxAsync("password-link:" + invited.GetProperty("id").GetString())).Single();
        Assert.Equal(email, mail.To);
        var link = new Uri(LinkPattern().Match(mail.Body).Value);

        // Before a password is set the account cannot sign in.
        var early = await CertDeskApp.PostLoginAsync(App.AnonymousClient(), email, StrongPassword);
        await AssertHttp.StatusAsync(early, HttpStatusCode.OK);

        using var browser = App.AnonymousClient();
        var page = link.PathAndQuery;
        var antiforgery = await CertDeskApp.AntiforgeryTokenAsync(browser, page);
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        async Task<HttpResponseMessage> SetAsync(string password) => await browser.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user"] = query["user"]!,
            ["Token"] = query["token"]!,
            ["Password"] = password,
            ["__RequestVerificationToken"] = antiforgery,
        }));
        Assert.Contains("common", await AssertHttp.StatusAsync(await SetAsync("Welcome123456"), HttpStatusCode.OK), StringComparison.Ordinal);
        await AssertHttp.RedirectsToAsync(await SetAsync("Invited-Person-Pass-3"), "/Accounts/Login");
        // The link works once.
        Assert.Contains("not valid", await AssertHttp.StatusAsync(await SetAsync("Second-Try-Pass-44"), HttpStatusCode.OK), StringComparison.Ordinal);
        await SignInAsync(email, "Invited-Person-Pass-3");
    }

    [ProviderFact]
    public async Task Hr_ManagesNonAdministrators_NotAdministrators()
    {
        using var hr = await App.BearerClientAsync(await NewUserAsync("program-manager"));
        var adminEmail = await NewUserAsync("admin");
        var employeeEmail = await NewUserAsync("employee");
        var users = await AssertHttp.JsonAsync(await hr.GetAsync("/api/v1/users"));
        string IdOf(string email) => users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetString()!;

        await AssertHttp.StatusAsync(await hr.PostAsync($"/api/v1/users/{IdOf(adminEmail)}/disable", null), HttpStatusCode.Forbidden);
        await AssertHttp.StatusAsync(await hr.PostAsJsonAsync($"/api/v1/users/{IdOf(employeeEmail)}/role", new { role = "admin" }), HttpStatusCode.Forbidden);
        var promoted = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync($"/api/v1/users/{IdOf(employeeEmail)}/role", new { role = "manager" }));
        Assert.Equal(Roles.Manager, promoted.GetProperty("role").GetString());
        var disabled = await AssertHttp.JsonAsync(await hr.PostAsync($"/api/v1/users/{IdOf(employeeEmail)}/disable", null));
        Assert.Equal("disabled", disabled.GetProperty("status").GetString());

        using var employee = await App.BearerClientAsync(await NewUserAsync("employee"));
        await AssertHttp.StatusAsync(await employee.GetAsync("/api/v1/users"), HttpStatusCode.Forbidden);
    }

    [ProviderFact]
    public async Task SignIn_UnknownAccount_WrongPassword_Disabled_AllSayTheSame()
    {
        var known = await NewUserAsync("employee");
        var disabled = await NewUserAsync("employee");
        (await App.RunCliAsync("users", "disable", "--email", disabled)).ShouldExit(ExitCodes.Success);
        var pages = new List<string>();
        foreach (var (email, password) in new[] { ($"nobody-{Guid.NewGuid():N}@example.com", StrongPassword), (known, "Wrong-Password-99"), (disabled, StrongPassword) })
        {
            using var client = App.AnonymousClient();
            var html = await AssertHttp.StatusAsync(await CertDeskApp.PostLoginAsync(client, email, password), HttpStatusCode.OK);
            pages.Add(ErrorSummary().Match(html).Value);
        }
        Assert.Contains(WebUtility.HtmlEncode(PasswordSignIn.FailureMessage), pages[0], StringComparison.Ordinal);
        Assert.All(pages, p => Assert.Equal(pages[0], p));
    }

    [GeneratedRegex(@"https?://\S+/Accounts/SetPassword\?\S+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("<div class=\"errors[^>]*>.*?</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorSummary();
}

/// <summary>An empty app whose sign-in page takes more than a person's attempts a minute (these tests sign in often from one address).</summary>
public abstract class AccountsApp(DbKind kind) : IAsyncLifetime
{
    private CertDeskApp? _app;

    public CertDeskApp App => _app ?? throw new InvalidOperationException($"{TestDatabase.PostgresVariable} is not set");

    public async Task InitializeAsync()
    {
        if (kind == DbKind.Postgres && TestDatabase.PostgresServer is null)
        {
            return;
        }
        _app = await CertDeskApp.StartAsync(kind, seedDemo: false, new Dictionary<string, string> { ["RateLimits:SignIn:AttemptsPerMinute"] = "500" });
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

public sealed class SqliteAccountsApp() : AccountsApp(DbKind.Sqlite);

public sealed class PostgresAccountsApp() : AccountsApp(DbKind.Postgres);

public sealed class SqliteAccountLifecycleTests(SqliteAccountsApp fixture) : AccountLifecycleTests(fixture), IClassFixture<SqliteAccountsApp>;

public sealed class PostgresAccountLifecycleTests(PostgresAccountsApp fixture) : AccountLifecycleTests(fixture), IClassFixture<PostgresAccountsApp>, IPostgresTests;
