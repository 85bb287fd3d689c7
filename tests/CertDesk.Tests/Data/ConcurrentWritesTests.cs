using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CertDesk.Cli;
using CertDesk.Hosting;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Data;

/// <summary>
/// Many hands at once (issue 17), on a SQLite file (WAL, as deployed) and on PostgreSQL: writers on different and on the
/// same records, racing If-Match PUTs, racing enrollments and site names, double-submitted forms, Idempotency-Key
/// replays, web writes during a CDR import. Never a 500; exactly one winner where one is expected; no duplicates; every
/// 2xx answered is in the database. Bounded: a few hundred requests per test.
/// </summary>
public abstract partial class ConcurrentWritesTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private static Task<HttpResponseMessage> PostSiteAsync(HttpClient client, string name, string? idempotencyKey = null, string zone = "America/New_York")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sites") { Content = JsonContent.Create(new { name, time_zone = zone }, options: CertDeskJson.Options) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add(IdempotencyKeys.Header, idempotencyKey);
        }
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PutSiteAsync(HttpClient client, Guid id, string name, string zone, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/sites/{id}") { Content = JsonContent.Create(new { name, time_zone = zone }, options: CertDeskJson.Options) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    private async Task<HashSet<string>> SiteNamesAsync(HttpClient client)
    {
        var body = await AssertHttp.JsonAsync(await client.GetAsync("/api/v1/sites?page_size=500"));
        var items = body.ValueKind == JsonValueKind.Array ? body : body.GetProperty("items");
        return [.. items.EnumerateArray().Select(s => s.GetProperty("name").GetString()!)];
    }

    private static string Statuses(IEnumerable<HttpResponseMessage> responses) =>
        string.Join(",", responses.GroupBy(r => (int)r.StatusCode).OrderBy(g => g.Key).Select(g => $"{g.Key}x{g.Count()}"));

    private async Task<HttpClient[]> AdminsAsync(int count) => await Task.WhenAll(Enumerable.Range(0, count).Select(_ => App.BearerClientAsync(Demo.Admin)));

    [ProviderFact]
    public async Task SixteenWriters_CreatingDifferentRecords_AllCreated_NoneFails_AuditChainIntact()
    {
        var clients = await AdminsAsync(16);
        var prefix = Unique("W");
        var responses = await Task.WhenAll(clients.Select(async (c, i) =>
        {
            var mine = new List<(string Name, HttpResponseMessage Response)>();
            for (var n = 0; n < 8; n++)
            {
                var name = $"{prefix}-{i}-{n}";
                mine.Add((name, await PostSiteAsync(c, name)));
            }
            return mine;
        }));
        var all = responses.SelectMany(r => r).ToList();
        Assert.True(all.All(r => r.Response.StatusCode == HttpStatusCode.Created), Statuses(all.Select(r => r.Response)));
        var stored = await SiteNamesAsync(clients[0]);
        Assert.All(all, r => Assert.Contains(r.Name, stored));
        Assert.True((await App.VerifyAuditAsync()).Intact);
    }

    [ProviderFact]
    public async Task TenRacingPuts_WithTheSameETag_ExactlyOneWins_Others412WithCurrentVersion_Never500()
    {
        var clients = await AdminsAsync(10);
        var name = Unique("Race ");
        var created = await AssertHttp.JsonAsync(await PostSiteAsync(clients[0], name), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        for (var round = 0; round < 3; round++)
        {
            var current = await clients[0].GetAsync($"/api/v1/sites/{id}");
            await AssertHttp.StatusAsync(current, HttpStatusCode.OK);
            var tag = current.Headers.ETag!.Tag;
            // Every writer changes something (a PUT that changes nothing is a 200 with the same version).
            var responses = await Task.WhenAll(clients.Select((c, i) => PutSiteAsync(c, id, $"{name} r{round} w{i}", "Asia/Manila", tag)));
            Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) == 1 && responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed) == 9,
                $"round {round}: {Statuses(responses)}");
            var winner = responses.Single(r => r.StatusCode == HttpStatusCode.OK).Headers.ETag!.Tag;
            foreach (var loser in responses.Where(r => r.StatusCode == HttpStatusCode.PreconditionFailed))
            {
                var problem = await AssertHttp.JsonAsync(loser, HttpStatusCode.PreconditionFailed, "application/problem+json");
                Assert.Equal(winner, ApiResults.ETag(problem.GetProperty("current_version").GetInt32()));
            }
        }
    }

    [ProviderFact]
    public async Task EightWriters_EditingTheirOwnRecords_AllSaved()
    {
        var clients = await AdminsAsync(8);
        var sites = new List<(Guid Id, string Name, string Tag)>();
        foreach (var client in clients)
        {
            var response = await PostSiteAsync(client, Unique("Own "));
            var body = await AssertHttp.JsonAsync(response, HttpStatusCode.Created);
            sites.Add((body.GetProperty("id").GetGuid(), body.GetProperty("name").GetString()!, ApiResults.ETag(body.GetProperty("version").GetInt32())));
        }
        var responses = await Task.WhenAll(clients.Select((c, i) => PutSiteAsync(c, sites[i].Id, sites[i].Name, "Asia/Tokyo", sites[i].Tag)));
        Assert.True(responses.All(r => r.StatusCode == HttpStatusCode.OK), Statuses(responses));
        foreach (var (siteId, _, _) in sites)
        {
            var body = await AssertHttp.JsonAsync(await clients[0].GetAsync($"/api/v1/sites/{siteId}"));
            Assert.Equal("Asia/Tokyo", body.GetProperty("time_zone").GetString());
        }
    }

    [ProviderFact]
    public async Task RacingSiteNames_OneCreated_Others409Or422NamingTheName()
    {
        var clients = await AdminsAsync(6);
        for (var trial = 0; trial < 3; trial++)
        {
            var name = Unique("Same ");
            var responses = await Task.WhenAll(clients.Select(c => PostSiteAsync(c, name)));
            Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Created) == 1, Statuses(responses));
            foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            {
                Assert.True(loser.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, Statuses(responses));
                var problem = await AssertHttp.JsonAsync(loser, loser.StatusCode, "application/problem+json");
                Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _), problem.ToString());
            }
            Assert.Single(await SiteNamesAsync(clients[0]), n => n == name);
        }
    }

    [ProviderFact]
    public async Task RacingEnrollmentPosts_ExactlyOneOpenEnrollment_OthersConflict()
    {
        var hr = await App.BearerClientAsync(Demo.Hr);
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => App.BearerClientAsync(Demo.Hr)));
        var people = await AssertHttp.JsonAsync(await hr.GetAsync("/api/v1/employees?page_size=20"));
        var employeeId = people.GetProperty("items")[3].GetProperty("id").GetGuid();
        for (var trial = 0; trial < 3; trial++)
        {
            var code = Unique("RACE").ToUpperInvariant();
            var cert = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/certifications", new { code, name = "Racing enrollments" }, CertDeskJson.Options), HttpStatusCode.Created);
            var certificationId = cert.GetProperty("id").GetGuid();
            var responses = await Task.WhenAll(clients.Select(c => c.PostAsJsonAsync("/api/v1/enrollments",
                new { employee_id = employeeId, certification_id = certificationId }, CertDeskJson.Options)));
            Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Created) == 1
                && responses.All(r => r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict), $"trial {trial}: {Statuses(responses)}");
            var list = await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/enrollments?page_size=500"));
            Assert.Single(list.GetProperty("items").EnumerateArray(), e =>
                e.GetProperty("employee_id").GetGuid() == employeeId && e.GetProperty("certification_id").GetGuid() == certificationId);
        }
    }

    [ProviderFact]
    public async Task IdempotencyKey_SameKeyAndBody_ReplaysTheFirstAnswer_OtherBody422_RacingCopiesCreateOne()
    {
        var admin = await App.BearerClientAsync(Demo.Admin);
        var key = Guid.NewGuid().ToString();
        var name = Unique("Idem ");
        var first = await AssertHttp.JsonAsync(await PostSiteAsync(admin, name, key), HttpStatusCode.Created);
        var again = await PostSiteAsync(admin, name, key);
        var replayed = await AssertHttp.JsonAsync(again, HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("id").GetGuid(), replayed.GetProperty("id").GetGuid());
        Assert.Equal("true", again.Headers.GetValues(IdempotencyKeys.ReplayedHeader).Single());

        var other = await AssertHttp.JsonAsync(await PostSiteAsync(admin, name + " other", key), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.True(other.GetProperty("errors").TryGetProperty("idempotency-key", out _), other.ToString());

        var racers = await AdminsAsync(4);
        var racingName = Unique("IdemRace ");
        var racingKey = Guid.NewGuid().ToString();
        var shared = racers[0];
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostSiteAsync(shared, racingName, racingKey)));
        Assert.True(responses.All(r => r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict), Statuses(responses));
        Assert.Single(await SiteNamesAsync(admin), n => n == racingName);
    }

    [ProviderFact]
    public async Task IdempotencyKey_OnAPostThatOnlyComputes_IsNotClaimed_EveryCopyIsComputed()
    {
        // A calculation writes nothing, so its key is not claimed: another body under the same key is computed (not
        // 422), and copies at once are all answered 200 (never the 409 of a key still running, which it does not declare).
        var admin = await App.BearerClientAsync(Demo.Admin);
        var key = Guid.NewGuid().ToString();
        Task<HttpResponseMessage> ErlangC(int agents)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/staffing/erlang-c")
            {
                Content = JsonContent.Create(new { calls = 100, interval = 1800, aht = 240, agents, target = 20 }, options: CertDeskJson.Options),
            };
            request.Headers.Add(IdempotencyKeys.Header, key);
            return admin.SendAsync(request);
        }
        await AssertHttp.JsonAsync(await ErlangC(15), HttpStatusCode.OK);
        var again = await ErlangC(15);
        var few = await AssertHttp.JsonAsync(again, HttpStatusCode.OK);
        Assert.False(again.Headers.Contains(IdempotencyKeys.ReplayedHeader), "a calculation was replayed from its key");
        var more = await AssertHttp.JsonAsync(await ErlangC(20), HttpStatusCode.OK);
        Assert.True(more.GetProperty("service_level").GetDouble() > few.GetProperty("service_level").GetDouble(), $"{few} then {more}");
        var copies = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ErlangC(18)));
        Assert.True(copies.All(r => r.StatusCode == HttpStatusCode.OK), Statuses(copies));
    }

    [GeneratedRegex("name=\"__once\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex OnceField();

    [ProviderFact]
    public async Task BusinessCaseForm_SubmittedTwice_AndTwiceAtOnce_CreatesOneCase_BothShowIt()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var api = await App.BearerClientAsync(Demo.Hr);
        foreach (var atOnce in new[] { false, true })
        {
            var html = await AssertHttp.StatusAsync(await hr.GetAsync("/BusinessCases/New"), HttpStatusCode.OK);
            var antiforgery = WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value);
            var once = OnceField().Match(html);
            Assert.True(once.Success, "the business case form carries no one-time token");
            var costCenter = Unique("CC-ONCE-");
            FormUrlEncodedContent Form() => new(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = antiforgery,
                ["__once"] = once.Groups[1].Value,
                ["Input.EmployeeNumber"] = "E0021",
                ["Input.CertificationCode"] = "CCCM",
                ["Input.CertificationName"] = "Certified Call Center Manager",
                ["Input.FiscalYear"] = "2026",
                ["Input.CostCenter"] = costCenter,
                ["Input.Fees"] = "1000",
                ["Input.Materials"] = "0",
                ["Input.Travel"] = "0",
                ["Input.HoursAway"] = "10",
                ["Input.Backfill"] = "0",
                ["Input.BenefitYears"] = "1",
            });
            HttpResponseMessage[] responses = atOnce
                ? await Task.WhenAll(hr.PostAsync("/BusinessCases/New", Form()), hr.PostAsync("/BusinessCases/New", Form()))
                : [await hr.PostAsync("/BusinessCases/New", Form()), await hr.PostAsync("/BusinessCases/New", Form())];
            Assert.True(responses.All(r => r.StatusCode == HttpStatusCode.Redirect), Statuses(responses));
            var locations = responses.Select(r => r.Headers.Location!.ToString()).Distinct().ToList();
            Assert.Single(locations);
            Assert.Contains("/BusinessCases/Details/", locations[0], StringComparison.Ordinal);
            var cases = await AssertHttp.JsonAsync(await api.GetAsync("/api/v1/business-cases?page_size=500"));
            Assert.Single(cases.GetProperty("items").EnumerateArray(), c => c.GetProperty("cost_center").GetString() == costCenter);
        }
    }

    [ProviderFact]
    public async Task WebWrites_DuringALargeCdrImport_NoneFails_EveryCreatedSiteStored()
    {
        using var file = TempFile.Create();
        var prefix = Unique("imp");
        await using (var writer = new StreamWriter(file.Path, false, new UTF8Encoding(false)))
        {
            await writer.WriteLineAsync("contact_id,queue,team_id,agent_id,arrived_at,answered_at,ended_at,abandoned,wait_seconds,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat");
            var start = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
            for (var i = 0; i < 60_000; i++)
            {
                var arrived = start.AddMinutes(15 * (i / 60));
                await writer.WriteLineAsync(FormattableString.Invariant(
                    $"{prefix}-{i},billing,{prefix}-t{i % 60},a1,{arrived:yyyy-MM-ddTHH:mm:ssZ},{arrived.AddSeconds(10):yyyy-MM-ddTHH:mm:ssZ},{arrived.AddSeconds(310):yyyy-MM-ddTHH:mm:ssZ},false,10,300,20,30,false,true,4"));
            }
        }
        var clients = await AdminsAsync(4);
        var import = App.RunCliAsync("import", "cdr", file.Path);
        var names = Unique("During ");
        var answered = new System.Collections.Concurrent.ConcurrentBag<(string Name, HttpStatusCode Status)>();
        await Task.WhenAll(clients.Select(async (c, i) =>
        {
            for (var n = 0; n < 200 && (!import.IsCompleted || n < 5); n++)
            {
                var name = $"{names}{i}-{n}";
                answered.Add((name, (await PostSiteAsync(c, name)).StatusCode));
            }
        }));
        (await import).ShouldExit(ExitCodes.Success);
        Assert.True(answered.All(a => a.Status == HttpStatusCode.Created),
            string.Join(",", answered.GroupBy(a => (int)a.Status).Select(g => $"{g.Key}x{g.Count()}")));
        var stored = await SiteNamesAsync(clients[0]);
        Assert.All(answered, a => Assert.Contains(a.Name, stored));
    }

    [ProviderFact]
    public async Task Ready_WritesToTheDatabase_AndSaysSo()
    {
        var response = await App.AnonymousClient().GetAsync("/health/ready");
        Assert.Equal("Healthy", await AssertHttp.StatusAsync(response, HttpStatusCode.OK));
    }
}

