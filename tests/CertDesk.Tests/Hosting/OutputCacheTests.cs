using System.Net;
using System.Net.Http.Json;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Hosting;

/// <summary>
/// The signed-in output cache (home page, employee list): a repeat is served from the cache, any change renders afresh,
/// and a cached answer never reaches another user, another browser or a revoked token.
/// </summary>
public abstract class OutputCacheTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    [ProviderFact]
    public async Task HomePage_RepeatIsServedFromTheCache_UntilSomethingChanges()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        using var admin = await App.BearerClientAsync(Demo.Admin);
        // Settle the browser's cookies (the first page sets the antiforgery cookie, and such a response is not stored).
        await AssertHttp.StatusAsync(await hr.GetAsync("/"), HttpStatusCode.OK);

        var first = await hr.GetAsync("/");
        var second = await hr.GetAsync("/");
        await AssertHttp.StatusAsync(second, HttpStatusCode.OK);
        Assert.NotNull(second.Headers.Age);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());

        // A change anywhere (here a new site through the API) is a new data version: the next view renders afresh.
        var name = $"Cache site {Guid.NewGuid():N}"[..24];
        await AssertHttp.StatusAsync(await admin.PostAsJsonAsync("/api/v1/sites", new { name, time_zone = "UTC" }), HttpStatusCode.Created);
        var after = await hr.GetAsync("/");
        await AssertHttp.StatusAsync(after, HttpStatusCode.OK);
        Assert.Null(after.Headers.Age);
    }

    [ProviderFact]
    public async Task HomePage_CachedForOneUser_IsNeverServedToAnother()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var employee = await App.SignInAsAsync(Demo.Employee);
        await hr.GetAsync("/");
        await hr.GetAsync("/");
        var hrPage = await (await hr.GetAsync("/")).Content.ReadAsStringAsync();

        await employee.GetAsync("/");
        var employeePage = await (await employee.GetAsync("/")).Content.ReadAsStringAsync();
        Assert.NotEqual(hrPage, employeePage);
        Assert.Contains("Program manager", hrPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Program manager:", employeePage, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task HomePage_AnotherBrowserOfTheSameUser_GetsItsOwnFormTokens()
    {
        using var browserA = App.AnonymousClient();
        using var browserB = App.AnonymousClient();
        await AssertHttp.StatusAsync(await CertDeskApp.PostLoginAsync(browserA, Demo.Director, Demo.Password), HttpStatusCode.Redirect);
        await AssertHttp.StatusAsync(await CertDeskApp.PostLoginAsync(browserB, Demo.Director, Demo.Password), HttpStatusCode.Redirect);
        await browserA.GetAsync("/");
        await browserA.GetAsync("/");
        await browserB.GetAsync("/");

        // Browser B signs out with the form token of the page it was served: valid only if the page was its own.
        var token = await CertDeskApp.AntiforgeryTokenAsync(browserB, "/");
        var signOut = await browserB.PostAsync("/Accounts/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        await AssertHttp.RedirectsToAsync(signOut, "/Accounts/Login");

        // B is signed out (its next page is the sign-in); signing out ends the user's other sessions too (issue 16), so A is.
        await AssertHttp.RedirectsToAsync(await browserB.GetAsync("/"), "/Accounts/Login");
        await AssertHttp.RedirectsToAsync(await browserA.GetAsync("/"), "/Accounts/Login");
    }

    [ProviderFact]
    public async Task EmployeeList_RevokedToken_Is401EvenWhenTheListIsCached()
    {
        var token = await App.CreateTokenAsync(Demo.Director);
        using var client = App.BearerClient(token);
        var first = await client.GetAsync("/api/v1/employees?page_size=5");
        var second = await client.GetAsync("/api/v1/employees?page_size=5");
        await AssertHttp.StatusAsync(second, HttpStatusCode.OK);
        Assert.NotNull(second.Headers.Age);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());

        // Another query string is another entry.
        var other = await client.GetAsync("/api/v1/employees?page_size=6");
        Assert.Null(other.Headers.Age);

        await App.RevokeTokensAsync(Demo.Director);
        await AssertHttp.StatusAsync(await client.GetAsync("/api/v1/employees?page_size=5"), HttpStatusCode.Unauthorized);
    }
}

public sealed class SqliteOutputCacheTests(SqliteDemoApp fixture) : OutputCacheTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresOutputCacheTests(PostgresDemoApp fixture) : OutputCacheTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
