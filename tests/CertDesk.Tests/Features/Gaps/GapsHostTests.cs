using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CertDesk.Features.Catalog;
using CertDesk.Features.Competencies;
using CertDesk.Features.Gaps;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.Tests.Features.Gaps;

/// <summary>A demo-seeded app on a private in-memory SQLite database (kept alive by an open connection).</summary>
public sealed class GapsApp : IAsyncLifetime
{
    private readonly string _name = "gaps-" + Guid.NewGuid().ToString("N");
    private SqliteConnection? _keepAlive;

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var connection = $"Data Source=file:{_name}?mode=memory&cache=shared";
        _keepAlive = new SqliteConnection(connection);
        await _keepAlive.OpenAsync();
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Database", connection).UseSetting("SeedDemo", "true"));
        _ = Factory.Server;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (_keepAlive is not null)
        {
            await _keepAlive.DisposeAsync();
        }
    }

    public async Task<HttpClient> SignInAsync(string email)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await client.GetStringAsync("/Accounts/Login");
        var token = System.Text.RegularExpressions.Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "CertDesk-demo-1", ["__RequestVerificationToken"] = token };
        var response = await client.PostAsync("/Accounts/Login", new FormUrlEncodedContent(form));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in of {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}

public sealed class GapsHostTests(GapsApp app) : IClassFixture<GapsApp>
{
    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Catalog_Seeded_UnknownFactsStayNullAndSourcesShown()
    {
        var client = await app.SignInAsync("employee@demo.local");
        var page = await Json(await client.GetAsync("/api/v1/certifications?page_size=100"), HttpStatusCode.OK);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(page.GetProperty("total").GetInt32(), items.Count);
        var qamc = items.Single(i => i.GetProperty("code").GetString() == "QAMC");
        Assert.Equal(JsonValueKind.Null, qamc.GetProperty("issuer_code").ValueKind);
        Assert.Equal(JsonValueKind.Null, qamc.GetProperty("tuition_fee").ValueKind);
        Assert.Equal("unverified", qamc.GetProperty("verification").GetString());
        var cccm = items.Single(i => i.GetProperty("code").GetString() == "CCCM");
        Assert.Equal("RCCSP", cccm.GetProperty("issuer_code").GetString());
        Assert.Contains("rccsp", cccm.GetProperty("sources").GetProperty("format").GetString()!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UpdateCertification_ProgramManagerWithStaleIfMatch_412AndEmployee403()
    {
        var hr = await app.SignInAsync("hr@demo.local");
        var list = await Json(await hr.GetAsync("/api/v1/certifications?page_size=100"), HttpStatusCode.OK);
        var id = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "CWPP").GetProperty("id").GetString();
        var get = await hr.GetAsync($"/api/v1/certifications/{id}");
        var etag = get.Headers.ETag!.Tag;
        var cert = await Json(get, HttpStatusCode.OK);
        var input = new Dictionary<string, object?>
        {
            ["code"] = "CWPP",
            ["name"] = cert.GetProperty("name").GetString(),
            ["issuer_code"] = "SWPP",
            ["tuition_fee"] = 1500.00m,
            ["verification"] = "partial",
            ["sources"] = new Dictionary<string, string> { ["fees"] = "quote from SWPP, 2026-11 [S]" },
            ["competencies"] = new Dictionary<string, int> { ["WFM"] = 5 },
        };
        var ok = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/certifications/{id}") { Content = JsonContent.Create(input) };
        ok.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        var updated = await Json(await hr.SendAsync(ok), HttpStatusCode.OK);
        Assert.Equal(1500.00m, updated.GetProperty("tuition_fee").GetDecimal());

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/certifications/{id}") { Content = JsonContent.Create(input) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        await Json(await hr.SendAsync(stale), HttpStatusCode.PreconditionFailed);

        var employee = await app.SignInAsync("employee@demo.local");
        var forbidden = await employee.PutAsJsonAsync($"/api/v1/certifications/{id}", input);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        var history = await hr.GetStringAsync($"/Catalog/Certifications/Details/{id}");
        var text = Shared.ScreensTests.VisibleText(history);
        Assert.Contains("Changed certification: CWPP", text, StringComparison.Ordinal);
        // The sources (stored as a JSON object keyed by fact code) read as "Fact: source" (the tuition fee line is past the eight shown).
        Assert.Contains("→ Fees: quote from SWPP, 2026-11 [S]", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assessments_EmployeeSelfOnly_ManagerForReports()
    {
        var employee = await app.SignInAsync("employee@demo.local");
        var me = await Json(await employee.GetAsync("/api/v1/me"), HttpStatusCode.OK);
        var myId = Guid.Parse(me.GetProperty("employee_id").GetString()!);
        var self = new AssessmentInput(myId, "COACH", "self", 3, new DateOnly(2026, 6, 1), "Ran 12 one-to-ones", null);
        await Json(await employee.PostAsJsonAsync("/api/v1/assessments", self, CertDesk.Hosting.CertDeskJson.Options), HttpStatusCode.Created);
        var asManager = self with { Source = "manager" };
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.PostAsJsonAsync("/api/v1/assessments", asManager, CertDesk.Hosting.CertDeskJson.Options)).StatusCode);

        // manager@demo.local (E0009) is above the demo employee (E0020) in the chart.
        var manager = await app.SignInAsync("manager@demo.local");
        await Json(await manager.PostAsJsonAsync("/api/v1/assessments", asManager, CertDesk.Hosting.CertDeskJson.Options), HttpStatusCode.Created);
        var unknown = asManager with { Competency = "NOPE" };
        await Json(await manager.PostAsJsonAsync("/api/v1/assessments", unknown, CertDesk.Hosting.CertDeskJson.Options), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task GapsAndRecommendations_DemoSupervisor_RankedWithReasons()
    {
        var hr = await app.SignInAsync("hr@demo.local");
        var employee = await app.SignInAsync("employee@demo.local");
        var me = await Json(await employee.GetAsync("/api/v1/me"), HttpStatusCode.OK);
        var id = me.GetProperty("employee_id").GetString();
        var gaps = await Json(await hr.GetAsync($"/api/v1/gaps/{id}"), HttpStatusCode.OK);
        Assert.Equal("Supervisor", gaps.GetProperty("role").GetString());
        Assert.True(gaps.GetProperty("lines").GetArrayLength() > 0);
        var recs = await Json(await hr.GetAsync($"/api/v1/gaps/{id}/recommendations"), HttpStatusCode.OK);
        Assert.Equal(1, recs.GetProperty("items")[0].GetProperty("rank").GetInt32());
        var heat = await hr.GetStringAsync("/Gaps/HeatMap?role=Supervisor");
        Assert.Contains("heat-", heat, StringComparison.Ordinal);
        var person = await hr.GetStringAsync($"/Gaps/Person/{id}");
        Assert.Contains("Recommended certifications", person, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeatMap_KeptPerDataVersion_ANewAssessmentIsSeenAtTheNextLook()
    {
        var employee = await app.SignInAsync("employee@demo.local");
        var me = await Json(await employee.GetAsync("/api/v1/me"), HttpStatusCode.OK);
        var myId = Guid.Parse(me.GetProperty("employee_id").GetString()!);
        var viewer = new CertDesk.Features.Accounts.Caller("heat-map-viewer", "hr@demo.local", "HR",
            new HashSet<string>(StringComparer.Ordinal) { CertDesk.Features.Accounts.Roles.ProgramManager }, null);
        Task<decimal?> CoachLevelAsync() => app.WithScopeAsync(async sp =>
        {
            var map = await sp.GetRequiredService<GapAnalysis>().HeatMapAsync(viewer, null, "Supervisor", default);
            return map.Rows.Single(r => r.EmployeeId == myId).Cells["COACH"].Current;
        });

        await AssertANewAssessmentIsSeenAsync(myId, CoachLevelAsync);
    }

    /// <summary>Two looks give the kept result; the manager's new COACH rating is seen at the next look.</summary>
    private async Task AssertANewAssessmentIsSeenAsync(Guid myId, Func<Task<decimal?>> coachLevelAsync)
    {
        var before = await coachLevelAsync();
        Assert.Equal(before, await coachLevelAsync()); // the second look is the kept one
        var manager = await app.SignInAsync("manager@demo.local");
        var level = before is null or < 3 ? 5 : 1;
        await Json(await manager.PostAsJsonAsync("/api/v1/assessments",
            new AssessmentInput(myId, "COACH", "manager", level, DateOnly.FromDateTime(DateTime.UtcNow), "Observed coaching", null),
            CertDesk.Hosting.CertDeskJson.Options), HttpStatusCode.Created);
        Assert.NotEqual(before, await coachLevelAsync());
    }

    [Fact]
    public async Task PersonGaps_KeptPerDataVersion_ANewAssessmentIsSeenAtTheNextLook()
    {
        var employee = await app.SignInAsync("employee@demo.local");
        var me = await Json(await employee.GetAsync("/api/v1/me"), HttpStatusCode.OK);
        var myId = Guid.Parse(me.GetProperty("employee_id").GetString()!);
        async Task<decimal?> CoachLevelAsync()
        {
            var gaps = await Json(await employee.GetAsync($"/api/v1/gaps/{myId}?target_role=Supervisor"), HttpStatusCode.OK);
            var line = gaps.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("competency").GetString() == "COACH");
            return line.GetProperty("current").ValueKind == JsonValueKind.Null ? null : line.GetProperty("current").GetDecimal();
        }

        await AssertANewAssessmentIsSeenAsync(myId, CoachLevelAsync);
    }

    [Fact]
    public async Task VersionedCache_AskedAtOnce_OneWorkingOut_AndOneStoppedByItsRequestIsWorkedOutAgain()
    {
        await using var a = app.Factory.Services.CreateAsyncScope();
        await using var b = app.Factory.Services.CreateAsyncScope();
        var first = a.ServiceProvider.GetRequiredService<CertDesk.Hosting.VersionedCache>();
        var second = b.ServiceProvider.GetRequiredService<CertDesk.Hosting.VersionedCache>();

        var key = ("test", Guid.NewGuid());
        var calls = 0;
        var release = new TaskCompletionSource();
        async Task<string[]> SlowAsync()
        {
            Interlocked.Increment(ref calls);
            await release.Task;
            return ["worked out"];
        }
        var one = first.GetOrCreateAsync(key, SlowAsync, default);
        var other = second.GetOrCreateAsync(key, SlowAsync, default);
        release.SetResult();
        Assert.Same(await one, await other);
        Assert.Equal(1, calls);

        // The request that started a working-out goes away: another one waiting for it gets its own.
        var stopped = ("test", Guid.NewGuid());
        using var stop = new CancellationTokenSource();
        var gone = first.GetOrCreateAsync(stopped, async () =>
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
            return new[] { "never" };
        }, stop.Token);
        var waiting = second.GetOrCreateAsync(stopped, () => Task.FromResult(new[] { "its own" }), default);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);
        Assert.Equal(["its own"], await waiting);
    }

    [Fact]
    public async Task CohortPlan_NegativeBudget422_ValidPlanOptimalWithinBudget()
    {
        var hr = await app.SignInAsync("hr@demo.local");
        var bad = new CohortPlanInput(null, null, "Supervisor", -1m, new DateOnly(2027, 1, 4), new DateOnly(2027, 3, 28), 2);
        var problem = await Json(await hr.PostAsJsonAsync("/api/v1/cohort-plans", bad, CertDesk.Hosting.CertDeskJson.Options), HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("budget", out _));
        var good = bad with { Budget = 15000m };
        var plan = await Json(await hr.PostAsJsonAsync("/api/v1/cohort-plans", good, CertDesk.Hosting.CertDeskJson.Options), HttpStatusCode.OK);
        Assert.Equal("optimal", plan.GetProperty("status").GetString());
        Assert.True(plan.GetProperty("cost").GetDecimal() <= 15000m);
        Assert.All(plan.GetProperty("away_per_week").EnumerateArray(), w => Assert.True(w.GetInt32() <= 2));
        var employee = await app.SignInAsync("employee@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.PostAsJsonAsync("/api/v1/cohort-plans", good, CertDesk.Hosting.CertDeskJson.Options)).StatusCode);
    }

    [Fact]
    public async Task Imports_UnknownPersonOrCompetencyOrFrameworkCycle_ErrorsAndNothingWritten()
    {
        var before = await app.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<CertDesk.Data.CertDeskDbContext>().Assessments.Count()));
        var csv = "employee_id,competency,source,level,assessed_on,assessor_email,evidence,comment\n" +
                  "E0020,WFM,manager,3,2026-05-01,manager@demo.local,ok,\n" +
                  "E9999,WFM,manager,3,2026-05-01,manager@demo.local,,\n" +
                  "E0020,NOPE,self,3,2026-05-01,,,\n";
        var result = await app.WithScopeAsync(sp => sp.GetRequiredService<AssessmentService>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "a.csv", false, false, default));
        Assert.True(result.Failed);
        Assert.Contains(result.Errors, e => e.Contains("row 3, field employee_id", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("row 4, field competency", StringComparison.Ordinal));
        var after = await app.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<CertDesk.Data.CertDeskDbContext>().Assessments.Count()));
        Assert.Equal(before, after);