/// <summary>A seeded demo organization on a SQLite file (WAL), the deployed form of the default database.</summary>
public sealed class SqliteFileDemoApp() : AppFixture(DbKind.SqliteFile, seedDemo: true);

public sealed class SqliteConcurrentWritesTests(SqliteFileDemoApp fixture) : ConcurrentWritesTests(fixture), IClassFixture<SqliteFileDemoApp>
{
    /// <summary>Another connection holds the write lock past a 1-second busy timeout: the write and readiness say "busy", then recover.</summary>
    [Fact]
    public async Task HeldDatabase_WriteIs503SayingBusy_ReadyIs503WithTheReason_ThenBothRecover()
    {
        var database = fixture.App.Database;
        await using var impatient = await CertDeskApp.StartAsync(database, seedDemo: false,
            new Dictionary<string, string> { ["Database"] = database.ConnectionString + ";Default Timeout=1" });
        var admin = await impatient.BearerClientAsync(Demo.Admin);
        await using (var holder = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString))
        {
            await holder.OpenAsync();
            await using var hold = await holder.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
            var write = await admin.PostAsJsonAsync("/api/v1/sites", new { name = "Held " + Guid.NewGuid().ToString("N")[..6], time_zone = "UTC" }, CertDeskJson.Options);
            var problem = await AssertHttp.JsonAsync(write, HttpStatusCode.ServiceUnavailable, "application/problem+json");
            Assert.Equal("The database is busy.", problem.GetProperty("title").GetString());
            Assert.Contains("not saved", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            var ready = await impatient.AnonymousClient().GetAsync("/health/ready");
            Assert.Contains("busy", await AssertHttp.StatusAsync(ready, HttpStatusCode.ServiceUnavailable), StringComparison.Ordinal);
        }
        Assert.Equal("Healthy", await AssertHttp.StatusAsync(await impatient.AnonymousClient().GetAsync("/health/ready"), HttpStatusCode.OK));
        await AssertHttp.StatusAsync(await admin.PostAsJsonAsync("/api/v1/sites", new { name = "Freed " + Guid.NewGuid().ToString("N")[..6], time_zone = "UTC" }, CertDeskJson.Options), HttpStatusCode.Created);
    }
}

