using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertDesk.Cli;
using CertDesk.Tests.Infrastructure;
using CertDesk.Tests.Shared;
using Microsoft.AspNetCore.WebUtilities;

namespace CertDesk.Tests.Features.Accounts;

/// <summary>
/// Single sign-on against a real OpenID Connect provider on loopback (<see cref="TestIdentityProvider"/>): discovery,
/// keys, the code with PKCE and the ID token all cross the wire; nothing of the middleware is mocked. The person is
/// matched to the roster by a verified e-mail, roles follow the group mapping, and the session is an ordinary one.
/// </summary>
public abstract class SingleSignOnTests(SsoApp fixture)
{
    private CertDeskApp App => fixture.App;
    private TestIdentityProvider Provider => fixture.Provider;

    /// <summary>
    /// What a browser does: CertDesk sends it to the provider, the person signs in there, the provider sends it back
    /// with a code. Returns CertDesk's session client and its last answer (a redirect home, or the refusal page).
    /// </summary>
    private async Task<(HttpClient Client, HttpResponseMessage Answer)> SignInThroughProviderAsync(string login)
    {
        var client = App.AnonymousClient();
        var start = await client.GetAsync("/Accounts/Sso?returnUrl=%2F");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(Provider.Authority + "connect/authorize", authorize.ToString(), StringComparison.Ordinal);
        Assert.Contains("code_challenge=", authorize.Query, StringComparison.Ordinal);

        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler);
        var toLogin = await browser.GetAsync(authorize);
        var loginPage = new Uri(authorize, toLogin.Headers.Location!);
        Assert.Equal("/login", loginPage.AbsolutePath);
        var returnUrl = QueryHelpers.ParseQuery(loginPage.Query)["returnUrl"].ToString();
        var signedIn = await browser.PostAsync(new Uri(authorize, "/login"), new FormUrlEncodedContent(new Dictionary<string, string> { ["login"] = login, ["returnUrl"] = returnUrl }));
        var withCode = await browser.GetAsync(new Uri(authorize, signedIn.Headers.Location!));
        var callback = withCode.Headers.Location!;
        Assert.Equal("/signin-oidc", callback.AbsolutePath);
        Assert.Contains("code=", callback.Query, StringComparison.Ordinal);

