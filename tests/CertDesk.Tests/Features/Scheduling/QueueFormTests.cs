using System.Net;
using System.Net.Http.Json;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Features.Scheduling;

/// <summary>
/// The forms for queues (service-level targets) and supervisor coverage rules: the program team creates and edits them
/// (audited, with the version read checked on save), bad input re-renders the form with an error naming each field and
/// writes nothing, managers and employees are refused; the API's PUT answers a stale If-Match with 412.
/// </summary>
public abstract class QueueFormTests(AppFixture fixture)
{
    private const string QueueForm = "/Scheduling/Queues/Edit";
    private const string RuleForm = "/Scheduling/CoverageRules/Edit";

    private CertDeskApp App => fixture.App;

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, params (string Name, string Value)[] fields)
    {
        var token = await CertDeskApp.AntiforgeryTokenAsync(client, page);
        var pairs = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", token));
        return await client.PostAsync(page, new FormUrlEncodedContent(pairs));
    }

    private static async Task<string> HtmlAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await AssertHttp.StatusAsync(response, HttpStatusCode.OK));

    private async Task<System.Text.Json.JsonElement?> QueueAsync(string name)
    {
        var hr = await App.BearerClientAsync(Demo.Hr);
        var list = await AssertHttp.JsonAsync(await hr.GetAsync("/api/v1/queues?page_size=500"));
        return list.GetProperty("items").EnumerateArray().Where(q => q.GetProperty("name").GetString() == name).Select(q => (System.Text.Json.JsonElement?)q).FirstOrDefault();
    }

    [ProviderFact]
    public async Task QueueForm_ProgramManagerCreatesThenEdits_SavedVersionedAndAudited()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var (phoenix, _) = await App.SiteAsync("Phoenix");
        var name = $"Phoenix Claims {Guid.NewGuid():N}"[..30];

        var created = await PostFormAsync(hr, QueueForm,
            ("Input.Name", name), ("Input.SiteId", phoenix.ToString()), ("Input.Teams", "PHX-T01"), ("Input.Teams", "PHX-T02"),
            ("Input.ServiceLevelPercent", "85"), ("Input.TargetSeconds", "30"), ("Input.PatienceSeconds", ""),
            ("Input.MaxOccupancyPercent", "88"), ("Input.ShrinkagePercent", "25"), ("Input.Version", "0"));
        await AssertHttp.RedirectsToAsync(created, "/Scheduling/Queues");
        var queue = (await QueueAsync(name))!.Value;
        Assert.Equal(0.85m, queue.GetProperty("service_level").GetDecimal());
        Assert.Equal(30, queue.GetProperty("target_seconds").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, queue.GetProperty("patience_seconds").ValueKind);
        Assert.Equal(0.88m, queue.GetProperty("max_occupancy").GetDecimal());
        Assert.Equal(0.25m, queue.GetProperty("shrinkage").GetDecimal());
        Assert.Equal(["PHX-T01", "PHX-T02"], queue.GetProperty("teams").EnumerateArray().Select(t => t.GetString()));
        var id = queue.GetProperty("id").GetString()!;
        var version = queue.GetProperty("version").GetInt32();

        // The edit form shows the stored targets as percentages; saving a change raises the version and is audited.
        var form = await HtmlAsync(await hr.GetAsync($"{QueueForm}/{id}"));
        Assert.Contains("value=\"85\"", form, StringComparison.Ordinal);
        Assert.Contains($"name=\"Input.Version\" value=\"{version}\"", form, StringComparison.Ordinal);
        var edited = await PostFormAsync(hr, $"{QueueForm}/{id}",
            ("Input.Name", name), ("Input.SiteId", phoenix.ToString()), ("Input.Teams", "PHX-T02"),
            ("Input.ServiceLevelPercent", "90"), ("Input.TargetSeconds", "15"), ("Input.PatienceSeconds", "120"),
            ("Input.MaxOccupancyPercent", ""), ("Input.ShrinkagePercent", "30"), ("Input.Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await AssertHttp.RedirectsToAsync(edited, "/Scheduling/Queues");
        queue = (await QueueAsync(name))!.Value;
        Assert.Equal((0.9m, 15, 120), (queue.GetProperty("service_level").GetDecimal(), queue.GetProperty("target_seconds").GetInt32(), queue.GetProperty("patience_seconds").GetInt32()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, queue.GetProperty("max_occupancy").ValueKind);
        Assert.Equal(["PHX-T02"], queue.GetProperty("teams").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(version + 1, queue.GetProperty("version").GetInt32());

        var audit = await App.AuditEntriesAsync("Queue", id);
        Assert.Equal(["Added", "Modified"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal($"user:{Demo.Hr}", a.Actor));
        Assert.Contains("\"TargetSeconds\":15", audit[1].After, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task QueueForm_BadInput_EachFieldNamedAndNothingWritten()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var (phoenix, _) = await App.SiteAsync("Phoenix");
        var before = await App.TargetCountsAsync();

        var html = await HtmlAsync(await PostFormAsync(hr, QueueForm,
            ("Input.Name", ""), ("Input.SiteId", phoenix.ToString()), ("Input.Teams", "PHX-T01"), ("Input.Teams", "NOPE-T99"),
            ("Input.ServiceLevelPercent", "150"), ("Input.TargetSeconds", "-1"), ("Input.PatienceSeconds", "0"),
            ("Input.MaxOccupancyPercent", "abc"), ("Input.ShrinkagePercent", "100"), ("Input.Version", "0")));
        Assert.Contains("id=\"form-errors\"", html, StringComparison.Ordinal);
        Assert.Contains("Name: is required (at most 120 characters).", html, StringComparison.Ordinal);
        Assert.Contains("Teams: unknown team(s): NOPE-T99.", html, StringComparison.Ordinal);
        Assert.Contains("Service level (%): 150 is not a percentage above 0 up to 100.", html, StringComparison.Ordinal);
        Assert.Contains("Answered within (seconds): is a number of seconds from 0 to 3600.", html, StringComparison.Ordinal);
        Assert.Contains("Mean patience (seconds): is a number of seconds > 0", html, StringComparison.Ordinal);
        Assert.Contains("The value 'abc' is not valid for Maximum occupancy (%; empty: no limit).", html, StringComparison.Ordinal);
        Assert.Contains("Shrinkage (%): 100 is not a percentage from 0 below 100.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("fraction", html, StringComparison.Ordinal); // the form speaks percentages

        // A name taken by another queue.
        html = await HtmlAsync(await PostFormAsync(hr, QueueForm,
            ("Input.Name", "Columbus Billing"), ("Input.SiteId", phoenix.ToString()), ("Input.ServiceLevelPercent", "80"), ("Input.TargetSeconds", "20"), ("Input.Version", "0")));
        Assert.Contains("Name: a queue named 'Columbus Billing' exists.", html, StringComparison.Ordinal);
        Assert.Equal(before, await App.TargetCountsAsync());
    }

    [ProviderFact]
    public async Task QueueForm_SavedOverSomeoneElsesChange_NothingSavedCurrentValuesShown()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var api = await App.BearerClientAsync(Demo.Hr);
        var (phoenix, _) = await App.SiteAsync("Phoenix");
        var name = $"Phoenix Sales {Guid.NewGuid():N}"[..28];
        var created = await AssertHttp.JsonAsync(await api.PostAsJsonAsync("/api/v1/queues", new { name, site_id = phoenix, teams = new[] { "PHX-T03" }, service_level = 0.8, target_seconds = 20 }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        var read = created.GetProperty("version").GetInt32();

        // Someone changes the queue through the API (with the right If-Match) ...
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/queues/{id}") { Content = JsonContent.Create(new { name, site_id = phoenix, teams = new[] { "PHX-T03" }, service_level = 0.7, target_seconds = 40 }) })
        {
            put.Headers.TryAddWithoutValidation("If-Match", $"\"{read}\"");
            var updated = await AssertHttp.JsonAsync(await api.SendAsync(put));
            Assert.Equal(read + 1, updated.GetProperty("version").GetInt32());
        }
        // ... a second API client still holding the old version gets 412 with the current one ...
        using (var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/queues/{id}") { Content = JsonContent.Create(new { name, site_id = phoenix, service_level = 0.5, target_seconds = 10 }) })
        {
            stale.Headers.TryAddWithoutValidation("If-Match", $"\"{read}\"");
            var problem = await AssertHttp.JsonAsync(await api.SendAsync(stale), HttpStatusCode.PreconditionFailed, "application/problem+json");
            Assert.Equal(read + 1, problem.GetProperty("current_version").GetInt32());
        }
        // ... and so does the form posted with the version it was opened at: the current values come back.
        var html = await HtmlAsync(await PostFormAsync(hr, $"{QueueForm}/{id}",
            ("Input.Name", name), ("Input.SiteId", phoenix.ToString()), ("Input.ServiceLevelPercent", "95"), ("Input.TargetSeconds", "5"),
            ("Input.Version", read.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Contains("changed by someone else", html, StringComparison.Ordinal);
        Assert.Contains("value=\"70\"", html, StringComparison.Ordinal);
        var queue = (await QueueAsync(name))!.Value;
        Assert.Equal((0.7m, 40, read + 1), (queue.GetProperty("service_level").GetDecimal(), queue.GetProperty("target_seconds").GetInt32(), queue.GetProperty("version").GetInt32()));
    }

    [ProviderFact]
    public async Task RuleForm_TeamRuleCreatedAndEdited_DuplicateAndForeignTeamRefused()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var (phoenix, _) = await App.SiteAsync("Phoenix");
        var phxTeam = await App.TeamIdAsync("PHX-T04");
        var columbusTeam = await App.TeamIdAsync("COL-T03");
        var before = await App.TargetCountsAsync();

        // A Columbus team under the Phoenix site, and figures out of range: each named, nothing written.
        var html = await HtmlAsync(await PostFormAsync(hr, RuleForm,
            ("Input.SiteId", phoenix.ToString()), ("Input.TeamId", columbusTeam.ToString()), ("Input.AgentsPerSupervisor", "0"), ("Input.MinimumSupervisors", "-2"), ("Input.Version", "0")));
        Assert.Contains("Team: is not a team of that site.", html, StringComparison.Ordinal);
        Assert.Contains("Agents per supervisor: is a whole number from 1 to 1000.", html, StringComparison.Ordinal);
        Assert.Contains("Minimum supervisors: is a whole number from 0 to 1000.", html, StringComparison.Ordinal);
        html = await HtmlAsync(await PostFormAsync(hr, RuleForm, ("Input.SiteId", phoenix.ToString()), ("Input.AgentsPerSupervisor", ""), ("Input.MinimumSupervisors", "x"), ("Input.Version", "0")));
        Assert.Contains("Agents per supervisor: is required.", html, StringComparison.Ordinal);
        Assert.Contains("The value 'x' is not valid for Minimum supervisors while agents are on the floor.", html, StringComparison.Ordinal);
        Assert.Equal(before, await App.TargetCountsAsync());

        await AssertHttp.RedirectsToAsync(await PostFormAsync(hr, RuleForm,
            ("Input.SiteId", phoenix.ToString()), ("Input.TeamId", phxTeam.ToString()), ("Input.AgentsPerSupervisor", "12"), ("Input.MinimumSupervisors", "1"), ("Input.Version", "0")), "/Scheduling/Queues");
        var api = await App.BearerClientAsync(Demo.Hr);
        var rule = (await AssertHttp.JsonAsync(await api.GetAsync("/api/v1/coverage-rules?page_size=500"))).GetProperty("items").EnumerateArray()
            .Single(r => r.GetProperty("team").GetString() == "PHX-T04");
        Assert.Equal((12, 1), (rule.GetProperty("agents_per_supervisor").GetInt32(), rule.GetProperty("minimum_supervisors").GetInt32()));
        var id = rule.GetProperty("id").GetString()!;

        // The same team again is refused; editing the rule itself is not a duplicate.
        html = await HtmlAsync(await PostFormAsync(hr, RuleForm,
            ("Input.SiteId", phoenix.ToString()), ("Input.TeamId", phxTeam.ToString()), ("Input.AgentsPerSupervisor", "10"), ("Input.MinimumSupervisors", "1"), ("Input.Version", "0")));
        Assert.Contains("Team: the team has a rule already.", html, StringComparison.Ordinal);
        var version = rule.GetProperty("version").GetInt32();
        await AssertHttp.RedirectsToAsync(await PostFormAsync(hr, $"{RuleForm}/{id}",
            ("Input.SiteId", phoenix.ToString()), ("Input.TeamId", phxTeam.ToString()), ("Input.AgentsPerSupervisor", "10"), ("Input.MinimumSupervisors", "2"),
            ("Input.Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture))), "/Scheduling/Queues");
        var edited = await AssertHttp.JsonAsync(await api.GetAsync($"/api/v1/coverage-rules/{id}"));
        Assert.Equal((10, 2, version + 1), (edited.GetProperty("agents_per_supervisor").GetInt32(), edited.GetProperty("minimum_supervisors").GetInt32(), edited.GetProperty("version").GetInt32()));
        Assert.Equal(["Added", "Modified"], (await App.AuditEntriesAsync("CoverageRule", id)).Select(a => a.Action));

        // The same form posted again with the version it was opened at is stale now.
        html = await HtmlAsync(await PostFormAsync(hr, $"{RuleForm}/{id}",
            ("Input.SiteId", phoenix.ToString()), ("Input.TeamId", phxTeam.ToString()), ("Input.AgentsPerSupervisor", "5"), ("Input.MinimumSupervisors", "2"),
            ("Input.Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Contains("changed by someone else", html, StringComparison.Ordinal);
        Assert.Equal(10, (await AssertHttp.JsonAsync(await api.GetAsync($"/api/v1/coverage-rules/{id}"))).GetProperty("agents_per_supervisor").GetInt32());

        // The list links to both forms for the program team.
        var list = await HtmlAsync(await hr.GetAsync("/Scheduling/Queues"));
        Assert.Contains($"href=\"{RuleForm}/{id}\"", list, StringComparison.Ordinal);
        Assert.Contains("id=\"new-queue\"", list, StringComparison.Ordinal);
    }

    [ProviderTheory]
    [InlineData(Demo.Manager)]
    [InlineData(Demo.Employee)]
    [InlineData(Demo.Director)]
    public async Task Forms_OtherRoles_RefusedAndNoEditLinks(string who)
    {
        var client = await App.SignInAsAsync(who);
        var (phoenix, _) = await App.SiteAsync("Phoenix");
        var before = await App.TargetCountsAsync();
        foreach (var page in new[] { QueueForm, RuleForm })
        {
            AssertDenied(await client.GetAsync(page));
            var token = await CertDeskApp.AntiforgeryTokenAsync(client, "/");
            AssertDenied(await client.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Name"] = $"Refused {who}",
                ["Input.SiteId"] = phoenix.ToString(),
                ["Input.ServiceLevelPercent"] = "80",
                ["Input.TargetSeconds"] = "20",
                ["Input.AgentsPerSupervisor"] = "9",
                ["Input.MinimumSupervisors"] = "1",
                ["__RequestVerificationToken"] = token,
            })));
        }
        Assert.Equal(before, await App.TargetCountsAsync());
        var list = await HtmlAsync(await client.GetAsync("/Scheduling/Queues"));
        Assert.DoesNotContain(QueueForm, list, StringComparison.Ordinal);
        Assert.DoesNotContain(RuleForm, list, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Forms_PostWithoutAntiforgeryToken_Refused()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var (phoenix, _) = await App.SiteAsync("Phoenix");
        var response = await hr.PostAsync(QueueForm, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = "No token",
            ["Input.SiteId"] = phoenix.ToString(),
            ["Input.ServiceLevelPercent"] = "80",
            ["Input.TargetSeconds"] = "20",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await QueueAsync("No token"));
    }

    private static void AssertDenied(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/Accounts/AccessDenied", StringComparison.Ordinal) == true),
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {response.Headers.Location}");
    }
}

public sealed class SqliteQueueFormTests(SqliteDemoApp fixture) : QueueFormTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresQueueFormTests(PostgresDemoApp fixture) : QueueFormTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
