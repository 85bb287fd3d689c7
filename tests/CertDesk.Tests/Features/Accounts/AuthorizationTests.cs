using System.Net;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Features.Accounts;

/// <summary>Each demo role against each page and API route; org-chart scoping of records.</summary>
public abstract class AuthorizationTests(AppFixture fixture)
{
    private const int Ok = 200, Redirect = 302, Forbidden = 403, NotFound = 404;

    // Placeholders: {E0020} the demo employee (in the demo manager's part of the chart), {E0450} a Manila agent
    // under another manager, {COL-T01} the demo employee's team, {MNL-T10} a team under another manager.
    public static TheoryData<string, string, int> Pages => new()
    {
        { Demo.Admin, "/", Ok }, { Demo.Hr, "/", Ok }, { Demo.Director, "/", Ok }, { Demo.Manager, "/", Ok }, { Demo.Employee, "/", Ok },
        { Demo.Admin, "/Organization/Employees", Ok }, { Demo.Hr, "/Organization/Employees", Ok }, { Demo.Director, "/Organization/Employees", Ok },
        { Demo.Manager, "/Organization/Employees", Ok }, { Demo.Employee, "/Organization/Employees", Ok },
        { Demo.Admin, "/Organization/Teams", Ok }, { Demo.Hr, "/Organization/Teams", Ok }, { Demo.Director, "/Organization/Teams", Ok },
        { Demo.Manager, "/Organization/Teams", Ok }, { Demo.Employee, "/Organization/Teams", Ok },
        { Demo.Admin, "/Organization/Sites", Ok }, { Demo.Hr, "/Organization/Sites", Ok }, { Demo.Director, "/Organization/Sites", Ok },
        { Demo.Manager, "/Organization/Sites", Redirect }, { Demo.Employee, "/Organization/Sites", Redirect },
        { Demo.Admin, "/Organization/Roster/Import", Ok }, { Demo.Hr, "/Organization/Roster/Import", Ok }, { Demo.Director, "/Organization/Roster/Import", Redirect },
        { Demo.Manager, "/Organization/Roster/Import", Redirect }, { Demo.Employee, "/Organization/Roster/Import", Redirect },
        { Demo.Admin, "/Audit", Ok }, { Demo.Hr, "/Audit", Ok }, { Demo.Director, "/Audit", Redirect }, { Demo.Manager, "/Audit", Redirect }, { Demo.Employee, "/Audit", Redirect },
        { Demo.Admin, "/Organization/Employees/Details/{E0020}", Ok }, { Demo.Hr, "/Organization/Employees/Details/{E0020}", Ok },
        { Demo.Director, "/Organization/Employees/Details/{E0020}", Ok }, { Demo.Manager, "/Organization/Employees/Details/{E0020}", Ok },
        { Demo.Employee, "/Organization/Employees/Details/{E0020}", Ok },
        { Demo.Admin, "/Organization/Employees/Details/{E0450}", Ok }, { Demo.Hr, "/Organization/Employees/Details/{E0450}", Ok },
        { Demo.Director, "/Organization/Employees/Details/{E0450}", Ok }, { Demo.Manager, "/Organization/Employees/Details/{E0450}", NotFound },
        { Demo.Employee, "/Organization/Employees/Details/{E0450}", NotFound },
        { Demo.Admin, "/Organization/Teams/Details/{COL-T01}", Ok }, { Demo.Hr, "/Organization/Teams/Details/{COL-T01}", Ok },
        { Demo.Director, "/Organization/Teams/Details/{COL-T01}", Ok }, { Demo.Manager, "/Organization/Teams/Details/{COL-T01}", Ok },
        { Demo.Employee, "/Organization/Teams/Details/{COL-T01}", Ok },
        { Demo.Admin, "/Organization/Teams/Details/{MNL-T10}", Ok }, { Demo.Manager, "/Organization/Teams/Details/{MNL-T10}", NotFound },
        { Demo.Employee, "/Organization/Teams/Details/{MNL-T10}", NotFound },
    };