public sealed class PostgresConcurrentWritesTests(PostgresDemoApp fixture) : ConcurrentWritesTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests
{
    /// <summary>The database made read-only: writes are 503 saying so (problem+json, and the page), readiness 503 with the reason; then back.</summary>
    [ProviderFact]
    public async Task ReadOnlyDatabase_WriteIs503SayingWhatToDo_ReadyIs503WithTheReason_ThenBothRecover()
    {
        var app = fixture.App;
        var admin = await app.BearerClientAsync(Demo.Admin);
        var name = new Npgsql.NpgsqlConnectionStringBuilder(app.Database.ConnectionString).Database!;
        async Task ReadOnlyAsync(bool on)
        {
            var server = new Npgsql.NpgsqlConnectionStringBuilder(app.Database.ConnectionString) { Database = "postgres", Pooling = false };
            await using var connection = new Npgsql.NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"ALTER DATABASE \"{name}\" SET default_transaction_read_only = {(on ? "on" : "off")}", connection);
            await command.ExecuteNonQueryAsync();
            Npgsql.NpgsqlConnection.ClearAllPools();
        }
        await ReadOnlyAsync(on: true);
        try
        {
            var write = await admin.PostAsJsonAsync("/api/v1/sites", new { name = "RO " + Guid.NewGuid().ToString("N")[..6], time_zone = "UTC" }, CertDeskJson.Options);
            var problem = await AssertHttp.JsonAsync(write, HttpStatusCode.ServiceUnavailable, "application/problem+json");
            Assert.Equal("The database is read-only.", problem.GetProperty("title").GetString());
            var ready = await app.AnonymousClient().GetAsync("/health/ready");
            Assert.Contains("read-only", await AssertHttp.StatusAsync(ready, HttpStatusCode.ServiceUnavailable), StringComparison.Ordinal);
        }
        finally
        {
            await ReadOnlyAsync(on: false);
        }
        Assert.Equal("Healthy", await AssertHttp.StatusAsync(await app.AnonymousClient().GetAsync("/health/ready"), HttpStatusCode.OK));
    }
}
