using System.Globalization;
using System.Net;
using System.Text;
using CertDesk.Cli;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Tests.Features.Gaps;

/// <summary>
/// A person's profile (page and PDF) shows their credentials (certification, issued, expires, status) and their team's
/// KPI record for the last months where the team has KPI data, and says "No KPI data" where it has none.
/// </summary>
public abstract class PersonProfileTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private const string Header = "team_id,interval_start,offered,answered,abandoned,answered_within_threshold,wait_seconds_answered,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat_sum,csat_count";

    /// <summary>
    /// One interval a day at noon UTC for the 70 days before today, the same every day: 10 offered, 9 answered (8 within
    /// the threshold, 90 s of waiting, 2,700 s of handling), 1 abandoned, 9 resolved first time, CSAT 36 over 9. So every
    /// month shows service level 80.0 %, ASA 10.0 s, abandonment 10.0 %, AHT 300.0 s, FCR 100.0 %, CSAT 4.00.
    /// </summary>
    private async Task ImportTeamKpisAsync(string team)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var csv = new StringBuilder(Header).Append('\n');
        for (var day = today.AddDays(-70); day < today; day = day.AddDays(1))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{team},{day:yyyy-MM-dd}T12:00:00Z,10,9,1,8,90,2700,0,0,0,9,36,9\n");
        }
        using var file = TempFile.WithText(csv.ToString());
        (await App.RunCliAsync("import", "intervals", file.Path)).ShouldExit(ExitCodes.Success);
    }

    private Task<string> TeamOfAsync(string employeeNumber) =>
        App.QueryAsync(db => db.Employees.Where(e => e.EmployeeNumber == employeeNumber).Select(e => e.Team!.Code).SingleAsync());

    private static async Task<string> PdfWordsAsync(HttpClient client, Guid employee)
    {
        var response = await client.GetAsync($"/Gaps/Person/{employee}?handler=Pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        return PdfTextOf.Words(await response.Content.ReadAsByteArrayAsync());
    }

    [ProviderFact]
    public async Task Profile_PersonWithCredentialAndTeamKpis_PdfAndPageShowBoth()
    {
        var employeeId = await App.EmployeeIdAsync("E0020");
        var team = await TeamOfAsync("E0020");
        await ImportTeamKpisAsync(team);
        var credential = await App.QueryAsync(db => db.Credentials.AsNoTracking().Include(c => c.Certification)
            .Where(c => c.EmployeeId == employeeId).Select(c => new { c.Number, c.Certification!.Code, c.IssuedOn, c.ExpiresOn }).FirstAsync());

        foreach (var login in new[] { Demo.Hr, Demo.Employee })
        {
            var client = await App.SignInAsAsync(login);
            var words = await PdfWordsAsync(client, employeeId);
            Assert.Contains("Credentials", words, StringComparison.Ordinal);
            Assert.Contains(credential.Code, words, StringComparison.Ordinal);
            Assert.Contains(credential.Number, words, StringComparison.Ordinal);
            Assert.Contains(credential.IssuedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), words, StringComparison.Ordinal);
            Assert.Contains(credential.ExpiresOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "does not expire", words, StringComparison.Ordinal);
            Assert.Contains("current", words, StringComparison.Ordinal);

            Assert.Contains("Team KPIs", words, StringComparison.Ordinal);
            Assert.Contains(team, words, StringComparison.Ordinal);
            Assert.DoesNotContain("No KPI data", words, StringComparison.Ordinal);
            foreach (var figure in new[] { "Service level 80.0 %", "Average speed of answer 10.0 s", "Abandonment rate 10.0 %", "Average handle time 300.0 s", "CSAT 4.00", "QA score n/a" })
            {
                Assert.Contains(figure, words, StringComparison.Ordinal);
            }
            Assert.DoesNotContain("Attrition", words, StringComparison.Ordinal);

            var page = await AssertHttp.StatusAsync(await client.GetAsync($"/Gaps/Person/{employeeId}"), HttpStatusCode.OK);
            Assert.Contains("<h2>Credentials</h2>", page, StringComparison.Ordinal);
            Assert.Contains(credential.Number, page, StringComparison.Ordinal);
            Assert.Contains("<h2>Team KPIs</h2>", page, StringComparison.Ordinal);
            Assert.Contains("80.0 %", page, StringComparison.Ordinal);
            Assert.Contains("300.0 s", page, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"no-kpi-data\"", page, StringComparison.Ordinal);
        }
    }

    [ProviderFact]
    public async Task Profile_TeamWithoutKpiDataAndNoCredentials_SaysSo()
    {
        var withData = await TeamOfAsync("E0020");
        var other = await App.QueryAsync(db => db.Employees.AsNoTracking()
            .Where(e => e.Team != null && e.Team.Code != withData && !db.Credentials.Any(c => c.EmployeeId == e.Id) && e.JobRole == "Supervisor")
            .OrderBy(e => e.EmployeeNumber).Select(e => new { e.Id, Team = e.Team!.Code }).FirstAsync());
        var hr = await App.SignInAsAsync(Demo.Hr);

        var words = await PdfWordsAsync(hr, other.Id);
        Assert.Contains($"No KPI data for team {other.Team}.", words, StringComparison.Ordinal);
        Assert.Contains("No credentials yet.", words, StringComparison.Ordinal);
        var page = await AssertHttp.StatusAsync(await hr.GetAsync($"/Gaps/Person/{other.Id}"), HttpStatusCode.OK);
        Assert.Contains("id=\"no-kpi-data\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"no-credentials\"", page, StringComparison.Ordinal);
    }
}

public sealed class SqlitePersonProfileTests(SqliteDemoApp fixture) : PersonProfileTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresPersonProfileTests(PostgresDemoApp fixture) : PersonProfileTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