    public static TheoryData<string, string, int> ApiRoutes => new()
    {
        { Demo.Admin, "/api/v1/me", Ok }, { Demo.Hr, "/api/v1/me", Ok }, { Demo.Director, "/api/v1/me", Ok }, { Demo.Manager, "/api/v1/me", Ok }, { Demo.Employee, "/api/v1/me", Ok },
        { Demo.Admin, "/api/v1/sites", Ok }, { Demo.Hr, "/api/v1/sites", Ok }, { Demo.Director, "/api/v1/sites", Ok }, { Demo.Manager, "/api/v1/sites", Ok }, { Demo.Employee, "/api/v1/sites", Ok },
        { Demo.Admin, "/api/v1/teams", Ok }, { Demo.Hr, "/api/v1/teams", Ok }, { Demo.Director, "/api/v1/teams", Ok }, { Demo.Manager, "/api/v1/teams", Ok }, { Demo.Employee, "/api/v1/teams", Ok },
        { Demo.Admin, "/api/v1/employees", Ok }, { Demo.Hr, "/api/v1/employees", Ok }, { Demo.Director, "/api/v1/employees", Ok }, { Demo.Manager, "/api/v1/employees", Ok }, { Demo.Employee, "/api/v1/employees", Ok },
        { Demo.Admin, "/api/v1/employees/{E0020}", Ok }, { Demo.Hr, "/api/v1/employees/{E0020}", Ok }, { Demo.Director, "/api/v1/employees/{E0020}", Ok },
        { Demo.Manager, "/api/v1/employees/{E0020}", Ok }, { Demo.Employee, "/api/v1/employees/{E0020}", Ok },
        { Demo.Admin, "/api/v1/employees/{E0450}", Ok }, { Demo.Hr, "/api/v1/employees/{E0450}", Ok }, { Demo.Director, "/api/v1/employees/{E0450}", Ok },
        { Demo.Manager, "/api/v1/employees/{E0450}", NotFound }, { Demo.Employee, "/api/v1/employees/{E0450}", NotFound },
        { Demo.Admin, "/api/v1/audit", Ok }, { Demo.Hr, "/api/v1/audit", Ok }, { Demo.Director, "/api/v1/audit", Forbidden }, { Demo.Manager, "/api/v1/audit", Forbidden }, { Demo.Employee, "/api/v1/audit", Forbidden },
        { Demo.Admin, "/api/v1/audit/verify", Ok }, { Demo.Hr, "/api/v1/audit/verify", Ok }, { Demo.Director, "/api/v1/audit/verify", Forbidden },
        { Demo.Manager, "/api/v1/audit/verify", Forbidden }, { Demo.Employee, "/api/v1/audit/verify", Forbidden },
    };

    public static TheoryData<string> AllPages => new()
    {
        "/", "/Organization/Employees", "/Organization/Teams", "/Organization/Sites", "/Organization/Roster/Import", "/Audit",
        "/Organization/Employees/Details/{E0020}", "/Organization/Teams/Details/{COL-T01}",
    };

    public static TheoryData<string> AllApiRoutes => new()
    {
        "/api/v1/me", "/api/v1/sites", "/api/v1/teams", "/api/v1/employees", "/api/v1/employees/{E0020}", "/api/v1/audit", "/api/v1/audit/verify",
    };

    private CertDeskApp App => fixture.App;

    private async Task<string> ResolveAsync(string path)
    {
        foreach (var number in new[] { "E0020", "E0450", "E0021", "E0010" })
        {
            if (path.Contains($"{{{number}}}", StringComparison.Ordinal))
            {
                path = path.Replace($"{{{number}}}", (await App.EmployeeIdAsync(number)).ToString(), StringComparison.Ordinal);
            }
        }
        foreach (var team in new[] { "COL-T01", "MNL-T10" })
        {
            if (path.Contains($"{{{team}}}", StringComparison.Ordinal))
            {
                path = path.Replace($"{{{team}}}", (await App.TeamIdAsync(team)).ToString(), StringComparison.Ordinal);
            }
        }
        return path;
    }

