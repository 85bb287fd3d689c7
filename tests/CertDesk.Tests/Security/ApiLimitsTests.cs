using System.Net;
using System.Text;
using CertDesk.Hosting;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Security;

/// <summary>A small API budget (5 requests, 1 more a second) so that the limit is reached quickly.</summary>
public sealed class TightLimitsApp : IAsyncLifetime
{
    private CertDeskApp? _app;

    public CertDeskApp App => _app ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _app = await CertDeskApp.StartAsync(DbKind.Sqlite, seedDemo: true, new Dictionary<string, string>
    {
        ["RateLimits:Api:TokenLimit"] = "5",
        ["RateLimits:Api:TokensPerSecond"] = "1",
        ["RateLimits:Api:MaxBodyBytes"] = "65536",
    });

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

public sealed class ApiLimitsTests(TightLimitsApp fixture) : IClassFixture<TightLimitsApp>
{
    [Fact]
    public async Task ApiCalls_OverTheUsersBudget_Answer429ProblemWithRetryAfter_OtherUsersUnaffected()
    {
        var manager = await fixture.App.BearerClientAsync(Demo.Manager);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 12 && refused is null; i++)
        {
            var response = await manager.GetAsync("/api/v1/me");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
        }
        Assert.NotNull(refused);
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) >= 5, string.Join(",", statuses));
        var problem = await AssertHttp.JsonAsync(refused, HttpStatusCode.TooManyRequests, "application/problem+json");
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);

        // The budget is per user: another account, and pages, still answer.
        var director = await fixture.App.BearerClientAsync(Demo.Director);
        await AssertHttp.StatusAsync(await director.GetAsync("/api/v1/me"), HttpStatusCode.OK);
        var page = await fixture.App.SignInAsAsync(Demo.Hr);
        await AssertHttp.StatusAsync(await page.GetAsync("/Organization/Employees"), HttpStatusCode.OK);

        // The bucket refills.
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        await AssertHttp.StatusAsync(await manager.GetAsync("/api/v1/me"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task ApiBody_OverTheLimit_Answers413Problem()
    {
        var client = await fixture.App.BearerClientAsync(Demo.Employee);
        var huge = "{\"costs\":[" + string.Join(",", Enumerable.Repeat("{\"category\":\"tuition\",\"amount\":1.00}", 4000)) + "],\"benefits\":[],\"years\":1}";
        var response = await client.PostAsync("/api/v1/roi/calculate", new StringContent(huge, Encoding.UTF8, "application/json"));
        var problem = await AssertHttp.JsonAsync(response, HttpStatusCode.RequestEntityTooLarge, "application/problem+json");
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task ContentSecurityPolicy_HasNoUnsafeInline_AndPagesCarryNoInlineScriptOrStyle()
    {
        Assert.DoesNotContain("unsafe", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("style-src 'self'", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        var admin = await fixture.App.SignInAsAsync(Demo.Admin);
        foreach (var path in new[] { "/", "/Organization/Employees", "/Gaps/HeatMap", "/Agreements", "/BusinessCases", "/TuitionPolicies", "/Audit" })
        {
            var response = await admin.GetAsync(path);
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
            var html = await AssertHttp.StatusAsync(response, HttpStatusCode.OK);
            Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)[^>]*>", html);
            Assert.DoesNotMatch("<style[\\s>]|\\sstyle=\"|\\son[a-z]+=\"", html);
        }
    }
}
