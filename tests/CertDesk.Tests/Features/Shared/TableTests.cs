using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CertDesk.Tests.Infrastructure;
using nietras.SeparatedValues;

namespace CertDesk.Tests.Features.Shared;

/// <summary>
/// The list pages' table features (Features/Shared/Table.cs) through the real host: sort, search, filter and page
/// from the query string, and the CSV export of the same query (content type, every matching row, formula cells
/// neutralized). People, the audit trail and the outbox run the query in the database; the other lists in memory.
/// </summary>
public abstract partial class TableTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    internal static List<Dictionary<string, string>> ParseCsv(string text)
    {
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromText(text);
        var names = reader.Header.ColNames.ToArray();
        var rows = new List<Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < names.Length; i++)
            {
                cells[names[i]] = row[i].ToString();
            }
            rows.Add(cells);
        }
        return rows;
    }

    internal static async Task<List<Dictionary<string, string>>> CsvAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await AssertHttp.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return ParseCsv(body);
    }

    [GeneratedRegex("href=\"/Organization/Employees/Details/([0-9a-f-]{36})\"")]
    private static partial Regex PersonLink();

    [ProviderFact]
    public async Task People_SortedByHireDateDescending_PageAndExportFollowThatOrder()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var rows = await CsvAsync(hr, "/Organization/Employees?handler=Csv&sort=hired&dir=desc");
        Assert.True(rows.Count > 25, $"expected more than one page of people, got {rows.Count}");
        Assert.Equal(["Name", "Id", "Title", "Team", "Site", "Hired", "Status"], rows[0].Keys);
        var hired = rows.Select(r => DateOnly.ParseExact(r["Hired"], "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(hired.OrderDescending(), hired);
        Assert.NotEqual(hired[0], hired[^1]);
        Assert.All(rows, r => Assert.Equal("active", r["Status"])); // the status filter defaults to active

        var html = await AssertHttp.StatusAsync(await hr.GetAsync("/Organization/Employees?sort=hired&dir=desc"), HttpStatusCode.OK);
        Assert.Matches("<th scope=\"col\" aria-sort=\"descending\">\\s*<a class=\"sort\" href=\"/Organization/Employees\\?sort=hired&amp;dir=asc\">Hired", html);
        Assert.Contains("href=\"/Organization/Employees?sort=hired&amp;dir=desc&amp;handler=Csv\"", html, StringComparison.Ordinal);
        var ascending = await CsvAsync(hr, "/Organization/Employees?handler=Csv&sort=hired&dir=asc");
        Assert.Equal(hired.Order(), ascending.Select(r => DateOnly.ParseExact(r["Hired"], "yyyy-MM-dd", CultureInfo.InvariantCulture)));
    }

    [ProviderFact]
    public async Task People_Paged_SecondPageHasOtherPeopleAndKeepsTheSort()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var first = await AssertHttp.StatusAsync(await hr.GetAsync("/Organization/Employees?sort=id"), HttpStatusCode.OK);
        var second = await AssertHttp.StatusAsync(await hr.GetAsync("/Organization/Employees?sort=id&page=2"), HttpStatusCode.OK);
        var onFirst = PersonLink().Matches(first).Select(m => m.Groups[1].Value).ToList();
        var onSecond = PersonLink().Matches(second).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(25, onFirst.Count);
        Assert.NotEmpty(onSecond);
        Assert.Empty(onFirst.Intersect(onSecond));
        Assert.Contains("Page 2 of", second, StringComparison.Ordinal);
        Assert.Contains("href=\"/Organization/Employees?sort=id&amp;dir=asc&amp;page=1\" rel=\"prev\"", second, StringComparison.Ordinal);
        // A page past the end shows the last page, not an empty one.
        var past = await AssertHttp.StatusAsync(await hr.GetAsync("/Organization/Employees?page=9999"), HttpStatusCode.OK);
        Assert.NotEmpty(PersonLink().Matches(past));
    }

    [ProviderFact]
    public async Task People_SearchAndFilters_NarrowTheRowsIgnoringCase()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var one = await CsvAsync(hr, "/Organization/Employees?handler=Csv&q=e0020");
        Assert.Equal("E0020", Assert.Single(one)["Id"]);

        var all = await CsvAsync(hr, "/Organization/Employees?handler=Csv");
        var team = all.First(r => r["Team"].Length > 0)["Team"];
        var teamCode = await TeamCodeAsync(hr, team);
        var inTeam = await CsvAsync(hr, $"/Organization/Employees?handler=Csv&team={Uri.EscapeDataString(teamCode)}");
        Assert.NotEmpty(inTeam);
        Assert.True(inTeam.Count < all.Count);
        Assert.All(inTeam, r => Assert.Equal(team, r["Team"]));

        // An unknown filter value or sort key is ignored, not an error.
        var odd = await CsvAsync(hr, "/Organization/Employees?handler=Csv&status=nonsense&sort=nonsense&page=x");
        Assert.Equal(all.Count, odd.Count);
    }

    private static async Task<string> TeamCodeAsync(HttpClient client, string teamName)
    {
        var teams = await AssertHttp.JsonAsync(await client.GetAsync("/api/v1/teams"));
        var items = teams.ValueKind == System.Text.Json.JsonValueKind.Array ? teams : teams.GetProperty("items");
        return items.EnumerateArray().First(t => t.GetProperty("name").GetString() == teamName).GetProperty("code").GetString()!;
    }

    [ProviderFact]
    public async Task People_ExportAsEmployee_HasOnlyThemself()
    {
        var employee = await App.SignInAsAsync(Demo.Employee);
        var rows = await CsvAsync(employee, "/Organization/Employees?handler=Csv&status=all");
        Assert.Equal("E0020", Assert.Single(rows)["Id"]);
    }

    [ProviderFact]
    public async Task Sessions_ExportOfAFormulaLikeTitle_IsNeutralizedAndFoundBySearch()
    {
        var manager = await App.BearerClientAsync(Demo.Manager);
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(9).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var title = "=HYPERLINK(\"http://evil.example\",\"Table test\")";
        await AssertHttp.JsonAsync(await manager.PostAsJsonAsync("/api/v1/sessions",
            new { title, kind = "class", date, start = "10:00", length_minutes = 60, attendees = new[] { await App.EmployeeIdAsync("E0020") } }), HttpStatusCode.Created);

        var hr = await App.SignInAsAsync(Demo.Hr);
        var response = await hr.GetAsync("/Scheduling/Sessions?handler=Csv&q=hyperlink(\"HTTP://EVIL");
        var body = await AssertHttp.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("sessions.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var row = Assert.Single(ParseCsv(body));
        Assert.Equal("'" + title, row["Session"]);
        Assert.Equal(date, row["Date"]);
        Assert.DoesNotContain("\n=", body, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Audit_FilteredByActionAndSortedBySequence_InTheDatabase()
    {
        var admin = await App.SignInAsAsync(Demo.Admin);
        var rows = await CsvAsync(admin, "/Audit?handler=Csv&action=Added&sort=sequence&dir=asc");
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("Added", r["Action"]));
        var sequence = rows.Select(r => long.Parse(r["#"], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(sequence.Order(), sequence);
        var html = await AssertHttp.StatusAsync(await admin.GetAsync("/Audit?action=Modified"), HttpStatusCode.OK);
        Assert.Contains("<option value=\"Modified\" selected=\"selected\">Changed</option>", html, StringComparison.Ordinal);
    }

    [ProviderTheory]
    [InlineData("/Catalog/Certifications", "certifications.csv", "Code")]
    [InlineData("/Competencies/Framework", "role-profiles.csv", "Job role")]
    [InlineData("/Organization/Teams", "teams.csv", "Team")]
    [InlineData("/Organization/Sites", "sites.csv", "Site")]
    [InlineData("/BusinessCases", "business-cases.csv", "Candidate")]
    [InlineData("/TuitionPolicies", "tuition-policies.csv", "Policy")]
    [InlineData("/Agreements", "agreements.csv", "Employee")]
    [InlineData("/Repayments", "repayments.csv", "Employee")]
    [InlineData("/Scheduling/Sessions", "sessions.csv", "Session")]
    [InlineData("/Proof/Studies", "roi-studies.csv", "Study")]
    [InlineData("/Audit", "audit.csv", "#")]
    [InlineData("/Mail/Outbox", "outbox.csv", "Queued (UTC)")]
    [InlineData("/BusinessCases/Budgets", "budgets.csv", "Fiscal year")]
    [InlineData("/Scheduling/Queues", "queues.csv", "Queue")]
    [InlineData("/Enrollments", "enrollments.csv", "Person")]
    [InlineData("/Credentials", "credentials.csv", "Certification")]
    [InlineData("/ActionPlans", "action-plans.csv", "Person")]
    public async Task EveryList_OffersSearchSortAndExport_AndTheExportOpensWithItsHeader(string page, string file, string firstColumn)
    {
        var admin = await App.SignInAsAsync(Demo.Admin);
        var html = await AssertHttp.StatusAsync(await admin.GetAsync(page), HttpStatusCode.OK);
        Assert.Contains("class=\"filters table-tools\"", html, StringComparison.Ordinal);
        Assert.Contains($"<a class=\"button export\" href=\"{page}?", html, StringComparison.Ordinal);
        Assert.Contains("handler=Csv\" download>Export CSV</a>", html, StringComparison.Ordinal);
        var response = await admin.GetAsync(page + "?handler=Csv");
        var body = await AssertHttp.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(file, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.StartsWith(firstColumn.Contains(',', StringComparison.Ordinal) ? $"\"{firstColumn}\"" : firstColumn, body, StringComparison.Ordinal);
    }
}

public sealed class SqliteTableTests(SqliteDemoApp fixture) : TableTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresTableTests(PostgresDemoApp fixture) : TableTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