        var framework = "code,name,category,parent_code,level_1,level_2,level_3,level_4,level_5\n" +
                        "A,Alpha,X,B,1,2,3,4,5\nB,Beta,X,A,1,2,3,4,5\nC,Gamma,X,,1,2,,4,5\n";
        var fw = await app.WithScopeAsync(sp => sp.GetRequiredService<FrameworkCsv>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(framework)), "f.csv", false, default));
        Assert.True(fw.Failed);
        Assert.Contains(fw.Errors, e => e.Contains("loops", StringComparison.Ordinal));
        Assert.Contains(fw.Errors, e => e.Contains("row 4, field level_3", StringComparison.Ordinal));
        Assert.False(await app.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<CertDesk.Data.CertDeskDbContext>().Competencies.Any(c => c.Code == "A"))));
    }

    [Fact]
    public async Task CatalogCsv_ExportThenImport_Idempotent()
    {
        var csv = await app.WithScopeAsync(async sp =>
        {
            var writer = new StringWriter();
            await sp.GetRequiredService<CatalogCsv>().ExportAsync(writer, default);
            return writer.ToString();
        });
        var result = await app.WithScopeAsync(sp => sp.GetRequiredService<CatalogCsv>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "c.csv", false, false, default));
        Assert.Empty(result.Errors);
        Assert.Equal(0, result.Created + result.Updated);
        Assert.True(result.Unchanged >= 12);
    }
}
