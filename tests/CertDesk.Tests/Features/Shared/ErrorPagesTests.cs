using System.Net;
using CertDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.Tests.Features.Shared;

/// <summary>
/// The friendly error pages: an unknown address (404), a page the role may not open (access denied) and a failure
/// (500) answer with the layout, one plain sentence and a link home; the API keeps answering problem details.
/// Signed out, every address but the sign-in page leads to the sign-in page (the fallback policy), known or not.
/// </summary>
public sealed class ErrorPagesTests(SqliteDemoApp fixture) : IClassFixture<SqliteDemoApp>
{
    private CertDeskApp App => fixture.App;

    private static void AssertFriendly(string html, string heading)
    {
        Assert.Contains($"<h1>{heading}</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<a class=\"button primary\" href=\"/\">Back to the home page</a>", html, StringComparison.Ordinal);
        Assert.Contains("<main", html, StringComparison.Ordinal); // the layout, with its landmarks
        Assert.Contains("href=\"/css/site.css", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAddress_SignedIn_Gets404PageWithTheLayout()
    {
        var employee = await App.SignInAsAsync(Demo.Employee);
        var response = await employee.GetAsync("/no/such/page");
        var html = await AssertHttp.StatusAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        AssertFriendly(html, "Not found");
        Assert.Contains("Error 404", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAddress_Anonymous_GoesToSignIn_WithoutSayingWhatExists()
    {
        using var client = App.AnonymousClient();
        await AssertHttp.RedirectsToLoginAsync(await client.GetAsync("/no/such/page"));
    }

    [Fact]
    public async Task UnknownRecord_SignedIn_Gets404PageWithTheMenus()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var html = await AssertHttp.StatusAsync(await hr.GetAsync($"/Agreements/Details/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        AssertFriendly(html, "Not found");
        Assert.Contains("aria-label=\"Main\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForbiddenPageAndExport_Employee_LandsOnTheAccessDeniedPage()
    {
        var employee = await App.SignInAsAsync(Demo.Employee);
        foreach (var path in new[] { "/Audit", "/Audit?handler=Csv", "/Repayments?handler=Csv" })
        {
            var response = await employee.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var location = response.Headers.Location?.ToString() ?? "";
            Assert.Contains("/Accounts/AccessDenied", location, StringComparison.Ordinal);
            var html = await AssertHttp.StatusAsync(await employee.GetAsync(location), HttpStatusCode.OK);
            Assert.Contains("<h1>Not allowed</h1>", html, StringComparison.Ordinal);
            Assert.Contains("href=\"/\"", html, StringComparison.Ordinal);
            Assert.Contains("<main", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnknownApiRoute_AnswersProblemDetails_NotTheHtmlPage()
    {
        var hr = await App.BearerClientAsync(Demo.Hr);
        var response = await hr.GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task FailureWhileAnsweringAPage_Gets500PageThatSaysNothingChanged()
    {
        await using var failing = App.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddTransient<IStartupFilter, ThrowAtTheEnd>()));
        using var client = failing.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await CertDeskApp.PostLoginAsync(client, Demo.Hr, Demo.Password);
        var response = await client.GetAsync(ThrowAtTheEnd.Path);
        var html = await AssertHttp.StatusAsync(response, HttpStatusCode.InternalServerError);
        AssertFriendly(html, "Something went wrong");
        Assert.Contains("Nothing was changed", html, StringComparison.Ordinal);
        Assert.Contains("Error 500", html, StringComparison.Ordinal);
    }

    /// <summary>Adds, after the app's own pipeline (inside its exception handler), a middleware that throws on one path.</summary>
    private sealed class ThrowAtTheEnd : IStartupFilter
    {
        public const string Path = "/test-only/throws";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate following) =>
                context.Request.Path == Path ? throw new InvalidOperationException("a test failure") : following(context));
        };
    }
}
