using System.Net;
using System.Net.Http.Json;
using CertDesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.Tests.Features.Accounts;

/// <summary>Sign-in, lockout, antiforgery, headers, tokens, health, OpenAPI and the API's error shapes.</summary>
public abstract class SecurityTests(AppFixture fixture)
{
    private const string StrongPassword = "Correct-Horse-12";

    private CertDeskApp App => fixture.App;

    private async Task<string> NewUserAsync(string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@example.com";
        await App.AddUserAsync(email, role, StrongPassword);
        return email;
    }

    [ProviderFact]
    public async Task SignIn_FiveWrongPasswords_LocksTheAccountEvenForTheRightPassword_WithTheSameMessage()
    {
        var email = await NewUserAsync("employee");
        using var client = App.AnonymousClient();
        var token = await CertDeskApp.AntiforgeryTokenAsync(client, "/Accounts/Login");
        async Task<HttpResponseMessage> PostAsync(string password) => await client.PostAsync("/Accounts/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));

        for (var i = 0; i < 5; i++)
        {
            var wrong = await PostAsync("Wrong-Password-99");
            var html = await AssertHttp.StatusAsync(wrong, HttpStatusCode.OK);
            Assert.False(wrong.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("certdesk=", StringComparison.Ordinal)), "a failed sign-in set the session cookie");
            Assert.Contains(System.Net.WebUtility.HtmlEncode(CertDesk.Features.Accounts.PasswordSignIn.FailureMessage), html, StringComparison.Ordinal);
        }

        // Locked: the right password is refused too, and the page says nothing more than for a wrong one.
        var right = await PostAsync(StrongPassword);
        var body = await AssertHttp.StatusAsync(right, HttpStatusCode.OK);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(CertDesk.Features.Accounts.PasswordSignIn.FailureMessage), body, StringComparison.Ordinal);
        Assert.DoesNotContain("locked", body, StringComparison.OrdinalIgnoreCase);
        await AssertHttp.RedirectsToLoginAsync(await client.GetAsync("/"));
    }

    [ProviderFact]
    public async Task SignIn_PostWithoutAntiforgeryToken_Is400()
    {
        var email = await NewUserAsync("admin");
        using var client = App.AnonymousClient();
        var response = await client.PostAsync("/Accounts/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = StrongPassword,
        }));
        await AssertHttp.StatusAsync(response, HttpStatusCode.BadRequest);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("certdesk=", StringComparison.Ordinal)));
    }

    [ProviderFact]
    public async Task SignedInForm_PostWithoutAntiforgeryToken_Is400()
    {
        var email = await NewUserAsync("admin");
        var client = await App.SignInAsAsync(email, StrongPassword);
        var response = await client.PostAsync("/Audit?handler=Verify", new FormUrlEncodedContent(new Dictionary<string, string>()));
        await AssertHttp.StatusAsync(response, HttpStatusCode.BadRequest);

        var token = await CertDeskApp.AntiforgeryTokenAsync(client, "/Audit");
        var withToken = await client.PostAsync("/Audit?handler=Verify", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        await AssertHttp.StatusAsync(withToken, HttpStatusCode.OK);
    }

    [ProviderFact]
    public async Task Responses_Always_CarrySecurityHeaders()
    {
        using var client = App.AnonymousClient();
        foreach (var path in new[] { "/Accounts/Login", "/health/live", "/api/v1/me" })
        {
            var response = await client.GetAsync(path);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
    }

    [ProviderFact]
    public async Task CookieApiPost_FromAnotherSite_IsRefused_FromTheSameSite_GoesThrough()
    {
        var email = await NewUserAsync("admin");
        var client = await App.SignInAsAsync(email, StrongPassword);
        async Task<HttpResponseMessage> PostExpenseAsync(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/enrollments/{Guid.NewGuid()}/expenses")
            {
                Content = new MultipartFormDataContent { { new StringContent("12.50"), "amount" } },
            };
            request.Headers.Add("Origin", origin);
            return await client.SendAsync(request);
        }

        var problem = await AssertHttp.JsonAsync(await PostExpenseAsync("https://evil.example"), HttpStatusCode.Forbidden, "application/problem+json");
        Assert.Equal("Cross-site request refused.", problem.GetProperty("title").GetString());
        // From the product's own origin the request reaches the endpoint (which finds no such enrollment).
        await AssertHttp.StatusAsync(await PostExpenseAsync("http://localhost"), HttpStatusCode.NotFound);
    }

    [ProviderFact]
    public async Task ApiInput_WrongContentType_Is415_BrokenJson_Is422NamingTheField_NeverAClrType()
    {
        var email = await NewUserAsync("admin");
        using var client = await App.BearerClientAsync(email);
        await AssertHttp.StatusAsync(await client.PostAsync("/api/v1/staffing/erlang-c", new StringContent("calls=10", System.Text.Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);

        var broken = await client.PostAsync("/api/v1/staffing/erlang-c", new StringContent("{\"calls\": 10,", System.Text.Encoding.UTF8, "application/json"));
        var body = await AssertHttp.StatusAsync(broken, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("\"body\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("CertDesk.", body, StringComparison.Ordinal);

        var wrongKind = await client.PostAsync("/api/v1/staffing/erlang-c", new StringContent("{\"calls\": \"many\"}", System.Text.Encoding.UTF8, "application/json"));
        var problem = await AssertHttp.JsonAsync(wrongKind, HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.True(problem.GetProperty("errors").TryGetProperty("calls", out _), problem.ToString());
        Assert.DoesNotContain("CertDesk.", problem.ToString(), StringComparison.Ordinal);
    }

    [ProviderTheory]
    [InlineData("from=0001-01-01&to=0001-01-02")]
    [InlineData("from=2026-01-01&to=9999-12-31")]
    [InlineData("from=2026-03-01&to=2026-02-01")]
    public async Task Kpis_ImpossibleRange_Is422NotAServerError(string query)
    {
        var email = await NewUserAsync("admin");
        using var client = await App.BearerClientAsync(email);
        foreach (var path in new[] { "/api/v1/kpis", "/api/v1/kpis.csv" })
        {
            var problem = await AssertHttp.JsonAsync(await client.GetAsync($"{path}?{query}"), HttpStatusCode.UnprocessableEntity, "application/problem+json");
            Assert.True(problem.GetProperty("errors").EnumerateObject().Any(e => e.Name is "from" or "to"), problem.ToString());
        }
    }

    [ProviderFact]
    public async Task ApiAnswers_AreNotStored_ByAnyCache()
    {
        var email = await NewUserAsync("admin");
        using var client = await App.BearerClientAsync(email);
        foreach (var path in new[] { "/api/v1/me", "/api/v1/employees", "/api/v1/kpis.csv" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.Headers.CacheControl?.NoStore, $"{path}: Cache-Control {response.Headers.CacheControl}");
        }
    }

    [ProviderFact]
    public async Task SolverRoutes_BeyondTheCallersConcurrentSolves_Answer429WithRetryAfter()
    {
        var email = await NewUserAsync("admin");
        using var client = await App.BearerClientAsync(email);
        string userId;
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<CertDesk.Features.Accounts.AppUser>>();
            userId = (await users.FindByEmailAsync(email))!.Id;
        }
        var limits = App.Services.GetRequiredService<CertDesk.Hosting.SolverLimits>();
        // The caller's solve is running (the default cap is one per user): a second one is not queued behind it.
        using var running = limits.TryEnter(userId);
        Assert.True(running.IsAcquired);
        foreach (var path in new[] { "/api/v1/cohort-plans", "/api/v1/sessions/best-slots", "/api/v1/roi-studies" })
        {
            var refused = await client.PostAsync(path, System.Net.Http.Json.JsonContent.Create(new { }));
            await AssertHttp.StatusAsync(refused, HttpStatusCode.TooManyRequests);
            Assert.Equal(TimeSpan.FromSeconds(CertDesk.Hosting.SolverLimits.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
        }
        // Another user is not held up by this one.
        using var other = await App.BearerClientAsync(await NewUserAsync("admin"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await other.PostAsync("/api/v1/roi-studies", System.Net.Http.Json.JsonContent.Create(new { }))).StatusCode);
    }

    [ProviderFact]
    public async Task LoginPage_UnderStrictCsp_HasNoInlineScript()
    {
        using var client = App.AnonymousClient();
        var html = await AssertHttp.StatusAsync(await client.GetAsync("/Accounts/Login"), HttpStatusCode.OK);
        var inline = System.Text.RegularExpressions.Regex.Matches(html, "<script(?![^>]*\\bsrc=)[^>]*>", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        Assert.Empty(inline);
        Assert.DoesNotContain(" onclick=", html, StringComparison.OrdinalIgnoreCase);
    }

    [ProviderFact]
    public async Task SessionCookie_AfterSignIn_IsHttpOnly()
    {
        var email = await NewUserAsync("employee");
        using var client = App.AnonymousClient();
        var response = await CertDeskApp.PostLoginAsync(client, email, StrongPassword);
        await AssertHttp.RedirectsToAsync(response, "/");
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("certdesk=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [ProviderFact]
    public async Task BearerToken_Valid_AuthenticatesTheApi()
    {
        var email = await NewUserAsync("hr");
        using var client = await App.BearerClientAsync(email);
        var me = await AssertHttp.JsonAsync(await client.GetAsync("/api/v1/me"));
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal(["ProgramManager"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [ProviderFact]
    public async Task BearerToken_WrongOrRevoked_Is401()
    {
        var email = await NewUserAsync("admin");
        var token = await App.CreateTokenAsync(email);
        Assert.StartsWith("cdk_", token, StringComparison.Ordinal);

        using (var wrong = App.BearerClient(token[..^4] + "0000"))
        {
            await AssertHttp.StatusAsync(await wrong.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        }
        using (var garbage = App.BearerClient("not-a-token"))
        {
            await AssertHttp.StatusAsync(await garbage.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        }

        using var valid = App.BearerClient(token);
        await AssertHttp.StatusAsync(await valid.GetAsync("/api/v1/me"), HttpStatusCode.OK);
        await App.RevokeTokensAsync(email);
        await AssertHttp.StatusAsync(await valid.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [ProviderFact]
    public async Task BearerToken_OfLowRole_Gets403NotTheData()
    {
        var email = await NewUserAsync("employee");
        using var client = await App.BearerClientAsync(email);
        var response = await client.GetAsync("/api/v1/audit");
        await AssertHttp.StatusAsync(response, HttpStatusCode.Forbidden);
        Assert.Null(response.Headers.Location);
    }

    [ProviderTheory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_Anonymous_Is200(string path)
    {
        using var client = App.AnonymousClient();
        var body = await AssertHttp.StatusAsync(await client.GetAsync(path), HttpStatusCode.OK);
        Assert.Equal("Healthy", body);
    }

    [ProviderFact]
    public async Task OpenApi_Anonymous_DescribesTheApi()
    {
        using var client = App.AnonymousClient();
        var doc = await AssertHttp.JsonAsync(await client.GetAsync("/openapi/v1.json"));
        Assert.StartsWith("3.", doc.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/employees", paths);
        Assert.Contains("/api/v1/sites/{id}", paths);
        Assert.Contains("/api/v1/me", paths);
    }

    [ProviderFact]
    public async Task SiteUpdate_StaleIfMatch_Is412AndChangesNothing()
    {
        using var admin = await App.BearerClientAsync(await NewUserAsync("admin"));
        var name = $"Site {Guid.NewGuid():N}";
        var created = await AssertHttp.JsonAsync(await admin.PostAsJsonAsync("/api/v1/sites", new { name, time_zone = "Europe/Paris" }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();

        var get = await admin.GetAsync($"/api/v1/sites/{id}");
        await AssertHttp.StatusAsync(get, HttpStatusCode.OK);
        var etag = get.Headers.ETag?.Tag;
        Assert.False(string.IsNullOrEmpty(etag), "GET of one site has no ETag");

        using var fresh = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/sites/{id}") { Content = JsonContent.Create(new { name, time_zone = "Europe/Berlin" }) };
        fresh.Headers.TryAddWithoutValidation("If-Match", etag);
        var updated = await AssertHttp.JsonAsync(await admin.SendAsync(fresh));
        Assert.Equal("Europe/Berlin", updated.GetProperty("time_zone").GetString());

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/sites/{id}") { Content = JsonContent.Create(new { name, time_zone = "Asia/Tokyo" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        var problem = await AssertHttp.JsonAsync(await admin.SendAsync(stale), HttpStatusCode.PreconditionFailed, "application/problem+json");
        Assert.Equal(412, problem.GetProperty("status").GetInt32());

        var after = await AssertHttp.JsonAsync(await admin.GetAsync($"/api/v1/sites/{id}"));
        Assert.Equal("Europe/Berlin", after.GetProperty("time_zone").GetString());
    }

    [ProviderFact]
    public async Task SiteUpdate_InvalidBody_Is422ProblemDetailsNamingTheFields()
    {
        using var admin = await App.BearerClientAsync(await NewUserAsync("admin"));
        var created = await AssertHttp.JsonAsync(await admin.PostAsJsonAsync("/api/v1/sites", new { name = $"Site {Guid.NewGuid():N}", time_zone = "UTC" }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();

        var response = await admin.PutAsJsonAsync($"/api/v1/sites/{id}", new { name = "", time_zone = "Mars/Olympus_Mons" });
        var problem = await AssertHttp.JsonAsync(response, (HttpStatusCode)422, "application/problem+json");
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _), $"no error for name: {problem}");
        Assert.Contains("Mars/Olympus_Mons", errors.GetProperty("time_zone")[0].GetString(), StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task SiteCreate_InvalidBody_Is422ProblemDetails()
    {
        using var admin = await App.BearerClientAsync(await NewUserAsync("admin"));
        var response = await admin.PostAsJsonAsync("/api/v1/sites", new { name = "Nowhere", time_zone = "Not/AZone" });
        var problem = await AssertHttp.JsonAsync(response, (HttpStatusCode)422, "application/problem+json");
        Assert.True(problem.GetProperty("errors").TryGetProperty("time_zone", out _), problem.ToString());
    }

    [ProviderFact]
    public async Task SiteUpdate_AsManager_Is403()
    {
        using var admin = await App.BearerClientAsync(await NewUserAsync("admin"));
        var created = await AssertHttp.JsonAsync(await admin.PostAsJsonAsync("/api/v1/sites", new { name = $"Site {Guid.NewGuid():N}", time_zone = "UTC" }), HttpStatusCode.Created);
        using var manager = await App.BearerClientAsync(await NewUserAsync("manager"));
        var response = await manager.PutAsJsonAsync($"/api/v1/sites/{created.GetProperty("id").GetString()}", new { name = "Hijacked", time_zone = "UTC" });
        await AssertHttp.StatusAsync(response, HttpStatusCode.Forbidden);
    }

    [ProviderFact]
    public async Task Api_UnknownRecord_Is404ProblemDetails()
    {
        using var admin = await App.BearerClientAsync(await NewUserAsync("admin"));
        var problem = await AssertHttp.JsonAsync(await admin.GetAsync($"/api/v1/sites/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "application/problem+json");
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }
}

public sealed class SqliteSecurityTests(SqliteEmptyApp fixture) : SecurityTests(fixture), IClassFixture<SqliteEmptyApp>;

public sealed class PostgresSecurityTests(PostgresEmptyApp fixture) : SecurityTests(fixture), IClassFixture<PostgresEmptyApp>, IPostgresTests;
