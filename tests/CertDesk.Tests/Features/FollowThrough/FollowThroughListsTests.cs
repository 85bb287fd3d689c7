using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertDesk.Domain.Credentials;
using CertDesk.Tests.Features.Shared;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Features.FollowThrough;

/// <summary>
/// The follow-through lists (/Enrollments, /Credentials, /ActionPlans) through the real host: each role sees exactly its
/// part of the org chart (the employee their own rows, the manager their reports, HR everyone), the filters and sorts
/// run in the database and the page and the CSV agree; a formula-like certification code is exported neutralized.
/// The org chart is walked by the test itself (<see cref="CertDeskApp.ChartFromAsync"/>), not through the app's scope.
/// </summary>
public abstract class FollowThroughListsTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private const string Me = "E0020", Manager = "E0009";

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Task<List<Dictionary<string, string>>> CsvAsync(HttpClient client, string url) => TableTests.CsvAsync(client, url);

    /// <summary>An enrollment planned by HR for someone (through the API, as people do).</summary>
    private async Task<JsonElement> PlanAsync(string employeeNumber, string certification)
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        return await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/enrollments", new
        {
            employee_id = await App.EmployeeIdAsync(employeeNumber),
            certification_id = await App.CertificationIdAsync(certification),
            deadline = Iso(Today.AddDays(120)),
        }), HttpStatusCode.Created);
    }

    /// <summary>Planned and driven by HR to a passing exam today: the enrollment, its credential and its action plan.</summary>
    private async Task<JsonElement> PassAsync(string employeeNumber, string certification)
    {
        var id = (await PlanAsync(employeeNumber, certification)).GetProperty("id").GetString();
        var hr = await App.SignInAsAsync(Demo.Hr);
        foreach (var to in new[] { "approved", "enrolled", "in_progress", "exam_scheduled" })
        {
            await AssertHttp.JsonAsync(await hr.PostAsJsonAsync($"/api/v1/enrollments/{id}/transitions", new { to, exam_date = Iso(Today), note = "list test" }));
        }
        var passed = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync($"/api/v1/enrollments/{id}/attempts", new { taken_on = Iso(Today), score = 90 }));
        Assert.Equal("passed", passed.GetProperty("status").GetString());
        return passed;
    }

    /// <summary>The rows of one list as the employee, the manager and HR see them; each role's rows checked against the chart.</summary>
    private async Task<(List<Dictionary<string, string>> Employee, List<Dictionary<string, string>> Manager, List<Dictionary<string, string>> Hr)> AsEachRoleAsync(string csv)
    {
        var employee = await CsvAsync(await App.SignInAsAsync(Demo.Employee), csv);
        var manager = await CsvAsync(await App.SignInAsAsync(Demo.Manager), csv);
        var hr = await CsvAsync(await App.SignInAsAsync(Demo.Hr), csv);
        var team = await App.ChartFromAsync(Manager);

        Assert.NotEmpty(employee);
        Assert.All(employee, r => Assert.Equal(Me, r["Id"]));
        Assert.All(manager, r => Assert.Contains(r["Id"], team));
        Assert.Contains(manager, r => r["Id"] != Me && r["Id"] != Manager); // the reports' rows, not only the manager's own
        Assert.True(hr.Count > manager.Count, $"hr sees {hr.Count} rows, the manager {manager.Count}");
        Assert.Contains(hr, r => !team.Contains(r["Id"]));
        return (employee, manager, hr);
    }

    [ProviderFact]
    public async Task Enrollments_ScopedByTheOrgChart_EmployeeOwnManagerReportsHrEveryone()
    {
        var outsider = (await App.OutsideChartOfAsync(Manager))[0];
        var planned = await PlanAsync(outsider, "CCCM");

        var (employee, manager, hr) = await AsEachRoleAsync("/Enrollments?handler=Csv");

        Assert.Equal(["Person", "Id", "Certification", "Stage", "Planned start", "Deadline", "Exam date", "Real cost"], employee[0].Keys);
        Assert.Equal(["CWPP", "HDI-SCTL"], employee.Select(r => r["Certification"]).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(manager, r => r["Id"] == outsider);
        var row = Assert.Single(hr, r => r["Id"] == outsider);
        Assert.Equal(("CCCM", "planned", Iso(Today.AddDays(120))), (row["Certification"], row["Stage"], row["Deadline"]));

        // The page links each row to the person, the catalog and the enrollment; someone else's search finds nothing.
        var client = await App.SignInAsAsync(Demo.Employee);
        var html = await AssertHttp.StatusAsync(await client.GetAsync("/Enrollments"), HttpStatusCode.OK);
        var own = await AssertHttp.JsonAsync(await client.GetAsync("/api/v1/enrollments"));
        foreach (var e in own.GetProperty("items").EnumerateArray())
        {
            Assert.Contains($"href=\"/Enrollments/Details/{e.GetProperty("id").GetString()}\"", html, StringComparison.Ordinal);
            Assert.Contains($"href=\"/Catalog/Certifications/Details/{e.GetProperty("certification_id").GetString()}\"", html, StringComparison.Ordinal);
        }
        Assert.Contains($"href=\"/Organization/Employees/Details/{await App.EmployeeIdAsync(Me)}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(planned.GetProperty("id").GetString()!, html, StringComparison.Ordinal);
        Assert.Empty(await CsvAsync(client, $"/Enrollments?handler=Csv&q={outsider}"));
        var none = await AssertHttp.StatusAsync(await client.GetAsync($"/Enrollments?q={outsider}"), HttpStatusCode.OK);
        Assert.Contains("No enrollment matches: clear the search or the filters.", none, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Enrollments_StageFilterSortAndRealCost_InTheDatabaseAndAsOnTheEnrollment()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var all = await CsvAsync(hr, "/Enrollments?handler=Csv");

        var inProgress = await CsvAsync(hr, "/Enrollments?handler=Csv&status=in_progress");
        Assert.NotEmpty(inProgress);
        Assert.All(inProgress, r => Assert.Equal("in progress", r["Stage"]));
        var open = await CsvAsync(hr, "/Enrollments?handler=Csv&status=open");
        Assert.DoesNotContain(open, r => r["Stage"] is "passed" or "withdrawn");
        Assert.Equal(all.Count(r => r["Stage"] is not ("passed" or "withdrawn")), open.Count);
        var cwpp = await CsvAsync(hr, "/Enrollments?handler=Csv&certification=CWPP");
        Assert.NotEmpty(cwpp);
        Assert.All(cwpp, r => Assert.Equal("CWPP", r["Certification"]));

        // Deadlines newest first (an open deadline counts as the latest); the page marks the column.
        var byDeadline = await CsvAsync(hr, "/Enrollments?handler=Csv&sort=deadline&dir=desc");
        var deadlines = byDeadline.Select(r => r["Deadline"].Length == 0 ? DateOnly.MaxValue : DateOnly.ParseExact(r["Deadline"], "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(deadlines.OrderDescending(), deadlines);
        Assert.NotEqual(deadlines[0], deadlines[^1]);
        var html = await AssertHttp.StatusAsync(await hr.GetAsync("/Enrollments?sort=cost&dir=desc"), HttpStatusCode.OK);
        Assert.Matches("<th scope=\"col\" class=\"num\" aria-sort=\"descending\">\\s*<a class=\"sort\" href=\"/Enrollments\\?sort=cost&amp;dir=asc\">Real cost", html);

        // The real cost is the enrollment page's (approved expenses + exam fees + study time), sorted as a number.
        var byCost = await CsvAsync(hr, "/Enrollments?handler=Csv&sort=cost&dir=desc");
        var costs = byCost.Select(r => decimal.Parse(r["Real cost"], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(costs.OrderDescending(), costs);
        Assert.True(costs[0] > 0);
        var employee = await App.SignInAsAsync(Demo.Employee);
        var sctl = (await AssertHttp.JsonAsync(await employee.GetAsync("/api/v1/enrollments"))).GetProperty("items").EnumerateArray()
            .Single(e => e.GetProperty("certification_code").GetString() == "HDI-SCTL");
        var listed = (await CsvAsync(employee, "/Enrollments?handler=Csv&certification=HDI-SCTL")).Single();
        Assert.Equal(sctl.GetProperty("real_cost").GetDecimal(), decimal.Parse(listed["Real cost"], CultureInfo.InvariantCulture));
        Assert.True(sctl.GetProperty("real_cost").GetDecimal() > sctl.GetProperty("approved_expenses").GetDecimal()); // fees and study time count too
    }

    [ProviderFact]
    public async Task Credentials_ScopedByTheOrgChart_StatusFilterAndExpirySort()
    {
        var outsider = (await App.OutsideChartOfAsync(Manager))[1];
        // HDI-SCM is valid 36 months: issued four years ago, it has expired.
        await App.RecordEnrollmentAsync(new EnrollmentSpec(outsider, "HDI-SCM", EnrollmentStatus.Passed, Today.AddYears(-5), Attempts: [(Today.AddYears(-4), 300m, true)]));

        var (employee, manager, hr) = await AsEachRoleAsync("/Credentials?handler=Csv");

        Assert.Equal(["Certification", "Person", "Id", "Number", "Issued", "Expires", "Status"], employee[0].Keys);
        Assert.Equal("HDI-SCTL", Assert.Single(employee)["Certification"]);
        Assert.DoesNotContain(manager, r => r["Id"] == outsider);
        var expired = Assert.Single(hr, r => r["Id"] == outsider);
        Assert.Equal(("HDI-SCM", Iso(Today.AddYears(-4)), Iso(Today.AddYears(-4).AddMonths(36)), "expired"), (expired["Certification"], expired["Issued"], expired["Expires"], expired["Status"]));

        var hrClient = await App.SignInAsAsync(Demo.Hr);
        var onlyExpired = await CsvAsync(hrClient, "/Credentials?handler=Csv&status=expired");
        Assert.Contains(onlyExpired, r => r["Id"] == outsider);
        Assert.All(onlyExpired, r => Assert.Equal("expired", r["Status"]));
        // The demo peer's HDI-SCM expires in about a month.
        var expiring = await CsvAsync(hrClient, "/Credentials?handler=Csv&status=expiring");
        Assert.NotEmpty(expiring);
        Assert.All(expiring, r =>
        {
            Assert.Equal("expiring", r["Status"]);
            var on = DateOnly.ParseExact(r["Expires"], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.InRange(on, Today, Today.AddDays(90));
        });
        var active = await CsvAsync(hrClient, "/Credentials?handler=Csv&status=active");
        Assert.DoesNotContain(active, r => r["Status"] == "expired");
        Assert.Equal(hr.Count, active.Count + onlyExpired.Count);

        var byExpiry = await CsvAsync(hrClient, "/Credentials?handler=Csv&sort=expires&dir=asc");
        var expiries = byExpiry.Select(r => r["Expires"] == "never" ? DateOnly.MaxValue : DateOnly.ParseExact(r["Expires"], "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(expiries.Order(), expiries);
        Assert.Equal(outsider, byExpiry[0]["Id"]);

        var html = await AssertHttp.StatusAsync(await (await App.SignInAsAsync(Demo.Employee)).GetAsync("/Credentials"), HttpStatusCode.OK);
        var own = (await AssertHttp.JsonAsync(await (await App.SignInAsAsync(Demo.Employee)).GetAsync("/api/v1/credentials"))).GetProperty("items")[0];
        Assert.Contains($"href=\"/Credentials/Details/{own.GetProperty("id").GetString()}\">{own.GetProperty("number").GetString()}</a>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Organization/Employees/Details/{await App.EmployeeIdAsync(Me)}\"", html, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task ActionPlans_ScopedByTheOrgChart_NextCheckInAndOverdueFilter()
    {
        var outsider = (await App.OutsideChartOfAsync(Manager))[2];
        await PassAsync(outsider, "CQMP");

        var (employee, manager, hr) = await AsEachRoleAsync("/ActionPlans?handler=Csv");

        Assert.Equal(["Person", "Id", "Certification", "Started", "Next check-in", "Due", "State", "Rated"], employee[0].Keys);
        // The demo employee's plan started 42 days ago with the 30-day check-in rated: the 60-day one is next.
        var mine = Assert.Single(employee);
        Assert.Equal(("HDI-SCTL", "60-day", Iso(Today.AddDays(-42).AddDays(60)), "open", "1 of 3"), (mine["Certification"], mine["Next check-in"], mine["Due"], mine["State"], mine["Rated"]));
        Assert.DoesNotContain(manager, r => r["Id"] == outsider);
        var fresh = Assert.Single(hr, r => r["Id"] == outsider);
        Assert.Equal(("CQMP", Iso(Today), "30-day", Iso(Today.AddDays(30)), "0 of 3"), (fresh["Certification"], fresh["Started"], fresh["Next check-in"], fresh["Due"], fresh["Rated"]));

        // A peer of the demo employee has an overdue 60-day check-in: the manager finds it with the filter.
        var managerClient = await App.SignInAsAsync(Demo.Manager);
        var overdue = await CsvAsync(managerClient, "/ActionPlans?handler=Csv&checkins=overdue");
        Assert.NotEmpty(overdue);
        Assert.All(overdue, r =>
        {
            Assert.Equal("overdue", r["State"]);
            Assert.True(DateOnly.ParseExact(r["Due"], "yyyy-MM-dd", CultureInfo.InvariantCulture) < Today);
        });
        Assert.DoesNotContain(overdue, r => r["Id"] == Me);
        var soon = await CsvAsync(await App.SignInAsAsync(Demo.Hr), "/ActionPlans?handler=Csv&checkins=soon");
        Assert.Contains(soon, r => r["Id"] == outsider);
        Assert.Contains(soon, r => r["Id"] == Me);
        Assert.DoesNotContain(soon, r => r["State"] == "overdue");

        var byDue = await CsvAsync(await App.SignInAsAsync(Demo.Hr), "/ActionPlans?handler=Csv&sort=due&dir=asc");
        var dues = byDue.Select(r => r["Due"].Length == 0 ? DateOnly.MaxValue : DateOnly.ParseExact(r["Due"], "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(dues.Order(), dues);
        Assert.Equal("overdue", byDue[0]["State"]);

        var html = await AssertHttp.StatusAsync(await managerClient.GetAsync("/ActionPlans?checkins=overdue"), HttpStatusCode.OK);
        var plans = await AssertHttp.JsonAsync(await managerClient.GetAsync("/api/v1/action-plans"));
        var late = plans.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("check_ins").EnumerateArray().Any(c => c.GetProperty("state").GetString() == "overdue"));
        Assert.Contains($"href=\"/ActionPlans/Details/{late.GetProperty("id").GetString()}\"", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"overdue\" selected=\"selected\">Overdue</option>", html, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task FollowThroughLists_FormulaLikeCertificationCode_ExportedWithALeadingApostrophe()
    {
        const string code = "=1+1";
        var hr = await App.SignInAsAsync(Demo.Hr);
        await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/certifications", new { code, name = "Formula-like code" }), HttpStatusCode.Created);
        var outsider = (await App.OutsideChartOfAsync(Manager))[3];
        await PassAsync(outsider, code);

        foreach (var list in new[] { "/Enrollments", "/Credentials", "/ActionPlans" })
        {
            var response = await hr.GetAsync($"{list}?handler=Csv&q={Uri.EscapeDataString(code)}");
            var body = await AssertHttp.StatusAsync(response, HttpStatusCode.OK);
            var row = Assert.Single(TableTests.ParseCsv(body));
            Assert.Equal("'" + code, row["Certification"]);
            Assert.Equal(outsider, row["Id"]);
            Assert.DoesNotContain("\n=", body, StringComparison.Ordinal);
            Assert.DoesNotContain(",=", body, StringComparison.Ordinal);
        }
    }

    [ProviderFact]
    public async Task BudgetsAndQueues_FilterAndSortFromTheQuery()
    {
        var admin = await App.SignInAsAsync(Demo.Admin);
        foreach (var (fiscalYear, center, amount) in new[] { (2031, "CC-LIST-A", 5000m), (2031, "CC-LIST-B", 900m), (2032, "CC-LIST-A", 12000m) })
        {
            await AssertHttp.JsonAsync(await admin.PutAsJsonAsync("/api/v1/budgets", new { fiscal_year = fiscalYear, cost_center = center, amount }));
        }
        var director = await App.SignInAsAsync(Demo.Director);
        var budgets = await CsvAsync(director, "/BusinessCases/Budgets?handler=Csv&sort=remaining&dir=asc&q=cc-list");
        Assert.Equal([900m, 5000m, 12000m], budgets.Select(r => decimal.Parse(r["Remaining"], CultureInfo.InvariantCulture)));
        Assert.Equal(["Fiscal year", "Cost center", "Budget", "Approved", "Remaining"], budgets[0].Keys);
        const string year = "2031";
        var ofYear = await CsvAsync(director, $"/BusinessCases/Budgets?handler=Csv&year={year}&sort=costcenter&dir=desc");
        Assert.Equal(["CC-LIST-B", "CC-LIST-A"], ofYear.Select(r => r["Cost center"]));
        Assert.All(ofYear, r => Assert.Equal(year, r["Fiscal year"]));
        var html = await AssertHttp.StatusAsync(await director.GetAsync("/BusinessCases/Budgets"), HttpStatusCode.OK);
        Assert.Contains($"href=\"/BusinessCases?year={year}&amp;q=", html, StringComparison.Ordinal);

        var employee = await App.SignInAsAsync(Demo.Employee);
        var queues = await CsvAsync(employee, "/Scheduling/Queues?handler=Csv");
        Assert.NotEmpty(queues);
        var site = queues[0]["Site"];
        var atSite = await CsvAsync(employee, $"/Scheduling/Queues?handler=Csv&site={Uri.EscapeDataString(site)}");
        Assert.NotEmpty(atSite);
        Assert.All(atSite, r => Assert.Equal(site, r["Site"]));
        Assert.Contains(" in ", queues[0]["Service level"], StringComparison.Ordinal); // "80 % in 20 s", as on the page
        var erlangA = await CsvAsync(employee, "/Scheduling/Queues?handler=Csv&model=a");
        Assert.All(erlangA, r => Assert.StartsWith("Erlang A", r["Model"], StringComparison.Ordinal));
        Assert.Equal(queues.Count, erlangA.Count + (await CsvAsync(employee, "/Scheduling/Queues?handler=Csv&model=c")).Count);
    }
}

public sealed class SqliteFollowThroughListsTests(SqliteDemoApp fixture) : FollowThroughListsTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresFollowThroughListsTests(PostgresDemoApp fixture) : FollowThroughListsTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
