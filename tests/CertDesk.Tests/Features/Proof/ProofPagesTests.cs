using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Features.Proof;

/// <summary>The proof pages: who may open them, a study created through the form, and the import form without JavaScript.</summary>
public sealed class ProofPagesTests(SqliteDemoApp fixture) : IClassFixture<SqliteDemoApp>
{
    private CertDeskApp App => fixture.App;

    private static async Task AssertAccessDeniedAsync(HttpResponseMessage response, string page)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{page}: expected a redirect to access denied, got {(int)response.StatusCode}");
        Assert.Contains("/Accounts/AccessDenied", response.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Proof/Studies")]
    [InlineData("/Proof/Studies/New")]
    [InlineData("/Proof/Studies/Details/00000000-0000-0000-0000-000000000001")]
    [InlineData("/Proof/Kpis")]
    [InlineData("/Proof/Import")]
    public async Task Employee_GetsAccessDenied(string page)
    {
        var employee = await App.SignInAsAsync(Demo.Employee);
        await AssertAccessDeniedAsync(await employee.GetAsync(page), page);
    }

    [Fact]
    public async Task Manager_SeesTheirTeamsKpis_ButNotTheStudies()
    {
        var manager = await App.SignInAsAsync(Demo.Manager);
        var html = await AssertHttp.StatusAsync(await manager.GetAsync("/Proof/Kpis"), HttpStatusCode.OK);
        Assert.Contains("<h1>KPIs</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Proof/Studies\"", html, StringComparison.Ordinal);
        await AssertAccessDeniedAsync(await manager.GetAsync("/Proof/Studies"), "/Proof/Studies");
        await AssertAccessDeniedAsync(await manager.GetAsync("/Proof/Import"), "/Proof/Import");
    }

    [Fact]
    public async Task Director_SeesStudies_ButCannotCreateOne()
    {
        var director = await App.SignInAsAsync(Demo.Director);
        var html = await AssertHttp.StatusAsync(await director.GetAsync("/Proof/Studies"), HttpStatusCode.OK);
        Assert.DoesNotContain("/Proof/Studies/New", html, StringComparison.Ordinal);
        await AssertAccessDeniedAsync(await director.GetAsync("/Proof/Studies/New"), "/Proof/Studies/New");
    }

    [Fact]
    public async Task ProgramManager_PostsTheNewStudyForm_StudyIsCreatedAndShown()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var token = await CertDeskApp.AntiforgeryTokenAsync(hr, "/Proof/Studies/New");
        var form = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", token),
            new("Input.Name", "Host test study"),
            new("Input.CertifiedOn", "2026-02-01"),
            new("Input.PreStart", "2026-01-01"),
            new("Input.PreEnd", "2026-02-01"),
            new("Input.PostStart", "2026-02-01"),
            new("Input.PostEnd", "2026-03-01"),
            new("Input.CohortTeams", "COL-T01"),
            new("Input.CohortTeams", "COL-T02"),
            new("Input.ComparisonTeams", "COL-T03"),
            new("Input.Values[0]", "1000"),
            new("Input.Isolation", "0.8"),
            new("Input.Confidence", "0.9"),
            new("Input.Costs[0].Category", "exam fees"),
            new("Input.Costs[0].Amount", "2500.50"),
            new("Input.Intangibles", "better morale"),
        };
        var response = await hr.PostAsync("/Proof/Studies/New", new FormUrlEncodedContent(form));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected a redirect, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var location = response.Headers.Location!.ToString();
        Assert.Matches("^/Proof/Studies/Details/[0-9a-f-]{36}$", location);

