using System.Net;
using CertDesk.Data;
using CertDesk.Tests.Infrastructure;
using static CertDesk.Tests.Infrastructure.CertDeskApp;

namespace CertDesk.Tests.Features.Agreements;

/// <summary>Business cases against budgets, and tuition policies (bad tiers refused, published versions sealed), on both databases.</summary>
public abstract class BusinessCaseAndPolicyTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static string VisibleText(string html) => Features.Shared.ScreensTests.VisibleText(html);

    private static object Case(string costCenter, decimal fees) => new
    {
        employee_number = "E0101",
        certification_code = "CCCM",
        certification_name = "Certified Call Center Manager",
        fiscal_year = 2026,
        cost_center = costCenter,
        fees,
        materials = 200m,
        travel = 300m,
        hours_away = 40m,
        backfill = 500m,
        benefits = new[] { new { name = "lower attrition", annual_value = 48000m, isolation = 0.6m, confidence = 0.8m } },
    };

    [ProviderFact]
    public async Task BusinessCase_OverBudget_RefusedUntilAdminRaisesBudget()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var director = await App.SignInAsAsync(Demo.Director);
        var admin = await App.SignInAsAsync(Demo.Admin);
        var cc = "CC-" + Guid.NewGuid().ToString("N")[..6];

        var created = await ExpectAsync(await PostJsonAsync(hr, "/api/v1/business-cases", Case(cc, 1995m)), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var hourly = created.GetProperty("hourly_loaded_cost").GetDecimal();
        var expectedCost = 1995m + 200m + 300m + Math.Round(40m * hourly, 2, MidpointRounding.AwayFromZero) + 500m;
        Assert.Equal(expectedCost, created.GetProperty("total_cost").GetDecimal());
        Assert.Equal(23040m, created.GetProperty("total_benefit").GetDecimal()); // 48000 x 0.6 x 0.8
        Assert.Equal("draft", created.GetProperty("status").GetString());

        await ExpectAsync(await hr.PostAsync($"/api/v1/business-cases/{id}/submit", null), HttpStatusCode.OK);
        var noBudget = await ExpectAsync(await PostJsonAsync(director, $"/api/v1/business-cases/{id}/approve", new { }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("no budget", noBudget.GetProperty("errors").GetProperty("budget")[0].GetString(), StringComparison.Ordinal);

        await ExpectAsync(await PutJsonAsync(admin, "/api/v1/budgets", new { fiscal_year = 2026, cost_center = cc, amount = 1000m }), HttpStatusCode.OK);
        var over = await ExpectAsync(await PostJsonAsync(director, $"/api/v1/business-cases/{id}/approve", new { }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("over budget", over.GetProperty("errors").GetProperty("budget")[0].GetString(), StringComparison.Ordinal);

        // Only an admin raises a budget.
        await ExpectAsync(await PutJsonAsync(director, "/api/v1/budgets", new { fiscal_year = 2026, cost_center = cc, amount = 100000m }), HttpStatusCode.Forbidden);
        await ExpectAsync(await PutJsonAsync(admin, "/api/v1/budgets", new { fiscal_year = 2026, cost_center = cc, amount = 10000m }), HttpStatusCode.OK);
        var approved = await ExpectAsync(await PostJsonAsync(director, $"/api/v1/business-cases/{id}/approve", new { comment = "go" }), HttpStatusCode.OK);
        Assert.Equal("approved", approved.GetProperty("status").GetString());

        var budgets = await ExpectAsync(await director.GetAsync("/api/v1/budgets?page_size=500"), HttpStatusCode.OK);
        var mine = budgets.GetProperty("items").EnumerateArray().Single(b => b.GetProperty("cost_center").GetString() == cc);
        Assert.Equal(10000m - expectedCost, mine.GetProperty("remaining").GetDecimal());

        // The details page shows the approver the remaining budget.
        var page = await director.GetStringAsync($"/BusinessCases/Details/{id}");
        Assert.Contains("remaining-budget", page, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task BusinessCase_RejectWithoutComment_IsRefused_EmployeeCannotDraft()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var director = await App.SignInAsAsync(Demo.Director);
        var employee = await App.SignInAsAsync(Demo.Employee);
        await ExpectAsync(await PostJsonAsync(employee, "/api/v1/business-cases", Case("CC-X", 100m)), HttpStatusCode.Forbidden);

        var id = (await ExpectAsync(await PostJsonAsync(hr, "/api/v1/business-cases", Case("CC-R", 100m)), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await ExpectAsync(await hr.PostAsync($"/api/v1/business-cases/{id}/submit", null), HttpStatusCode.OK);
        await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/business-cases/{id}/approve", new { }), HttpStatusCode.Forbidden);
        await ExpectAsync(await PostJsonAsync(director, $"/api/v1/business-cases/{id}/reject", new { comment = " " }), HttpStatusCode.UnprocessableEntity);
        var rejected = await ExpectAsync(await PostJsonAsync(director, $"/api/v1/business-cases/{id}/reject", new { comment = "not this year" }), HttpStatusCode.OK);
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal("not this year", rejected.GetProperty("decision_comment").GetString());
    }

    public static TheoryData<string, object, string> BadPolicies => new()
    {
        { "overlap", new[] { new { from_month = 0, until_month = 12, percent = 100m }, new { from_month = 10, until_month = 24, percent = 50m } }, "overlaps" },
        { "gap", new[] { new { from_month = 0, until_month = 12, percent = 100m }, new { from_month = 14, until_month = 24, percent = 50m } }, "gap" },
        { "short", new[] { new { from_month = 0, until_month = 12, percent = 100m } }, "gap" },
        { "percent", new[] { new { from_month = 0, until_month = 24, percent = 120m } }, "between 0 and 100" },
    };

    [ProviderTheory]
    [MemberData(nameof(BadPolicies))]
    public async Task Policy_BadTiers_422AndNothingWritten(string label, object tiers, string message)
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var policy = ValidPolicy("BAD-" + label.ToUpperInvariant());
        policy["tiers"] = tiers;
        var problem = await ExpectAsync(await PostJsonAsync(hr, "/api/v1/policies", policy), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(message, problem.GetProperty("errors").ToString(), StringComparison.Ordinal);
        Assert.False(await App.PolicyExistsAsync("BAD-" + label.ToUpperInvariant()));
    }

    [ProviderTheory]
    [InlineData(0)]
    [InlineData(121)]
    public async Task Policy_CommitmentOutOfRange_422AndNothingWritten(int months)
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var code = $"BAD-C{months}";
        var policy = ValidPolicy(code);
        policy["commitment_months"] = months;
        policy["proration"] = "monthly";
        var problem = await ExpectAsync(await PostJsonAsync(hr, "/api/v1/policies", policy), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("between 1 and 120", problem.GetProperty("errors").GetProperty("commitment_months")[0].GetString(), StringComparison.Ordinal);
        Assert.False(await App.PolicyExistsAsync(code));
    }

    [ProviderFact]
    public async Task PublishedPolicy_IsImmutable_InApiAndDatabase()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var id = await App.PublishedPolicyAsync();
        var before = await ExpectAsync(await hr.GetAsync($"/api/v1/policies/{id}"), HttpStatusCode.OK);

        var change = ValidPolicy();
        change["name"] = "Sneaky edit";
        await ExpectAsync(await PutJsonAsync(hr, $"/api/v1/policies/{id}", change), HttpStatusCode.Conflict);
        await ExpectAsync(await hr.PostAsync($"/api/v1/policies/{id}/publish", null), HttpStatusCode.Forbidden);

        // Below the service: SaveChanges refuses to modify or delete a published row.
        var error = await Assert.ThrowsAsync<SealedRecordException>(() => App.ChangePublishedPolicyAsync(id));
        Assert.Contains("published", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SealedRecordException>(() => App.DeletePublishedPolicyAsync(id));
        var after = await ExpectAsync(await hr.GetAsync($"/api/v1/policies/{id}"), HttpStatusCode.OK);
        Assert.Equal(before.ToString(), after.ToString());

        // A new version starts as an editable draft copy.
        var v2 = await ExpectAsync(await hr.PostAsync($"/api/v1/policies/{id}/versions", null), HttpStatusCode.Created);
        Assert.Equal(2, v2.GetProperty("policy_version").GetInt32());
        await ExpectAsync(await PutJsonAsync(hr, $"/api/v1/policies/{v2.GetProperty("id").GetGuid()}", new Dictionary<string, object?>(change) { ["code"] = null }), HttpStatusCode.OK);
    }

    [ProviderFact]
    public async Task PolicyEditPage_ApplicationWindow_SavedShownAndReloaded_CloseBeforeOpenRefused()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        async Task<HttpResponseMessage> PostAsync(string code, string opens, string closes)
        {
            var token = await AntiforgeryTokenAsync(hr, "/TuitionPolicies/Edit");
            return await hr.PostAsync("/TuitionPolicies/Edit", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Input.Code"] = code,
                ["Input.Name"] = "Window policy " + code,
                ["Input.ApplicationsOpenOn"] = opens,
                ["Input.ApplicationsCloseOn"] = closes,
                ["Input.RequiresGoodStanding"] = "true",
            }));
        }
        var code = "TP-WIN-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

        // A window closing before it opens: the form comes back with the reason, and no draft is written.
        var refused = WebUtility.HtmlDecode(await (await PostAsync(code, "2027-03-01", "2027-01-31")).Content.ReadAsStringAsync());
        Assert.Contains("must be on or after applications_open_on", refused, StringComparison.Ordinal);
        Assert.DoesNotContain(code, await hr.GetStringAsync("/TuitionPolicies"), StringComparison.Ordinal);

        // Saved: the details page states the window in words, and the edit form reloads both days.
        var saved = await PostAsync(code, "2027-01-01", "2027-03-31");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var details = saved.Headers.Location!.OriginalString;
        var html = WebUtility.HtmlDecode(await hr.GetStringAsync(details));
        Assert.Contains("from 1 January 2027 to 31 March 2027", html, StringComparison.Ordinal);
        var id = details[(details.LastIndexOf('/') + 1)..];
        var form = await hr.GetStringAsync($"/TuitionPolicies/Edit/{id}");
        Assert.Contains("value=\"2027-01-01\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"2027-03-31\"", form, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task PolicyEditPage_CodeFields_AreChoicesInWords_TheChosenCodeSavedAndReselected()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var blank = WebUtility.HtmlDecode(await hr.GetStringAsync("/TuitionPolicies/Edit"));
        Assert.Contains(">A minimum grade</option>", blank, StringComparison.Ordinal);
        Assert.Contains(">From payment</option>", blank, StringComparison.Ordinal);
        Assert.Contains(">Day by day</option>", blank, StringComparison.Ordinal);
        Assert.DoesNotContain("(pass or minimum_grade)", blank, StringComparison.Ordinal);

        var code = "TP-SEL-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var saved = await hr.PostAsync("/TuitionPolicies/Edit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(hr, "/TuitionPolicies/Edit"),
            ["Input.Code"] = code,
            ["Input.Name"] = "Choices policy " + code,
            ["Input.CommitmentStart"] = "payment",
            ["Input.Proration"] = "daily",
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var details = saved.Headers.Location!.OriginalString;
        var form = await hr.GetStringAsync($"/TuitionPolicies/Edit/{details[(details.LastIndexOf('/') + 1)..]}");
        Assert.Matches("<option selected=\"selected\" value=\"payment\">", form);
        Assert.Matches("<option selected=\"selected\" value=\"daily\">", form);
    }

    /// <summary>The policy form's tiers and reasons as the page posts them: one field per tier cell and per reason.</summary>
    private static Dictionary<string, string> TierForm(string token, string code, (string From, string Until, string Percent)[] tiers, Dictionary<string, string>? reasons = null)
    {
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Code"] = code,
            ["Input.Name"] = "Tier policy " + code,
            ["Input.AnnualCap"] = "4000",
            ["Input.CommitmentMonths"] = "24",
            ["Input.Proration"] = "tiers",
            ["Input.RequiresGoodStanding"] = "true",
        };
        // The form always offers two empty rows at the end; they are sent empty and mean nothing.
        (string From, string Until, string Percent)[] rows = [.. tiers, ("", "", ""), ("", "", "")];
        for (var i = 0; i < rows.Length; i++)
        {
            form[$"Input.TierRows[{i}].From"] = rows[i].From;
            form[$"Input.TierRows[{i}].Until"] = rows[i].Until;
            form[$"Input.TierRows[{i}].Percent"] = rows[i].Percent;
        }
        foreach (var (reason, rule) in reasons ?? [])
        {
            form[$"Input.ReasonRules[{reason}]"] = rule;
        }
        return form;
    }

    [ProviderFact]
    public async Task PolicyEditPage_TiersAsRows_ExampleAt6_18_30Months_ReasonsAsChoices_SavedAsTheApiReadsThem()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);

        // A blank form: the default tiers as rows, each reason a choice in words, and the example for the annual cap.
        var blank = VisibleText(await hr.GetStringAsync("/TuitionPolicies/Edit"));
        foreach (var text in new[]
        {
            "Repayment tiers", "Months from", "Months to", "Percent owed", "What each reason for leaving means", "Dismissal for cause",
            "Repayment owed", "Exempt: nothing owed", "Someone funded USD 5,250.00 (the annual cap)",
            "6 months USD 5,250.00 100 % Tier 1 (until month 12)", "18 months USD 2,625.00 50 % Tier 2 (until month 24)", "30 months USD 0.00 0 % Commitment served",
        })
        {
            Assert.Contains(text, blank, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("for_cause", blank, StringComparison.Ordinal);
        Assert.DoesNotContain("from-until", blank, StringComparison.Ordinal);

        // Working out the example saves nothing: the first 6 months owe all, then a quarter; resigning is made exempt.
        var code = "TP-ROW-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var example = await hr.PostAsync("/TuitionPolicies/Edit?handler=Example", new FormUrlEncodedContent(
            TierForm(await AntiforgeryTokenAsync(hr, "/TuitionPolicies/Edit"), code, [("0", "6", "100"), ("6", "24", "25")])));
        var worked = VisibleText(await AssertHttp.StatusAsync(example, HttpStatusCode.OK));
        Assert.Contains("Someone funded USD 4,000.00 (the annual cap)", worked, StringComparison.Ordinal);
        Assert.Contains("6 months USD 1,000.00 25 % Tier 2 (until month 24)", worked, StringComparison.Ordinal);
        Assert.Contains("18 months USD 1,000.00 25 %", worked, StringComparison.Ordinal);
        Assert.False(await App.PolicyExistsAsync(code));

        // A gap between the rows: the row is named in words, nothing is written.
        var gap = await hr.PostAsync("/TuitionPolicies/Edit", new FormUrlEncodedContent(
            TierForm(await AntiforgeryTokenAsync(hr, "/TuitionPolicies/Edit"), code, [("0", "6", "100"), ("8", "24", "25")])));
        var refused = VisibleText(await AssertHttp.StatusAsync(gap, HttpStatusCode.OK));
        Assert.Contains("Tier row 2, months from: leaves a gap: months 6 to 8 are in no tier.", refused, StringComparison.Ordinal);
        Assert.False(await App.PolicyExistsAsync(code));

        // Saved: the tiers and reasons as the API has always read them.
        var saved = await hr.PostAsync("/TuitionPolicies/Edit", new FormUrlEncodedContent(
            TierForm(await AntiforgeryTokenAsync(hr, "/TuitionPolicies/Edit"), code, [("0", "6", "100"), ("6", "24", "25")],
                new() { ["resignation"] = "exempt", ["for_cause"] = "owed", ["not_completed"] = "owed", ["layoff"] = "none", ["death"] = "exempt", ["disability"] = "exempt", ["retirement"] = "owed" })));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var details = saved.Headers.Location!.OriginalString;
        var id = details[(details.LastIndexOf('/') + 1)..];
        var api = await ExpectAsync(await hr.GetAsync($"/api/v1/policies/{id}"), HttpStatusCode.OK);
        Assert.Equal("0-6:100;6-24:25", string.Join(';', api.GetProperty("tiers").EnumerateArray().Select(t =>
            $"{t.GetProperty("from_month").GetInt32()}-{t.GetProperty("until_month").GetInt32()}:{t.GetProperty("percent").GetDecimal():0.##}")));
        Assert.Equal(["for_cause", "not_completed", "retirement"], api.GetProperty("triggering_reasons").EnumerateArray().Select(r => r.GetString()!).ToArray());
        Assert.Equal(["resignation", "death", "disability"], api.GetProperty("exempt_reasons").EnumerateArray().Select(r => r.GetString()!).ToArray());

        // The edit form shows them again as rows and choices, and its example says resigning owes nothing.
        var form = await hr.GetStringAsync($"/TuitionPolicies/Edit/{id}");
        Assert.Matches("name=\"Input.TierRows\\[1\\].From\" value=\"6\"", form);
        Assert.Matches("<select id=\"reason-resignation\" name=\"Input.ReasonRules\\[resignation\\]\">\\s*<option value=\"owed\">Repayment owed</option>\\s*<option value=\"exempt\" selected=\"selected\">", form);
        Assert.Contains("6 months USD 0.00 0 % Exempt: resignation", VisibleText(form), StringComparison.Ordinal);
    }

    /// <summary>
    /// Funded items and eligible job roles are boxes to tick, in words (the stored codes and role names unchanged); a
    /// field the form cannot read is reported together with every other mistake, and nothing is written.
    /// </summary>
    [ProviderFact]
    public async Task PolicyEditPage_ItemsAndRolesAreTicked_StoredAsBefore_EveryMistakeReportedAtOnce()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var blank = WebUtility.HtmlDecode(await hr.GetStringAsync("/TuitionPolicies/Edit"));
        Assert.DoesNotContain("comma separated", blank, StringComparison.Ordinal);
        Assert.Matches("<input type=\"checkbox\" id=\"item-\\d+\" name=\"Input.FundedItems\" value=\"exam\" checked=\"checked\" /> Exam</label>", blank);
        Assert.Matches("<input type=\"checkbox\" id=\"item-\\d+\" name=\"Input.FundedItems\" value=\"travel\" /> Travel</label>", blank);
        Assert.Matches("<input type=\"checkbox\" id=\"role-\\d+\" name=\"Input.EligibleRoles\" value=\"Supervisor\" /> Supervisor</label>", blank);

        // As the browser posts ticked boxes: the empty value the page sends first, then one value per ticked box.
        List<KeyValuePair<string, string>> Form(string token, string code, string cap, (string, string, string)[] tiers, string[] items, string[] roles) =>
        [
            .. TierForm(token, code, tiers).Where(f => f.Key != "Input.AnnualCap"),
            new("Input.AnnualCap", cap),
            new("Input.FundedItems", ""), .. items.Select(i => new KeyValuePair<string, string>("Input.FundedItems", i)),
            new("Input.EligibleRoles", ""), .. roles.Select(r => new KeyValuePair<string, string>("Input.EligibleRoles", r)),
        ];
        var code = "TP-BOX-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

        // An amount the form cannot read and a gap between the tiers: both reported on the one answer, nothing written.
        var refused = VisibleText(await AssertHttp.StatusAsync(await hr.PostAsync("/TuitionPolicies/Edit", new FormUrlEncodedContent(
            Form(await AntiforgeryTokenAsync(hr, "/TuitionPolicies/Edit"), code, "lots", [("0", "6", "100"), ("8", "24", "25")], ["tuition"], []))), HttpStatusCode.OK));
        Assert.Contains("The value 'lots' is not valid for Annual cap.", refused, StringComparison.Ordinal);
        Assert.Contains("Tier row 2, months from: leaves a gap: months 6 to 8 are in no tier.", refused, StringComparison.Ordinal);
        Assert.False(await App.PolicyExistsAsync(code));

        var saved = await hr.PostAsync("/TuitionPolicies/Edit", new FormUrlEncodedContent(
            Form(await AntiforgeryTokenAsync(hr, "/TuitionPolicies/Edit"), code, "4000", [("0", "12", "100"), ("12", "24", "50")], ["tuition", "travel"], ["Supervisor", "Manager"])));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var details = saved.Headers.Location!.OriginalString;
        var id = details[(details.LastIndexOf('/') + 1)..];
        var api = await ExpectAsync(await hr.GetAsync($"/api/v1/policies/{id}"), HttpStatusCode.OK);
        Assert.Equal(["tuition", "travel"], api.GetProperty("funded_items").EnumerateArray().Select(i => i.GetString()!).ToArray());
        Assert.Equal(["Supervisor", "Manager"], api.GetProperty("eligible_roles").EnumerateArray().Select(r => r.GetString()!).ToArray());

        // Reloaded, the boxes are ticked as saved; every box unticked means no role restriction (every role may request).
        var form = WebUtility.HtmlDecode(await hr.GetStringAsync($"/TuitionPolicies/Edit/{id}"));
        Assert.Matches("value=\"travel\" checked=\"checked\" /> Travel</label>", form);
        Assert.Matches("value=\"exam\" /> Exam</label>", form);
        Assert.Matches("value=\"Manager\" checked=\"checked\" /> Manager</label>", form);
        var version = System.Text.RegularExpressions.Regex.Match(form, "name=\"Input.Version\" value=\"(\\d+)\"").Groups[1].Value;
        var resaved = await hr.PostAsync($"/TuitionPolicies/Edit/{id}", new FormUrlEncodedContent(
            [.. Form(await AntiforgeryTokenAsync(hr, $"/TuitionPolicies/Edit/{id}"), code, "4000", [("0", "12", "100"), ("12", "24", "50")], ["tuition"], []), new("Input.Version", version)]));
        Assert.Equal(HttpStatusCode.Redirect, resaved.StatusCode);
        api = await ExpectAsync(await hr.GetAsync($"/api/v1/policies/{id}"), HttpStatusCode.OK);
        Assert.Empty(api.GetProperty("eligible_roles").EnumerateArray());
        Assert.Equal(["tuition"], api.GetProperty("funded_items").EnumerateArray().Select(i => i.GetString()!).ToArray());
    }

    [ProviderFact]
    public async Task PolicyPages_RenderForHr()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var id = await App.PublishedPolicyAsync();
        Assert.Contains("Tuition policies", await hr.GetStringAsync("/TuitionPolicies"), StringComparison.Ordinal);
        Assert.Contains("Start a new version", await hr.GetStringAsync($"/TuitionPolicies/Details/{id}"), StringComparison.Ordinal);
        Assert.Contains("Save draft", await hr.GetStringAsync("/TuitionPolicies/Edit"), StringComparison.Ordinal);
        Assert.Contains("Save draft", await hr.GetStringAsync("/BusinessCases/New"), StringComparison.Ordinal);
        Assert.True(await App.IsPublishedAsync(id));
    }
}

public sealed class SqliteBusinessCaseAndPolicyTests(SqliteDemoApp fixture) : BusinessCaseAndPolicyTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresBusinessCaseAndPolicyTests(PostgresDemoApp fixture) : BusinessCaseAndPolicyTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
