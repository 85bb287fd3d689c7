using System.Net;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Features.Gaps;

/// <summary>
/// The cohort plan page chooses its people through the people picker: names, picked entries and ids are planned for and
/// shown as entries; a name nobody the manager may plan for has is reported with the form's other mistakes, and nothing
/// is solved for a different group than the one asked for.
/// </summary>
public abstract class CohortPlanPageTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static FormUrlEncodedContent Form(string token, string budget, params string[] people) => new(
        new[] { ("Input.Role", ""), ("Input.Budget", budget), ("Input.From", Iso(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7))),
                ("Input.To", Iso(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(90))), ("Input.MaxAway", "2"), ("__RequestVerificationToken", token) }
            .Concat(people.Select(p => ("Input.Employees", p)))
            .Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)));

    [ProviderFact]
    public async Task Plan_PeopleByNameEntryOrId_ArePlanned_AnUnknownNameIsReportedWithTheOtherMistakes()
    {
        var manager = await App.SignInAsAsync(Demo.Manager);
        var e20 = (await App.EmployeeAsync("E0020"))!;
        var e50 = (await App.EmployeeAsync("E0050"))!;
        var page = WebUtility.HtmlDecode(await AssertHttp.StatusAsync(await manager.GetAsync("/Gaps/Plan"), HttpStatusCode.OK));
        Assert.Contains($"<option value=\"{e20.FirstName} {e20.LastName} (E0020)\">", page, StringComparison.Ordinal);
        Assert.Contains("<label for=\"employees-0\">Person 1</label>", page, StringComparison.Ordinal);
        var token = await CertDeskApp.AntiforgeryTokenAsync(manager, "/Gaps/Plan");

        var planned = WebUtility.HtmlDecode(await AssertHttp.StatusAsync(
            await manager.PostAsync("/Gaps/Plan", Form(token, "20000", $"{e20.FirstName} {e20.LastName}", "", $"{e50.FirstName} {e50.LastName} (E0050)")), HttpStatusCode.OK));
        Assert.DoesNotContain("is not an active person", planned, StringComparison.Ordinal);
        Assert.Contains("<dt>Candidates</dt><dd>2;", planned, StringComparison.Ordinal);
        Assert.Contains($"value=\"{e20.FirstName} {e20.LastName} (E0020)\"", planned, StringComparison.Ordinal);
        Assert.Contains($"value=\"{e50.FirstName} {e50.LastName} (E0050)\"", planned, StringComparison.Ordinal);

        // An id still works, alone or with others in one field as the old single field took them.
        var byIds = WebUtility.HtmlDecode(await AssertHttp.StatusAsync(await manager.PostAsync("/Gaps/Plan", Form(token, "20000", "e0020 E0050")), HttpStatusCode.OK));
        Assert.Contains("<dt>Candidates</dt><dd>2;", byIds, StringComparison.Ordinal);

        var refused = WebUtility.HtmlDecode(await AssertHttp.StatusAsync(
            await manager.PostAsync("/Gaps/Plan", Form(token, "-5", $"{e20.FirstName} {e20.LastName}", "Nobody Called This")), HttpStatusCode.OK));
        Assert.Contains("People: \"Nobody Called This\" is not an active person you can plan for", refused, StringComparison.Ordinal);
        Assert.Contains("budget: is required and must not be negative", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("<dt>Candidates</dt>", refused, StringComparison.Ordinal);
        Assert.Contains("value=\"Nobody Called This\"", refused, StringComparison.Ordinal);
    }
}

public sealed class SqliteCohortPlanPageTests(SqliteDemoApp fixture) : CohortPlanPageTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresCohortPlanPageTests(PostgresDemoApp fixture) : CohortPlanPageTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
