using System.Net;
using System.Net.Http.Json;
using CertDesk.Cli;
using CertDesk.Features.Organization;
using CertDesk.Features.Scheduling;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Tests.Features.Scheduling;

/// <summary>
/// Training sessions as schedule exceptions for the WFM tool, on the demo organization (Columbus America/New_York,
/// Phoenix America/Phoenix without daylight saving, Manila Asia/Manila): one row per attendee in the time of the
/// attendee's own site, across both 2027 changes in New York; cancelled sessions and people taken off or separated drop
/// out; the same bytes from the API, the page and the CLI; a site's feed polled with that site's token and nothing more;
/// and the rows imported back with <c>import schedule</c> give the sessions' own instants. Each test uses its own dates
/// and people, so the tests do not see each other's sessions.
/// </summary>
public abstract class SessionExceptionsTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private const string Header = "employee_id,date,start,end,activity\r\n";

    /// <summary>Active people of a site with no separation on file, by employee number, skipping the first <paramref name="skip"/>.</summary>
    private Task<List<string>> PeopleAtAsync(string site, int skip, int count) => App.QueryAsync(db => db.Employees
        .Where(e => e.Site!.Name == site && e.Status == EmploymentStatus.Active && e.SeparationDate == null && e.JobRole == "Agent")
        .OrderBy(e => e.EmployeeNumber).Select(e => e.EmployeeNumber).Skip(skip).Take(count).ToListAsync());

    private async Task<string> CreateAsync(HttpClient client, string kind, string date, string start, int minutes, params string[] people)
    {
        var ids = new List<Guid>();
        foreach (var p in people)
        {
            ids.Add(await App.EmployeeIdAsync(p));
        }
        var (columbus, _) = await App.SiteAsync("Columbus");
        var created = await AssertHttp.JsonAsync(await client.PostAsJsonAsync("/api/v1/sessions",
            new { title = $"{kind} {date} {start}", kind, site_id = columbus, date, start, length_minutes = minutes, attendees = ids, location = "Training room 1" }), HttpStatusCode.Created);
        return created.GetProperty("id").GetString()!;
    }

    private static async Task<string> CsvAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await AssertHttp.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    [ProviderFact]
    public async Task Exceptions_OneRowPerAttendee_InTheTimeOfTheirOwnSite_AcrossBothDaylightSavingChanges()
    {
        var hr = await App.BearerClientAsync(Demo.Hr);
        var columbus = (await PeopleAtAsync("Columbus", 0, 1))[0];
        var phoenix = (await PeopleAtAsync("Phoenix", 0, 1))[0];
        var manila = (await PeopleAtAsync("Manila", 0, 1))[0];

        // 14 March 2027, Columbus: 01:00 EST (06:00Z) for two hours ends 08:00Z, 04:00 EDT: the clock skipped an hour.
        await CreateAsync(hr, "class", "2027-03-14", "01:00", 120, columbus, phoenix, manila);
        await CreateAsync(hr, "exam", "2027-03-15", "09:00", 60, columbus);
        var csv = await CsvAsync(hr, "/api/v1/session-exceptions.csv?from=2027-03-13&to=2027-03-15");
        var expected = string.Join("\r\n", new[]
        {
            $"{columbus},2027-03-14,01:00,04:00,training",
            $"{columbus},2027-03-15,09:00,10:00,exam",
            $"{phoenix},2027-03-13,23:00,01:00,training", // Phoenix keeps UTC-7: the evening before, ending after midnight
            $"{manila},2027-03-14,14:00,16:00,training",  // Manila, UTC+8
        }.OrderBy(l => l, StringComparer.Ordinal)) + "\r\n";
        Assert.Equal(Header + expected, csv);

        // 7 November 2027, Columbus: 00:30 EDT (04:30Z) for three hours ends 07:30Z, 02:30 EST: the clock repeated an hour.
        await CreateAsync(hr, "coaching", "2027-11-07", "00:30", 180, columbus, phoenix);
        csv = await CsvAsync(hr, "/api/v1/session-exceptions.csv?from=2027-11-06&to=2027-11-07");
        Assert.Equal(Header + string.Join("\r\n", new[]
        {
            $"{columbus},2027-11-07,00:30,02:30,coaching",
            $"{phoenix},2027-11-06,21:30,00:30,coaching",
        }.OrderBy(l => l, StringComparer.Ordinal)) + "\r\n", csv);

        // A site's people only (Phoenix's person in a Columbus class belongs to Phoenix's WFM tool), and the CLI's file is
        // the same bytes as the API's.
        var (phoenixSite, _) = await App.SiteAsync("Phoenix");
        Assert.Equal(Header + $"{phoenix},2027-03-13,23:00,01:00,training\r\n",
            await CsvAsync(hr, $"/api/v1/session-exceptions.csv?site_id={phoenixSite}&from=2027-03-13&to=2027-03-15"));
        using var file = TempFile.Create();
        (await App.RunCliAsync("export", "session-exceptions", "--from", "2027-03-13", "--to", "2027-03-15", "--out", file.Path)).ShouldExit(ExitCodes.Success);
        Assert.Equal(Header + expected, await File.ReadAllTextAsync(file.Path));
        (await App.RunCliAsync("export", "session-exceptions", "--site", "phoenix", "--from", "2027-03-13", "--to", "2027-03-15", "--out", file.Path)).ShouldExit(ExitCodes.Success);
        Assert.Equal(Header + $"{phoenix},2027-03-13,23:00,01:00,training\r\n", await File.ReadAllTextAsync(file.Path));
    }

    [ProviderFact]
    public async Task CancelledSessions_PeopleTakenOff_AndPeopleWhoLeave_DropOutOfTheExceptions()
    {
        var hr = await App.BearerClientAsync(Demo.Hr);
        var people = await PeopleAtAsync("Columbus", 10, 4);
        var (stays, takenOff, leavesBefore, leavesAfter) = (people[0], people[1], people[2], people[3]);
        var id = await CreateAsync(hr, "class", "2027-04-20", "10:00", 60, stays, takenOff, leavesBefore, leavesAfter);
        var other = await CreateAsync(hr, "exam", "2027-04-21", "10:00", 60, stays);
        const string Window = "/api/v1/session-exceptions.csv?from=2027-04-19&to=2027-04-22";
        var csv = await CsvAsync(hr, Window);
        Assert.Equal(5, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1);

        // Taken off the class: the session is saved without them.
        var current = await hr.GetAsync($"/api/v1/sessions/{id}");
        var session = await AssertHttp.JsonAsync(current);
        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/sessions/{id}")
        {
            Content = JsonContent.Create(new
            {
                title = session.GetProperty("title").GetString(),
                kind = "class",
                date = "2027-04-20",
                start = "10:00",
                length_minutes = 60,
                attendees = new[] { await App.EmployeeIdAsync(stays), await App.EmployeeIdAsync(leavesBefore), await App.EmployeeIdAsync(leavesAfter) },
                location = "Training room 1",
            }),
        };
        update.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        await AssertHttp.JsonAsync(await hr.SendAsync(update));

        // Separations on file ahead of time: one leaves the day before the class (out), one the day after (still there).
        await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/separations", new { employee_id = await App.EmployeeIdAsync(leavesBefore), separation_date = "2027-04-19", reason = "resignation" }));
        await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/separations", new { employee_id = await App.EmployeeIdAsync(leavesAfter), separation_date = "2027-04-21", reason = "resignation" }));

        // The exam is cancelled.
        await AssertHttp.JsonAsync(await hr.PostAsync($"/api/v1/sessions/{other}/cancel", null));

        csv = await CsvAsync(hr, Window);
        Assert.Equal(Header + string.Join("\r\n", new[]
        {
            $"{stays},2027-04-20,10:00,11:00,training",
            $"{leavesAfter},2027-04-20,10:00,11:00,training",
        }.OrderBy(l => l, StringComparer.Ordinal)) + "\r\n", csv);
    }

    [ProviderFact]
    public async Task ExportedExceptions_ImportBackWithImportSchedule_AtTheSessionsOwnInstants()
    {
        var hr = await App.BearerClientAsync(Demo.Hr);
        var columbus = (await PeopleAtAsync("Columbus", 20, 1))[0];
        var phoenix = (await PeopleAtAsync("Phoenix", 20, 1))[0];
        // Spring forward (a two-hour class that reads 01:00-04:00) and a class across midnight, for a person of each site.
        await CreateAsync(hr, "class", "2028-03-12", "01:00", 120, columbus, phoenix);
        await CreateAsync(hr, "exam", "2028-03-13", "20:00", 240, columbus);
        using var file = TempFile.Create();
        (await App.RunCliAsync("export", "session-exceptions", "--from", "2028-03-11", "--to", "2028-03-13", "--out", file.Path)).ShouldExit(ExitCodes.Success);
        Assert.Equal(Header + string.Join("\r\n", new[]
        {
            $"{columbus},2028-03-12,01:00,04:00,training",
            $"{columbus},2028-03-13,20:00,00:00,exam",
            $"{phoenix},2028-03-11,23:00,01:00,training",
        }.OrderBy(l => l, StringComparer.Ordinal)) + "\r\n", await File.ReadAllTextAsync(file.Path));

        var imported = (await App.RunCliAsync("import", "schedule", file.Path, "--json")).ShouldExit(ExitCodes.Success).Json();
        Assert.Equal(3, imported.GetProperty("created").GetInt32());
        var shifts = (await App.ShiftsAsync(columbus)).Where(s => s.Date.StartsWith("2028", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, shifts.Count);
        Assert.Equal((new DateTime(2028, 3, 12, 6, 0, 0, DateTimeKind.Utc), new DateTime(2028, 3, 12, 8, 0, 0, DateTimeKind.Utc), "training"), (shifts[0].StartUtc, shifts[0].EndUtc, shifts[0].Activity));
        Assert.Equal((new DateTime(2028, 3, 14, 0, 0, 0, DateTimeKind.Utc), new DateTime(2028, 3, 14, 4, 0, 0, DateTimeKind.Utc), "exam"), (shifts[1].StartUtc, shifts[1].EndUtc, shifts[1].Activity));
        var away = Assert.Single(await App.ShiftsAsync(phoenix), s => s.Date.StartsWith("2028", StringComparison.Ordinal));
        Assert.Equal((new DateTime(2028, 3, 12, 6, 0, 0, DateTimeKind.Utc), new DateTime(2028, 3, 12, 8, 0, 0, DateTimeKind.Utc)), (away.StartUtc, away.EndUtc));

        // The same file again changes nothing.
        var again = (await App.RunCliAsync("import", "schedule", file.Path, "--json")).ShouldExit(ExitCodes.Success).Json();
        Assert.Equal(3, again.GetProperty("unchanged").GetInt32());
    }

    [ProviderFact]
    public async Task SiteFeed_PolledWithItsSitesToken_GivesThatSitesPeopleAndNothingElse()
    {
        var hr = await App.BearerClientAsync(Demo.Hr);
        // The demo manager's part of the org chart: the Columbus person of the class is outside it.
        var managerId = await App.QueryAsync(db => db.Users.Where(u => u.Email == Demo.Manager).Select(u => u.EmployeeId!.Value).SingleAsync());
        var all = await App.QueryAsync(db => db.Employees.Select(e => new { e.Id, e.EmployeeNumber, e.ManagerId, e.SiteId, e.Status, e.SeparationDate }).ToListAsync());
        var theirs = new HashSet<Guid> { managerId };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var e in all.Where(e => e.ManagerId is { } m && theirs.Contains(m) && !theirs.Contains(e.Id)))
            {
                grew = theirs.Add(e.Id);
            }
        }
        var columbus = (await PeopleAtAsync("Columbus", 30, 40)).First(n => !all.Any(e => e.EmployeeNumber == n && theirs.Contains(e.Id)));
        var phoenix = (await PeopleAtAsync("Phoenix", 30, 1))[0];
        await CreateAsync(hr, "class", "2027-05-11", "13:00", 90, columbus, phoenix);
        var (columbusSite, _) = await App.SiteAsync("Columbus");
        var (phoenixSite, _) = await App.SiteAsync("Phoenix");
        const string Dates = "?from=2027-05-10&to=2027-05-12";

        var made = (await App.RunCliAsync("wfm-feeds", "add", "--site", "Columbus", "--json")).ShouldExit(ExitCodes.Success).Json();
        Assert.Equal($"/api/v1/sites/{columbusSite}/session-exceptions.csv", made.GetProperty("feed").GetString());
        using var feed = App.BearerClient(made.GetProperty("token").GetString()!);
        Assert.Equal(Header + $"{columbus},2027-05-11,13:00,14:30,training\r\n", await CsvAsync(feed, made.GetProperty("feed").GetString() + Dates));

        // The token opens its own site's feed only: not another site's, not the all-sites export, no other API route.
        await AssertHttp.StatusAsync(await feed.GetAsync($"/api/v1/sites/{phoenixSite}/session-exceptions.csv{Dates}"), HttpStatusCode.Forbidden);
        await AssertHttp.StatusAsync(await feed.GetAsync($"/api/v1/sites/{Guid.NewGuid()}/session-exceptions.csv"), HttpStatusCode.Forbidden);
        await AssertHttp.StatusAsync(await feed.GetAsync($"/api/v1/session-exceptions.csv{Dates}"), HttpStatusCode.Forbidden);
        foreach (var path in new[] { "/api/v1/me", "/api/v1/sessions", "/api/v1/employees", $"/api/v1/sites/{columbusSite}" })
        {
            await AssertHttp.StatusAsync(await feed.GetAsync(path), HttpStatusCode.Forbidden);
        }
        await AssertHttp.StatusAsync(await feed.PostAsJsonAsync("/api/v1/sessions", new { title = "x" }), HttpStatusCode.Forbidden);

        // Without a token, with an employee's, with a directory's: refused. An unknown or revoked token: 401.
        using (var anonymous = App.AnonymousClient())
        {
            var refused = await anonymous.GetAsync(made.GetProperty("feed").GetString());
            await AssertHttp.StatusAsync(refused, HttpStatusCode.Unauthorized);
            Assert.StartsWith("Bearer", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
        await AssertHttp.StatusAsync(await (await App.BearerClientAsync(Demo.Employee)).GetAsync(made.GetProperty("feed").GetString()), HttpStatusCode.Forbidden);
        var directory = (await App.RunCliAsync("directories", "add", "--name", "Entra feed test", "--json")).ShouldExit(ExitCodes.Success).Json();
        using (var scim = App.BearerClient(directory.GetProperty("token").GetString()!))
        {
            await AssertHttp.StatusAsync(await scim.GetAsync(made.GetProperty("feed").GetString()), HttpStatusCode.Forbidden);
        }
        using (var unknown = App.BearerClient("cdk_" + new string('0', 64)))
        {
            await AssertHttp.StatusAsync(await unknown.GetAsync(made.GetProperty("feed").GetString()), HttpStatusCode.Unauthorized);
        }

        // People who manage people read a site's feed too: HR the whole site (13:00 EDT is 10:00 in Phoenix); a manager only their people.
        Assert.Equal(Header + $"{phoenix},2027-05-11,10:00,11:30,training\r\n", await CsvAsync(hr, $"/api/v1/sites/{phoenixSite}/session-exceptions.csv{Dates}"));
        var own = all.Where(e => theirs.Contains(e.Id) && e.Id != managerId && e.SiteId == columbusSite && e.Status == EmploymentStatus.Active && e.SeparationDate == null).Select(e => e.EmployeeNumber).Order(StringComparer.Ordinal).First();
        await CreateAsync(hr, "class", "2027-05-12", "09:00", 60, own, columbus);
        var manager = await App.BearerClientAsync(Demo.Manager);
        var managerCsv = await CsvAsync(manager, $"/api/v1/sites/{columbusSite}/session-exceptions.csv{Dates}");
        Assert.Contains($"{own},2027-05-12,09:00,10:00,training\r\n", managerCsv, StringComparison.Ordinal);
        Assert.DoesNotContain(columbus + ",", managerCsv, StringComparison.Ordinal);

        // One feed account per site; an unknown site is named.
        (await App.RunCliAsync("wfm-feeds", "add", "--site", "columbus")).ShouldExit(ExitCodes.InvalidInput);
        var nowhere = (await App.RunCliAsync("wfm-feeds", "add", "--site", "Atlantis")).ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains(nowhere.ErrorLines, l => l.Contains("'Atlantis' is not a site", StringComparison.Ordinal) && l.Contains("Columbus, Manila, Phoenix", StringComparison.Ordinal));
    }

    [ProviderTheory]
    [InlineData("?from=2027-13-01", "from", "'2027-13-01' is not a date")]
    [InlineData("?from=2027-05-10&to=2027-05-01", "to", "is before from")]
    [InlineData("?from=2027-01-01&to=2028-12-31", "to", "longer than 400 days")]
    [InlineData("?site_id=00000000-0000-0000-0000-000000000001", "site_id", "is not a known site")]
    public async Task BadWindowOrSite_422NamingTheField(string query, string field, string reason)
    {
        var hr = await App.BearerClientAsync(Demo.Hr);
        var problem = await AssertHttp.JsonAsync(await hr.GetAsync("/api/v1/session-exceptions.csv" + query), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.Contains(reason, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Cli_BadSiteOrDate_WritesNoFile_AndTheOptionsBelongToSessionExceptionsOnly()
    {
        using var file = TempFile.Create();
        File.Delete(file.Path);
        var site = (await App.RunCliAsync("export", "session-exceptions", "--site", "Atlantis", "--out", file.Path)).ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains(site.ErrorLines, l => l.Contains("--site", StringComparison.Ordinal) && l.Contains("Atlantis", StringComparison.Ordinal));
        var date = (await App.RunCliAsync("export", "session-exceptions", "--from", "12/03/2027", "--out", file.Path)).ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains(date.ErrorLines, l => l.Contains("--from", StringComparison.Ordinal) && l.Contains("yyyy-MM-dd", StringComparison.Ordinal));
        Assert.False(File.Exists(file.Path));
        (await App.RunCliAsync("export", "schedule", "--site", "Columbus", "--out", file.Path)).ShouldExit(ExitCodes.BadUsage);
        Assert.False(File.Exists(file.Path));
    }

    [ProviderFact]
    public async Task SessionsPage_DownloadsTheSameCsv_ShowsABadDate_AndRefusesAnEmployee()
    {
        var hr = await App.BearerClientAsync(Demo.Hr);
        var person = (await PeopleAtAsync("Manila", 40, 1))[0];
        await CreateAsync(hr, "class", "2027-06-08", "08:00", 60, person);
        var (manila, _) = await App.SiteAsync("Manila");
        var page = await App.SignInAsAsync(Demo.Hr);
        var html = await AssertHttp.StatusAsync(await page.GetAsync("/Scheduling/Sessions"), HttpStatusCode.OK);
        Assert.Contains("Schedule exceptions for the WFM tool", html, StringComparison.Ordinal);
        Assert.Contains("Manila (Asia/Manila)", html, StringComparison.Ordinal);

        var query = $"site_id={manila}&from=2027-06-07&to=2027-06-09";
        var download = await page.GetAsync($"/Scheduling/Sessions?handler=Exceptions&{query}");
        var csv = await AssertHttp.StatusAsync(download, HttpStatusCode.OK);
        Assert.Equal("text/csv", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Header + $"{person},2027-06-08,20:00,21:00,training\r\n", csv); // 08:00 EDT = 12:00Z = 20:00 in Manila (UTC+8)
        Assert.Equal(csv, await CsvAsync(hr, $"/api/v1/session-exceptions.csv?{query}"));

        var bad = await AssertHttp.StatusAsync(await page.GetAsync("/Scheduling/Sessions?handler=Exceptions&from=2027-06-31"), HttpStatusCode.OK);
        Assert.Contains("From: &#x27;2027-06-31&#x27; is not a date (yyyy-MM-dd)", bad, StringComparison.Ordinal);

        var employee = await App.SignInAsAsync(Demo.Employee);
        await AssertHttp.RedirectsToAsync(await employee.GetAsync($"/Scheduling/Sessions?handler=Exceptions&{query}"), "/Accounts/AccessDenied");
        Assert.DoesNotContain("Schedule exceptions for the WFM tool", await AssertHttp.StatusAsync(await employee.GetAsync("/Scheduling/Sessions"), HttpStatusCode.OK), StringComparison.Ordinal);
    }
}

public sealed class SqliteSessionExceptionsTests(SqliteDemoApp fixture) : SessionExceptionsTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresSessionExceptionsTests(PostgresDemoApp fixture) : SessionExceptionsTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;

/// <summary>The activity codes of the session kinds (configuration <c>Scheduling:ExceptionActivities</c>).</summary>
public sealed class SessionExceptionOptionsTests
{
    [Fact]
    public void ActivityCodes_DefaultsImportBack_AndABadCodeIsNamed()
    {
        var defaults = new SessionExceptionOptions();
        Assert.Empty(defaults.Problems());
        Assert.All(new[] { SessionKind.Class, SessionKind.Exam, SessionKind.Coaching }, k => Assert.Contains(defaults.For(k), ScheduleActivities.All));
        var custom = new SessionExceptionOptions { Class = "Class room", Exam = "=HYPERLINK(1)", Coaching = "a,b" };
        Assert.Equal("Class room", custom.For(SessionKind.Class));
        var problems = custom.Problems().ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Scheduling:ExceptionActivities:Exam '=HYPERLINK(1)'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Scheduling:ExceptionActivities:Coaching 'a,b'", StringComparison.Ordinal));
        Assert.False(new SessionExceptionOptions.Check().Validate(null, custom).Succeeded);
    }
}