        var details = await AssertHttp.StatusAsync(await hr.GetAsync(location), HttpStatusCode.OK);
        Assert.Contains("Host test study", details, StringComparison.Ordinal);
        Assert.Contains("COL-T01, COL-T02", details, StringComparison.Ordinal);
        Assert.Contains("exam fees: 2,500.50", details, StringComparison.Ordinal);
        Assert.Contains("better morale", details, StringComparison.Ordinal);
        Assert.Contains("0.8 / 0.9", details, StringComparison.Ordinal);
        var list = await AssertHttp.StatusAsync(await hr.GetAsync("/Proof/Studies"), HttpStatusCode.OK);
        Assert.Contains($"href=\"{location}\"", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProgramManager_PostsAnInvalidStudy_SeesTheErrorsAndNothingIsCreated()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var token = await CertDeskApp.AntiforgeryTokenAsync(hr, "/Proof/Studies/New");
        var response = await hr.PostAsync("/Proof/Studies/New", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Name"] = "",
            ["Input.PreStart"] = "2026-02-01",
            ["Input.PreEnd"] = "2026-01-01",
            ["Input.PostStart"] = "2026-02-01",
            ["Input.PostEnd"] = "2026-03-01",
        }));
        var html = await AssertHttp.StatusAsync(response, HttpStatusCode.OK);
        Assert.Contains("name: is required", html, StringComparison.Ordinal);
        Assert.Contains("cohort teams: name at least one certified team", html, StringComparison.Ordinal);
        Assert.Contains("windows must be non-empty", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportForm_WithoutJavaScript_ShowsRowErrors_ThenImports()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        const string Header = "team_id,interval_start,offered,answered,abandoned,answered_within_threshold,wait_seconds_answered,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat_sum,csat_count";
        var good = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 4; i++)
        {
            good.Append(CultureInfo.InvariantCulture, $"COL-T01,2026-05-04T1{i}:00:00Z,10,9,1,8,90,2700,100,200,1,7,16,4\n");
        }
        var bad = Header + "\nCOL-T01,2026-05-04T10:00:00Z,10,9,2,8,90,2700,100,200,1,7,16,4\n";

        var html = await PostImportAsync(hr, "bad.csv", bad);
        Assert.Contains("Nothing was imported", html, StringComparison.Ordinal);
        Assert.Contains("bad.csv: row 2", html, StringComparison.Ordinal);
        Assert.Contains("field offered: 10 is not answered", html, StringComparison.Ordinal);

        html = await PostImportAsync(hr, "good.csv", good.ToString());
        Assert.Contains("Import complete", html, StringComparison.Ordinal);
        Assert.Contains("4 interval facts upserted", html, StringComparison.Ordinal);

        var kpis = await AssertHttp.StatusAsync(await hr.GetAsync("/Proof/Kpis?from=2026-05-01&to=2026-06-01"), HttpStatusCode.OK);
        Assert.Contains("COL-T01", kpis, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"chart\"", kpis, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=", kpis, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manager_KpiPage_ListsOnlyTheirTeams()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var manager = await App.SignInAsAsync(Demo.Manager);
        static async Task<List<string>> CodesAsync(HttpClient client) =>
            [.. (await AssertHttp.JsonAsync(await client.GetAsync("/api/v1/teams?page_size=100"))).GetProperty("items").EnumerateArray().Select(t => t.GetProperty("code").GetString()!)];
        var mine = await CodesAsync(manager);
        Assert.NotEmpty(mine);
        var other = (await CodesAsync(hr)).First(c => !mine.Contains(c));
        var teams = new[] { mine[0], other }.Order(StringComparer.Ordinal);
        var csv = new StringBuilder("team_id,interval_start,offered,answered,abandoned,answered_within_threshold,wait_seconds_answered,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat_sum,csat_count\n");
        foreach (var team in teams)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{team},2026-07-06T10:00:00Z,10,9,1,8,90,2700,100,200,1,7,16,4\n");
        }
        Assert.Contains("Import complete", await PostImportAsync(hr, "scope.csv", csv.ToString()), StringComparison.Ordinal);

        var page = await AssertHttp.StatusAsync(await manager.GetAsync("/Proof/Kpis?from=2026-07-01&to=2026-08-01"), HttpStatusCode.OK);
        Assert.Contains("<th scope=\"row\">" + mine[0] + " ", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<th scope=\"row\">" + other + " ", page, StringComparison.Ordinal);
        var all = await AssertHttp.StatusAsync(await hr.GetAsync("/Proof/Kpis?from=2026-07-01&to=2026-08-01"), HttpStatusCode.OK);
        Assert.Contains("<th scope=\"row\">" + other + " ", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportForm_AcceptValid_ImportsTheGoodRows_ListsTheBadOne_AndOffersItToTheUploaderOnly()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        const string Header = "team_id,interval_start,offered,answered,abandoned,answered_within_threshold,wait_seconds_answered,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat_sum,csat_count";
        var csv = Header + "\n" +
            "COL-T04,2031-03-03T10:00:00Z,10,9,1,8,90,2700,100,200,1,7,16,4\n" +
            "COL-T04,2031-03-03T11:00:00Z,10,9,2,8,90,2700,100,200,1,7,16,4\n" +
            "COL-T04,2031-03-03T12:00:00Z,10,9,1,8,90,2700,100,200,1,7,16,4\n";
        const string Kpis = "/Proof/Kpis?from=2031-03-01&to=2031-04-01";
        const string TeamRow = "<th scope=\"row\">COL-T04 ";

        // Without the option: all or nothing.
        var html = await PostImportAsync(hr, "mixed.csv", csv);
        Assert.Contains("Nothing was imported", html, StringComparison.Ordinal);
        Assert.Contains("mixed.csv: row 3", html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Rejected", html, StringComparison.Ordinal);
        Assert.DoesNotContain(TeamRow, await AssertHttp.StatusAsync(await hr.GetAsync(Kpis), HttpStatusCode.OK), StringComparison.Ordinal);

        // With it: the two good rows imported, the bad one listed with its reason and downloadable.
        html = await PostImportAsync(hr, "mixed.csv", csv, acceptValid: true);
        Assert.Contains("Import complete", html, StringComparison.Ordinal);
        Assert.Contains("2 interval facts upserted", html, StringComparison.Ordinal);
        Assert.Contains("1 row(s) rejected", html, StringComparison.Ordinal);
        Assert.Contains("mixed.csv: row 3", html, StringComparison.Ordinal);
        Assert.Contains("field offered: 10 is not answered", html, StringComparison.Ordinal);
        Assert.Contains(TeamRow, await AssertHttp.StatusAsync(await hr.GetAsync(Kpis), HttpStatusCode.OK), StringComparison.Ordinal);

        var link = System.Text.RegularExpressions.Regex.Match(html, "href=\"(/Proof/Import\\?id=[0-9a-f]{32}&amp;handler=Rejected)\"");
        Assert.True(link.Success, "no download link for the rejected rows");
        var url = WebUtility.HtmlDecode(link.Groups[1].Value);
        var download = await hr.GetAsync(url);
        var rejected = await AssertHttp.StatusAsync(download, HttpStatusCode.OK);
        Assert.Equal("text/csv", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("mixed.csv.rejected.csv", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = rejected.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(Header + ",reason", lines[0]);
        Assert.StartsWith("COL-T04,2031-03-03T11:00:00Z,10,9,2,", lines[1], StringComparison.Ordinal);
        Assert.Contains("field offered: 10 is not answered", lines[1], StringComparison.Ordinal);

        // Another program manager (same policy) cannot fetch it, nor can anyone guess an id.
        var admin = await App.SignInAsAsync(Demo.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hr.GetAsync("/Proof/Import?handler=Rejected&id=" + new string('0', 32))).StatusCode);
        var employee = await App.SignInAsAsync(Demo.Employee);
        await AssertAccessDeniedAsync(await employee.GetAsync(url), url);
    }

    private static async Task<string> PostImportAsync(HttpClient client, string fileName, string csv, bool acceptValid = false)
    {
        var token = await CertDeskApp.AntiforgeryTokenAsync(client, "/Proof/Import");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("intervals"), "Kind" },
        };
        if (acceptValid)
        {
            content.Add(new StringContent("true"), "AcceptValid");
        }
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "Upload", fileName);
        return await AssertHttp.StatusAsync(await client.PostAsync("/Proof/Import", content), HttpStatusCode.OK);
    }
}
