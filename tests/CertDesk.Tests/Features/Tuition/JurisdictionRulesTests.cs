using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Tests.Features.Tuition;

/// <summary>
/// California AB 692 on a site: an agreement breaking it is refused at issue with the rule named; a compliant one carries
/// the rule, gives five business days to consult counsel before signing, and owes nothing after a layoff (case C20).
/// </summary>
public abstract class JurisdictionRulesTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<Guid> PublishedPolicyAsync(string code, int commitment, string proration)
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var policy = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/policies", new Dictionary<string, object?>
        {
            ["code"] = code,
            ["name"] = "Policy " + code,
            ["annual_cap"] = 10000m,
            ["commitment_months"] = commitment,
            ["proration"] = proration,
            ["tiers"] = proration == "tiers" ? new[] { new { from_month = 0, until_month = commitment, percent = 100m } } : null,
        }), HttpStatusCode.Created);
        var id = policy.GetProperty("id").GetGuid();
        await AssertHttp.JsonAsync(await (await App.SignInAsAsync(Demo.Admin)).PostAsync($"/api/v1/policies/{id}/publish", null));
        return id;
    }

    private static object Issue(Guid employee, Guid policy) =>
        new { employee_id = employee, policy_id = policy, certification_code = "CCCM", certification_name = "Certified call center manager", funded_amount = 4800m };

    [ProviderFact]
    public async Task California_RefusesBreakingAgreements_GivesCounselDays_AndOwesNothingAfterALayoff()
    {
        var admin = await App.SignInAsAsync(Demo.Admin);
        var hr = await App.SignInAsAsync(Demo.Hr);
        var employeeId = await App.EmployeeIdAsync("E0020");
        var siteId = await App.QueryAsync(db => db.Employees.Where(e => e.Id == employeeId).Select(e => e.SiteId!.Value).SingleAsync());
        var site = await AssertHttp.JsonAsync(await admin.GetAsync($"/api/v1/sites/{siteId}"));
        var (name, zone) = (site.GetProperty("name").GetString(), site.GetProperty("time_zone").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, site.GetProperty("jurisdiction").ValueKind);

        // The site's rule: an unknown code is refused; "us-ca" is stored as US-CA; a PUT without the field keeps it.
        var unknown = await AssertHttp.JsonAsync(await admin.PutAsJsonAsync($"/api/v1/sites/{siteId}", new { name, time_zone = zone, jurisdiction = "US-XX" }),
            HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.Contains("'US-XX' is not a jurisdiction CertDesk has rules for (US-CA: California (AB 692, from 2026-01-01))",
            unknown.GetProperty("errors").GetProperty("jurisdiction")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("US-CA", (await AssertHttp.JsonAsync(await admin.PutAsJsonAsync($"/api/v1/sites/{siteId}", new { name, time_zone = zone, jurisdiction = "us-ca" })))
            .GetProperty("jurisdiction").GetString());
        Assert.Equal("US-CA", (await AssertHttp.JsonAsync(await admin.PutAsJsonAsync($"/api/v1/sites/{siteId}", new { name, time_zone = zone })))
            .GetProperty("jurisdiction").GetString());

        // A 36-month commitment and an unprorated tier: each refused at issue with the rule named, nothing written.
        var before = await App.QueryAsync(db => db.Agreements.CountAsync());
        var longer = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/agreements", Issue(employeeId, await PublishedPolicyAsync("CA-36", 36, "monthly"))),
            HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.EndsWith($"breaks the rule of {await NameAsync(employeeId)}'s site {name}: California (AB 692, from 2026-01-01): commitment at most 24 months; the policy asks 36.",
            longer.GetProperty("errors").GetProperty("policy_id")[0].GetString(), StringComparison.Ordinal);
        var flat = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/agreements", Issue(employeeId, await PublishedPolicyAsync("CA-FLAT", 24, "tiers"))),
            HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.Contains("California (AB 692, from 2026-01-01): the amount owed must be prorated month by month (monthly or daily); the policy uses tiers",
            flat.GetProperty("errors").GetProperty("policy_id")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await App.QueryAsync(db => db.Agreements.CountAsync()));

        // 24 months, monthly, repayment after a quit or a dismissal for cause: issued under the rule, which the document states.
        var issued = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/agreements", Issue(employeeId, await PublishedPolicyAsync("CA-24", 24, "monthly"))), HttpStatusCode.Created);
        var id = issued.GetProperty("id").GetGuid();
        Assert.Equal("US-CA", issued.GetProperty("jurisdiction").GetString());
        var document = await App.QueryAsync(db => db.Agreements.Where(a => a.Id == id).Select(a => a.Document).SingleAsync());
        Assert.Contains("This agreement is separate from my employment contract. I have 5 business days to consult a lawyer before signing", document, StringComparison.Ordinal);

        // The credential was earned 9 months and 5 days ago (recorded before signing).
        var completed = Today.AddMonths(-9).AddDays(-5);
        await AssertHttp.JsonAsync(await hr.PutAsJsonAsync($"/api/v1/agreements/{id}", new { completed_on = Iso(completed) }));

        // Signing today is refused: five business days to consult counsel.
        var employee = await App.SignInAsAsync(Demo.Employee);
        var signName = (await AssertHttp.JsonAsync(await employee.GetAsync("/api/v1/me"))).GetProperty("name").GetString();
        var sign = new { consent_to_electronic_records = true, intent = true, typed_name = signName, password = Demo.Password };
        var early = await AssertHttp.JsonAsync(await employee.PostAsJsonAsync($"/api/v1/agreements/{id}/sign", sign), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.Contains("California (AB 692, from 2026-01-01): you have 5 business days to consult a lawyer before signing; you can sign from ",
            early.GetProperty("errors").GetProperty("status")[0].GetString(), StringComparison.Ordinal);

        // Issued ten days ago instead: the counsel days have passed, both sign.
        await App.QueryAsync(async db =>
        {
            var a = await db.Agreements.SingleAsync(x => x.Id == id);
            a.IssuedAt = a.IssuedAt.AddDays(-10);
            return await db.SaveChangesAsync();
        });
        await AssertHttp.JsonAsync(await employee.PostAsJsonAsync($"/api/v1/agreements/{id}/sign", sign));
        var hrName = (await AssertHttp.JsonAsync(await hr.GetAsync("/api/v1/me"))).GetProperty("name").GetString();
        await AssertHttp.JsonAsync(await hr.PostAsJsonAsync($"/api/v1/agreements/{id}/countersign", sign with { typed_name = hrName }));

        // C20: a voluntary quit at month 9 owes 4,800 x (24 - 9) / 24 = 3,000.00; a layoff owes 0 under the rule, named.
        async Task<System.Text.Json.JsonElement> PreviewAsync(string reason) =>
            (await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/separations/preview", new { employee_id = employeeId, separation_date = Iso(Today), reason })))
            .EnumerateArray().Single(r => r.GetProperty("agreement_id").GetGuid() == id);
        var quit = await PreviewAsync("resignation");
        Assert.Equal(("monthly", 9, 3000.00m), (quit.GetProperty("rule").GetString(), quit.GetProperty("months_served").GetInt32(), quit.GetProperty("owed").GetDecimal()));
        var layoff = await PreviewAsync("layoff");
        Assert.Equal(("California (AB 692, from 2026-01-01): no repayment after a layoff or a termination without cause", 0.00m),
            (layoff.GetProperty("rule").GetString(), layoff.GetProperty("owed").GetDecimal()));
    }

    private Task<string> NameAsync(Guid employeeId) =>
        App.QueryAsync(db => db.Employees.Where(e => e.Id == employeeId).Select(e => e.FirstName + " " + e.LastName).SingleAsync());
}

public sealed class SqliteJurisdictionRulesTests(SqliteDemoApp fixture) : JurisdictionRulesTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresJurisdictionRulesTests(PostgresDemoApp fixture) : JurisdictionRulesTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