        var matched = await client.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, matched.StatusCode);
        return (client, await client.GetAsync(matched.Headers.Location!.ToString()));
    }

    private static async Task<JsonElement> MeAsync(HttpClient client) =>
        await AssertHttp.JsonAsync(await client.GetAsync("/api/v1/me"));

    [ProviderFact]
    public async Task VerifiedEmail_InTheRoster_SignsIn_WithTheMappedRole_AndSignOutEndsTheSession()
    {
        var (client, answer) = await SignInThroughProviderAsync("hr");
        await AssertHttp.RedirectsToAsync(answer, "/");
        var me = await MeAsync(client);
        Assert.Equal(Demo.Hr, me.GetProperty("email").GetString());
        Assert.Equal(["ProgramManager"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        await AssertHttp.StatusAsync(await client.GetAsync("/"), HttpStatusCode.OK);

        var token = await CertDeskApp.AntiforgeryTokenAsync(client, "/");
        await AssertHttp.RedirectsToAsync(await client.PostAsync("/Accounts/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token })), "/Accounts/Login");
        await AssertHttp.StatusAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [ProviderFact]
    public async Task SomeoneNotInTheRoster_IsRefused_WithAClearPage_AndNoSession()
    {
        var (client, answer) = await SignInThroughProviderAsync("stranger");
        var page = await AssertHttp.StatusAsync(answer, HttpStatusCode.OK);
        Assert.Contains("CertDesk has no one with stranger@example.com in its roster", page, StringComparison.Ordinal);
        await AssertHttp.StatusAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [ProviderFact]
    public async Task AnUnverifiedEmail_IsRefused_EvenForSomeoneInTheRoster()
    {
        var (client, answer) = await SignInThroughProviderAsync("unverified");
        var page = await AssertHttp.StatusAsync(answer, HttpStatusCode.OK);
        Assert.Contains("has not verified the e-mail address manager@demo.local", page, StringComparison.Ordinal);
        await AssertHttp.StatusAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [ProviderFact]
    public async Task SomeoneInTheRoster_WithoutAnAccount_GetsOne_AndTheGroupMappingGivesTheRole()
    {
        var admin = await App.SignInAsAsync(Demo.Admin);
        var users = (await App.RunCliAsync("users", "list", "--json")).ShouldExit(ExitCodes.Success).Json()
            .EnumerateArray().Select(u => u.GetProperty("email").GetString()!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var employees = await AssertHttp.JsonAsync(await admin.GetAsync("/api/v1/employees?page_size=200"));
        var newcomer = employees.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("email").GetString()!).First(e => !users.Contains(e));
        Provider.Add(new ProviderPerson("newcomer", newcomer, Groups: ["certdesk-directors"]));

        var (client, answer) = await SignInThroughProviderAsync("newcomer");
        await AssertHttp.RedirectsToAsync(answer, "/");
        var me = await MeAsync(client);
        Assert.Equal(newcomer, me.GetProperty("email").GetString(), ignoreCase: true);
        Assert.Equal(["Approver"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.NotNull(me.GetProperty("employee_id").GetString());
    }

    [ProviderFact]
    public async Task TwoFirstSignInsAtOnce_BothGetIn_WithOneAccount()
    {
        var admin = await App.SignInAsAsync(Demo.Admin);
        var users = (await App.RunCliAsync("users", "list", "--json")).ShouldExit(ExitCodes.Success).Json()
            .EnumerateArray().Select(u => u.GetProperty("email").GetString()!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var employees = await AssertHttp.JsonAsync(await admin.GetAsync("/api/v1/employees?page_size=200"));
        var twin = employees.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("email").GetString()!).Last(e => !users.Contains(e));
        Provider.Add(new ProviderPerson("twin", twin));

        var both = await Task.WhenAll(SignInThroughProviderAsync("twin"), SignInThroughProviderAsync("twin"));

        foreach (var (client, answer) in both)
        {
            await AssertHttp.RedirectsToAsync(answer, "/");
            Assert.Equal(twin, (await MeAsync(client)).GetProperty("email").GetString(), ignoreCase: true);
        }
        var accounts = (await App.RunCliAsync("users", "list", "--json")).ShouldExit(ExitCodes.Success).Json()
            .EnumerateArray().Count(u => string.Equals(u.GetProperty("email").GetString(), twin, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1, accounts);
    }

    [ProviderFact]
    public async Task ADisabledAccount_IsRefused_ThroughTheProviderToo()
    {
        (await App.RunCliAsync("users", "disable", "--email", Demo.Director)).ShouldExit(ExitCodes.Success);
        try
        {
            var (client, answer) = await SignInThroughProviderAsync("director");
            var page = await AssertHttp.StatusAsync(answer, HttpStatusCode.OK);
            Assert.Contains("Your CertDesk account is disabled or locked", page, StringComparison.Ordinal);
            await AssertHttp.StatusAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        }
        finally
        {
            (await App.RunCliAsync("users", "enable", "--email", Demo.Director)).ShouldExit(ExitCodes.Success);
        }
    }

    [ProviderFact]
    public async Task ARecentSingleSignOn_ConfirmsTheSigner_InsteadOfAPassword()
    {
        var (employee, answer) = await SignInThroughProviderAsync("employee");
        await AssertHttp.RedirectsToAsync(answer, "/");
        var me = await MeAsync(employee);
        var hr = await App.SignInAsAsync(Demo.Hr);
        var created = await CertDeskApp.ExpectAsync(await CertDeskApp.PostJsonAsync(hr, "/api/v1/agreements", new
        {
            employee_id = Guid.Parse(me.GetProperty("employee_id").GetString()!),
            policy_id = await App.PublishedPolicyAsync(),
            certification_code = "CCCM",
            certification_name = "Certified Call Center Manager",
            funded_amount = 400m,
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        // No password in the body: the session's sign-in through the provider, minutes ago, is the proof.
        await CertDeskApp.ExpectAsync(await CertDeskApp.PostJsonAsync(employee, $"/api/v1/agreements/{id}/sign",
            new { consent_to_electronic_records = true, intent = true, typed_name = me.GetProperty("name").GetString() }), HttpStatusCode.OK);
        var signed = await CertDeskApp.ExpectAsync(await hr.GetAsync($"/api/v1/agreements/{id}"), HttpStatusCode.OK);
        var evidence = signed.GetProperty("signatures").EnumerateArray().Single();
        Assert.StartsWith("single sign-on through the organization's identity provider at ", evidence.GetProperty("authentication_method").GetString(), StringComparison.Ordinal);

        // A password session still re-enters its password.
        var countersign = await CertDeskApp.ExpectAsync(await CertDeskApp.PostJsonAsync(hr, $"/api/v1/agreements/{id}/countersign",
            new { consent_to_electronic_records = true, intent = true, typed_name = (await MeAsync(hr)).GetProperty("name").GetString() }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("re-enter your password", countersign.ToString(), StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task TheSignInPage_OffersTheProvider_BesidePasswords()
    {
        var page = await AssertHttp.StatusAsync(await App.AnonymousClient().GetAsync("/Accounts/Login"), HttpStatusCode.OK);
        Assert.Contains("Sign in with Test identity provider", page, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.Password\"", page, StringComparison.Ordinal);
    }
}

/// <summary>The provider and one demo app pointed at it, with groups mapped to roles.</summary>
public abstract class SsoApp(DbKind kind) : IAsyncLifetime
{
    private CertDeskApp? _app;
    private TestIdentityProvider? _provider;

    public CertDeskApp App => _app ?? throw new InvalidOperationException($"{TestDatabase.PostgresVariable} is not set");

    public TestIdentityProvider Provider => _provider!;

    public async Task InitializeAsync()
    {
        if (kind == DbKind.Postgres && TestDatabase.PostgresServer is null)
        {
            return;
        }
        _provider = await TestIdentityProvider.StartAsync(
            new ProviderPerson("hr", Demo.Hr, Groups: ["certdesk-hr"]),
            new ProviderPerson("director", Demo.Director),
            new ProviderPerson("employee", Demo.Employee),
            new ProviderPerson("stranger", "stranger@example.com"),
            new ProviderPerson("unverified", Demo.Manager, EmailVerified: false));
        var settings = _provider.Settings();
        settings["Sso:RoleClaim"] = "groups";
        settings["Sso:RoleMap:certdesk-hr"] = "hr";
        settings["Sso:RoleMap:certdesk-directors"] = "director";
        _app = await CertDeskApp.StartAsync(kind, seedDemo: true, settings);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }
}

public sealed class SqliteSsoApp() : SsoApp(DbKind.Sqlite);

/// <summary>An organization that turned local passwords off: the provider is the only way in.</summary>
public sealed class SingleSignOnOnlyTests : IAsyncLifetime
{
    private TestIdentityProvider _provider = null!;
    private CertDeskApp _app = null!;

    public async Task InitializeAsync()
    {
        _provider = await TestIdentityProvider.StartAsync(new ProviderPerson("manager", Demo.Manager));
        var settings = _provider.Settings();
        settings["Sso:LocalPasswords"] = "false";
        _app = await CertDeskApp.StartAsync(DbKind.Sqlite, seedDemo: true, settings);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task NoPasswordForm_APasswordPostIsRefused()
    {
        var client = _app.AnonymousClient();
        var page = await AssertHttp.StatusAsync(await client.GetAsync("/Accounts/Login"), HttpStatusCode.OK);
        Assert.Contains("Sign in with Test identity provider", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Input.Password", page, StringComparison.Ordinal);

        // Without the form there is no antiforgery token either: a scripted password post gets nowhere.
        var refused = await client.PostAsync("/Accounts/Login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = Demo.Manager, ["Input.Password"] = Demo.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await AssertHttp.StatusAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }
}

public sealed class PostgresSsoApp() : SsoApp(DbKind.Postgres);

public sealed class SqliteSingleSignOnTests(SqliteSsoApp fixture) : SingleSignOnTests(fixture), IClassFixture<SqliteSsoApp>;

public sealed class PostgresSingleSignOnTests(PostgresSsoApp fixture) : SingleSignOnTests(fixture), IClassFixture<PostgresSsoApp>, IPostgresTests;