    [ProviderTheory]
    [MemberData(nameof(Pages), MemberType = typeof(AuthorizationTests))]
    public async Task Page_SignedInRole_GetsExpectedStatus(string email, string path, int expected)
    {
        var client = await App.SignInAsAsync(email);
        var response = await client.GetAsync(await ResolveAsync(path));
        var body = await AssertHttp.StatusAsync(response, (HttpStatusCode)expected);
        switch (expected)
        {
            case Ok:
                Assert.Contains("</html>", body, StringComparison.OrdinalIgnoreCase);
                Assert.Contains("Sign out", body, StringComparison.OrdinalIgnoreCase);
                break;
            case Redirect:
                Assert.Contains("/Accounts/AccessDenied", response.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
                break;
        }
    }

    [ProviderTheory]
    [MemberData(nameof(ApiRoutes), MemberType = typeof(AuthorizationTests))]
    public async Task Api_SignedInRole_GetsExpectedStatus(string email, string path, int expected)
    {
        var client = await App.SignInAsAsync(email);
        var response = await client.GetAsync(await ResolveAsync(path));
        if (expected == Ok)
        {
            var json = await AssertHttp.JsonAsync(response);
            if (path is "/api/v1/sites" or "/api/v1/teams" or "/api/v1/employees" or "/api/v1/audit")
            {
                Assert.True(json.GetProperty("total").GetInt32() > 0, $"{path}: expected some items: {json}");
                Assert.True(json.GetProperty("items").GetArrayLength() > 0, $"{path}: expected some items: {json}");
            }
        }
        else
        {
            await AssertHttp.StatusAsync(response, (HttpStatusCode)expected);
        }
    }

    [ProviderTheory]
    [MemberData(nameof(AllPages), MemberType = typeof(AuthorizationTests))]
    public async Task Page_Anonymous_RedirectsToLogin(string path)
    {
        using var client = App.AnonymousClient();
        await AssertHttp.RedirectsToLoginAsync(await client.GetAsync(await ResolveAsync(path)));
    }

    [ProviderTheory]
    [MemberData(nameof(AllApiRoutes), MemberType = typeof(AuthorizationTests))]
    public async Task Api_Anonymous_Gets401(string path)
    {
        using var client = App.AnonymousClient();
        var response = await client.GetAsync(await ResolveAsync(path));
        await AssertHttp.StatusAsync(response, HttpStatusCode.Unauthorized);
        Assert.Null(response.Headers.Location);
    }

    [ProviderFact]
    public async Task Me_EachRole_NamesTheCallerAndTheirRole()
    {
        var expectedRoles = new Dictionary<string, string>
        {
            [Demo.Admin] = "Admin",
            [Demo.Hr] = "ProgramManager",
            [Demo.Director] = "Approver",
            [Demo.Manager] = "Manager",
            [Demo.Employee] = "Employee",
        };
        foreach (var (email, role) in expectedRoles)
        {
            var me = await AssertHttp.JsonAsync(await (await App.SignInAsAsync(email)).GetAsync("/api/v1/me"));
            Assert.Equal(email, me.GetProperty("email").GetString());
            Assert.Equal([role], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.False(string.IsNullOrEmpty(me.GetProperty("employee_id").GetString()), $"{email} is linked to an employee: {me}");
        }
    }

    [ProviderFact]
    public async Task Employees_AsEmployee_ListsOnlyThemself()
    {
        var client = await App.SignInAsAsync(Demo.Employee);
        var json = await AssertHttp.JsonAsync(await client.GetAsync("/api/v1/employees?page_size=500"));
        Assert.Equal(1, json.GetProperty("total").GetInt32());
        Assert.Equal("E0020", json.GetProperty("items")[0].GetProperty("employee_id").GetString());
    }

    [ProviderFact]
    public async Task Employees_AsManager_ListsTheirReportsButNotAnotherManagers()
    {
        var client = await App.SignInAsAsync(Demo.Manager);
        var json = await AssertHttp.JsonAsync(await client.GetAsync("/api/v1/employees?page_size=500"));
        var numbers = json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("employee_id").GetString()).ToHashSet();
        Assert.Equal(json.GetProperty("total").GetInt32(), numbers.Count);
        Assert.Contains("E0009", numbers); // themself
        Assert.Contains("E0020", numbers); // a supervisor reporting to them
        Assert.Contains("E0021", numbers); // an agent two levels down
        Assert.DoesNotContain("E0010", numbers); // the other Columbus operations manager
        Assert.DoesNotContain("E0450", numbers); // a Manila agent
        Assert.DoesNotContain("E0001", numbers); // their own manager's manager
        // Five teams of a supervisor and 14 agents each, plus the manager.
        Assert.Equal(1 + (5 * 15), numbers.Count);

        var otherManagersReport = await App.EmployeeIdAsync("E0010");
        await AssertHttp.StatusAsync(await client.GetAsync($"/api/v1/employees/{otherManagersReport}"), HttpStatusCode.NotFound);
        await AssertHttp.StatusAsync(await client.GetAsync($"/Organization/Employees/Details/{otherManagersReport}"), HttpStatusCode.NotFound);
    }

    [ProviderTheory]
    [InlineData(Demo.Admin, 30)]
    [InlineData(Demo.Director, 30)]
    [InlineData(Demo.Manager, 5)]
    [InlineData(Demo.Employee, 1)]
    public async Task Teams_EachRole_ListsTheTeamsOfTheirPartOfTheChart(string email, int expected)
    {
        var client = await App.SignInAsAsync(email);
        var json = await AssertHttp.JsonAsync(await client.GetAsync("/api/v1/teams?page_size=500"));
        Assert.Equal(expected, json.GetProperty("total").GetInt32());
        Assert.Equal(expected, json.GetProperty("items").GetArrayLength());
        if (email == Demo.Manager)
        {
            Assert.All(json.GetProperty("items").EnumerateArray(), t => Assert.StartsWith("COL-T0", t.GetProperty("code").GetString(), StringComparison.Ordinal));
        }
    }

    [ProviderFact]
    public async Task Employees_Paging_ReturnsPageAndTotal()
    {
        var client = await App.SignInAsAsync(Demo.Hr);
        var first = await AssertHttp.JsonAsync(await client.GetAsync("/api/v1/employees?page=1&page_size=10"));
        var second = await AssertHttp.JsonAsync(await client.GetAsync("/api/v1/employees?page=2&page_size=10"));
        Assert.Equal(450, first.GetProperty("total").GetInt32());
        Assert.Equal(10, first.GetProperty("items").GetArrayLength());
        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(e => e.GetProperty("id").GetString()).ToHashSet();
        Assert.Equal(20, ids.Count);
    }

    [ProviderFact]
    public async Task EmployeeDetails_AnotherPersonsRecordAsEmployee_LooksLikeMissing()
    {
        var client = await App.SignInAsAsync(Demo.Employee);
        var colleague = await App.EmployeeIdAsync("E0021"); // an agent on their own team
        var missing = Guid.NewGuid();
        var colleagueResponse = await client.GetAsync($"/api/v1/employees/{colleague}");
        var missingResponse = await client.GetAsync($"/api/v1/employees/{missing}");
        var colleagueBody = await AssertHttp.StatusAsync(colleagueResponse, HttpStatusCode.NotFound);
        var missingBody = await AssertHttp.StatusAsync(missingResponse, HttpStatusCode.NotFound);
        Assert.DoesNotContain("E0021", colleagueBody, StringComparison.Ordinal);
        // Same problem body apart from the request's own ids: nothing tells "exists but hidden" from "missing".
        static string Shape(string body) => System.Text.RegularExpressions.Regex.Replace(body, "\"(trace_id|request_id)\":\"[^\"]*\"", "");
        Assert.Equal(Shape(missingBody), Shape(colleagueBody));
        var page = await client.GetAsync($"/Organization/Employees/Details/{colleague}");
        var html = await AssertHttp.StatusAsync(page, HttpStatusCode.NotFound);
        Assert.DoesNotContain("E0021", html, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task EmployeesPage_AsEmployee_ShowsNoOneElse()
    {
        var client = await App.SignInAsAsync(Demo.Employee);
        var html = await AssertHttp.StatusAsync(await client.GetAsync("/Organization/Employees"), HttpStatusCode.OK);
        var self = await App.EmployeeAsync("E0020");
        var colleague = await App.EmployeeAsync("E0021");
        Assert.Contains(self!.LastName, html, StringComparison.Ordinal);
        Assert.DoesNotContain($"/Organization/Employees/Details/{colleague!.Id}", html, StringComparison.Ordinal);
    }
}

public sealed class SqliteAuthorizationTests(SqliteDemoApp fixture) : AuthorizationTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresAuthorizationTests(PostgresDemoApp fixture) : AuthorizationTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
