using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertDesk.Hosting;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Data;

/// <summary>
/// Two people editing the same record: the second save, made from the version both started with, is refused
/// (412 with the current version) and the first one's change is kept; after reloading, the second one's change
/// goes through. A lost race (no If-Match, the same moment) answers 412 as a stale If-Match does, and loses nothing either.
/// </summary>
public abstract class ConcurrencyTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static Dictionary<string, object?> Policy(string code, string name) => new()
    {
        ["code"] = code,
        ["name"] = name,
        ["annual_cap"] = 5250m,
        ["commitment_months"] = 24,
        ["commitment_start"] = "completion",
        ["proration"] = "tiers",
        ["tiers"] = new[] { new { from_month = 0, until_month = 12, percent = 100m }, new { from_month = 12, until_month = 24, percent = 50m } },
    };

    private static object Case(string costCenter, decimal fees) => new
    {
        employee_number = "E0021",
        certification_code = "CCCM",
        certification_name = "Certified Call Center Manager",
        fiscal_year = 2026,
        cost_center = costCenter,
        fees,
        materials = 200m,
        travel = 300m,
        hours_away = 40m,
        backfill = 500m,
        benefits = new[] { new { name = "lower attrition", annual_value = 48000m, isolation = 0.6m, confidence = 0.8m } },
    };

    private static async Task<(JsonElement Body, string ETag)> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await AssertHttp.JsonAsync(response);
        return (body, response.Headers.ETag?.Tag ?? throw new Xunit.Sdk.XunitException($"{url}: no ETag"));
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string url, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body, options: CertDeskJson.Options) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }

    [ProviderFact]
    public async Task PolicyDraft_TwoEditorsFromTheSameVersion_SecondGets412WithCurrentVersion_FirstKept()
    {
        var hr = await App.BearerClientAsync(Demo.Hr);
        var admin = await App.BearerClientAsync(Demo.Admin);
        var code = "TP-C" + Guid.NewGuid().ToString("N")[..6];
        var created = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/policies", Policy(code, "Original"), CertDeskJson.Options), HttpStatusCode.Created);
        var url = $"/api/v1/policies/{created.GetProperty("id").GetGuid()}";

        var (_, hrTag) = await GetAsync(hr, url);
        var (_, adminTag) = await GetAsync(admin, url);
        Assert.Equal(hrTag, adminTag);

        var first = await PutAsync(hr, url, Policy(code, "Edited by HR"), hrTag);
        await AssertHttp.StatusAsync(first, HttpStatusCode.OK);
        var winner = first.Headers.ETag!.Tag;
        Assert.NotEqual(hrTag, winner);

        var second = await PutAsync(admin, url, Policy(code, "Edited by admin"), adminTag);
        var problem = await AssertHttp.JsonAsync(second, HttpStatusCode.PreconditionFailed, "application/problem+json");
        Assert.Equal(winner, ApiResults.ETag(problem.GetProperty("current_version").GetInt32()));

        var (kept, tag) = await GetAsync(admin, url);
        Assert.Equal("Edited by HR", kept.GetProperty("name").GetString());
        await AssertHttp.StatusAsync(await PutAsync(admin, url, Policy(code, "Edited by admin"), tag), HttpStatusCode.OK);
        Assert.Equal("Edited by admin", (await GetAsync(hr, url)).Body.GetProperty("name").GetString());
    }

    [ProviderFact]
    public async Task BusinessCase_TwoEditorsFromTheSameVersion_SecondGets412_FirstKept()
    {
        var hr = await App.BearerClientAsync(Demo.Hr);
        var admin = await App.BearerClientAsync(Demo.Admin);
        var created = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/business-cases", Case("CC-CONC", 1000m), CertDeskJson.Options), HttpStatusCode.Created);
        var url = $"/api/v1/business-cases/{created.GetProperty("id").GetGuid()}";
        var (_, tag) = await GetAsync(hr, url);

        await AssertHttp.StatusAsync(await PutAsync(hr, url, Case("CC-CONC", 1100m), tag), HttpStatusCode.OK);
        var problem = await AssertHttp.JsonAsync(await PutAsync(admin, url, Case("CC-CONC", 1200m), tag), HttpStatusCode.PreconditionFailed, "application/problem+json");
        Assert.True(problem.GetProperty("current_version").GetInt32() > 0);
        Assert.Equal(1100m, (await GetAsync(admin, url)).Body.GetProperty("fees").GetDecimal());
    }

    [ProviderFact]
    public async Task Site_TwoEditorsFromTheSameVersion_SecondGets412_FirstKept()
    {
        var admin = await App.BearerClientAsync(Demo.Admin);
        var created = await AssertHttp.JsonAsync(await admin.PostAsJsonAsync("/api/v1/sites", new { name = "Site " + Guid.NewGuid().ToString("N")[..6], time_zone = "America/New_York" }, CertDeskJson.Options), HttpStatusCode.Created);
        var url = $"/api/v1/sites/{created.GetProperty("id").GetGuid()}";
        var name = created.GetProperty("name").GetString()!;
        var (_, tag) = await GetAsync(admin, url);

        await AssertHttp.StatusAsync(await PutAsync(admin, url, new { name, time_zone = "America/Chicago" }, tag), HttpStatusCode.OK);
        await AssertHttp.JsonAsync(await PutAsync(admin, url, new { name, time_zone = "Asia/Manila" }, tag), HttpStatusCode.PreconditionFailed, "application/problem+json");
        Assert.Equal("America/Chicago", (await GetAsync(admin, url)).Body.GetProperty("time_zone").GetString());
    }

    /// <summary>
    /// Many saves at once without If-Match: each is acknowledged (200) or refused (412), and every acknowledged one
    /// counts. PostgreSQL only: it is the several-writers deployment (the tests' in-memory SQLite locks whole tables).
    /// </summary>
    protected async Task SimultaneousSavesAsync()
    {
        var hr = await App.BearerClientAsync(Demo.Hr);
        var created = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/business-cases", Case("CC-RACE", 1000m), CertDeskJson.Options), HttpStatusCode.Created);
        var url = $"/api/v1/business-cases/{created.GetProperty("id").GetGuid()}";
        var before = (await GetAsync(hr, url)).Body.GetProperty("version").GetInt32();

        var clients = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => App.BearerClientAsync(Demo.Hr)));
        var responses = await Task.WhenAll(clients.Select((c, i) => PutAsync(c, url, Case("CC-RACE", 1000m + i + 1), ifMatch: null)));
        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.All(statuses, s => Assert.True(s is 200 or 412, $"statuses: {string.Join(",", statuses)}"));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.PreconditionFailed))
        {
            var problem = await AssertHttp.JsonAsync(conflict, HttpStatusCode.PreconditionFailed, "application/problem+json");
            Assert.True(problem.GetProperty("current_version").GetInt32() > before);
        }
        var after = (await GetAsync(hr, url)).Body.GetProperty("version").GetInt32();
        Assert.Equal(before + statuses.Count(s => s == 200), after);
    }
}

public sealed class SqliteConcurrencyTests(SqliteDemoApp fixture) : ConcurrencyTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresConcurrencyTests(PostgresDemoApp fixture) : ConcurrencyTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests
{
    [ProviderFact]
    public Task BusinessCase_SimultaneousSavesWithoutIfMatch_EachIs200Or412_VersionCountsTheAcknowledged() => SimultaneousSavesAsync();
}
