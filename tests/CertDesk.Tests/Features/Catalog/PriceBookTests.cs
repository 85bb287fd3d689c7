using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CertDesk.Cli;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Tests.Features.Catalog;

/// <summary>
/// Every named certification can be planned, and "per dollar" means something: QAMC and CCCS carry a derived mapping
/// (so a quality-assurance gap gets QAMC, a supervisor's coaching gap gets CCCS in the cohort plan), the price book's
/// quote in force is the cost, else the published price, else the planning estimate, and each figure names its source.
/// People's levels are set exactly by rating every required competency from all three sources today.
/// </summary>
public abstract class PriceBookTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task<List<string>> PeopleAsync(string role) =>
        App.QueryAsync(db => db.Employees.Where(e => e.JobRole == role && e.Status == CertDesk.Features.Organization.EmploymentStatus.Active)
            .OrderBy(e => e.EmployeeNumber).Select(e => e.EmployeeNumber).ToListAsync());

    /// <summary>Rates every competency of the person's role at its required level (test, manager and self, today), except the ones given.</summary>
    private async Task SetLevelsAsync(string employeeNumber, string role, params (string Competency, int Level)[] except)
    {
        var required = await App.QueryAsync(db => db.RoleRequirements.Where(r => r.JobRole == role).Select(r => new { r.Competency!.Code, r.RequiredLevel }).ToListAsync());
        var csv = new StringBuilder("employee_id,competency,source,level,assessed_on,assessor_email,evidence,comment\n");
        foreach (var r in required)
        {
            var level = except.Where(e => e.Competency == r.Code).Select(e => (int?)e.Level).FirstOrDefault() ?? r.RequiredLevel;
            foreach (var source in new[] { "test", "manager", "self" })
            {
                csv.Append(CultureInfo.InvariantCulture, $"{employeeNumber},{r.Code},{source},{level},{Today},{source}@pricebook.test,price book test,\n");
            }
        }
        using var file = TempFile.WithText(csv.ToString());
        (await App.RunCliAsync("import", "assessments", file.Path)).ShouldExit(ExitCodes.Success);
    }

    private async Task<List<JsonElement>> RecommendationsAsync(string employeeNumber)
    {
        var hr = await App.BearerClientAsync(Demo.Hr);
        var id = await App.EmployeeIdAsync(employeeNumber);
        var page = await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/gaps/{id}/recommendations"));
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    private static JsonElement Of(List<JsonElement> items, string code) => items.Single(i => i.GetProperty("code").GetString() == code);

    private static int Rank(List<JsonElement> items, string code) => Of(items, code).GetProperty("rank").GetInt32();

    private async Task<JsonElement> QuoteAsync(object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var hr = await App.BearerClientAsync(Demo.Hr);
        return await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/price-quotes", body), expected, expected == HttpStatusCode.Created ? "application/json" : "application/problem+json");
    }

    [ProviderFact]
    public async Task Catalog_QamcAndCccs_DerivedMappingMarkedAsDerived_IssuerStaysUnknown()
    {
        var hr = await App.BearerClientAsync(Demo.Hr);
        var all = await AssertHttp.JsonAsync(await hr.GetAsync("/api/v1/certifications?page_size=100"));
        foreach (var code in new[] { "QAMC", "CCCS" })
        {
            var cert = all.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == code);
            Assert.Equal(JsonValueKind.Null, cert.GetProperty("issuer_code").ValueKind);
            Assert.Equal(JsonValueKind.Null, cert.GetProperty("tuition_fee").ValueKind);
            Assert.Equal("unverified", cert.GetProperty("verification").GetString());
            Assert.Contains("[D]", cert.GetProperty("sources").GetProperty("competencies").GetString()!, StringComparison.Ordinal);
            Assert.Contains("issuer unconfirmed", cert.GetProperty("sources").GetProperty("competencies").GetString()!, StringComparison.Ordinal);
            Assert.Contains("RCCSP", cert.GetProperty("notes").GetString()!, StringComparison.Ordinal);
        }
    }

    [ProviderFact]
    public async Task ManagerWithQualityAssuranceGap_QamcRecommended_CostFromTheDemoQuote()
    {
        var manager = (await PeopleAsync("Manager"))[0];
        await SetLevelsAsync(manager, "Manager", ("QA", 1));

        var items = await RecommendationsAsync(manager);

        var qamc = Of(items, "QAMC");
        Assert.True(qamc.GetProperty("weighted_gap_closed").GetDecimal() > 0, qamc.ToString());
        Assert.Contains(qamc.GetProperty("closes").EnumerateArray(), c => c.GetProperty("competency").GetString() == "QA");
        Assert.Equal("quote", qamc.GetProperty("cost_source").GetString());
        Assert.Contains("demo figure", qamc.GetProperty("cost_basis").GetString()!, StringComparison.Ordinal);
        // Only certifications that build QA close this gap; QAMC's online quote ranks it above the in-person CQMP.
        Assert.True(Rank(items, "QAMC") < Rank(items, "CQMP"), string.Join(", ", items.Select(i => i.GetProperty("code").GetString())));
        Assert.All(items.Where(i => i.GetProperty("weighted_gap_closed").GetDecimal() > 0),
            i => Assert.Contains(i.GetProperty("closes").EnumerateArray(), c => c.GetProperty("competency").GetString() == "QA"));
    }

    [ProviderFact]
    public async Task CohortPlan_SupervisorCoachingGap_ChoosesCccs_LineNamesItsCostSource()
    {
        var supervisor = (await PeopleAsync("Supervisor"))[1];
        await SetLevelsAsync(supervisor, "Supervisor", ("COACH", 1), ("PERF", 1));
        var hr = await App.BearerClientAsync(Demo.Hr);
        var monday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7);
        var body = new { employee_ids = new[] { supervisor }, budget = 20000m, from = monday, to = monday.AddDays(7 * 12 - 1), max_away = 1 };

        var plan = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/cohort-plans", body));

        var line = Assert.Single(plan.GetProperty("lines").EnumerateArray());
        Assert.Equal(supervisor, line.GetProperty("employee_id").GetString());
        Assert.Equal("CCCS", line.GetProperty("certification").GetString());
        Assert.StartsWith("quote from", line.GetProperty("cost_basis").GetString(), StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task TwoQuotes_PerDollarOrderDiffersFromGapOrder_AndNamesTheCostSource()
    {
        var supervisor = (await PeopleAsync("Supervisor"))[2];
        await SetLevelsAsync(supervisor, "Supervisor", ("COACH", 1), ("PERF", 1));
        // CCCS closes more of this gap than HDI-SCTL; the quotes make CCCS dear (in person) and HDI-SCTL cheap.
        await QuoteAsync(new { certification_code = "CCCS", tuition = 9800m, exam_fee = 450m, class_hours = 40m, delivery_format = "in_person", valid_from = Today, vendor = "Classroom Partners Inc." });
        await QuoteAsync(new { certification_code = "HDI-SCTL", tuition = 400m, class_hours = 8m, delivery_format = "online", valid_from = Today, valid_to = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(90), vendor = "Online Academy" });

        var items = await RecommendationsAsync(supervisor);

        var (cccs, sctl) = (Of(items, "CCCS"), Of(items, "HDI-SCTL"));
        Assert.True(cccs.GetProperty("weighted_gap_closed").GetDecimal() > sctl.GetProperty("weighted_gap_closed").GetDecimal(), "CCCS closes more gap");
        Assert.True(Rank(items, "HDI-SCTL") < Rank(items, "CCCS"), "per dollar, the cheap quote ranks first");
        Assert.Equal(("quote", "quote"), (cccs.GetProperty("cost_source").GetString(), sctl.GetProperty("cost_source").GetString()));
        Assert.Equal("quote from Classroom Partners Inc.", cccs.GetProperty("cost_basis").GetString());
        Assert.StartsWith("quote from Online Academy, valid to ", sctl.GetProperty("cost_basis").GetString(), StringComparison.Ordinal);
        Assert.Equal("USD", cccs.GetProperty("currency").GetString());

        var page = await (await App.SignInAsAsync(Demo.Hr)).GetStringAsync($"/Gaps/Person/{await App.EmployeeIdAsync(supervisor)}");
        Assert.Contains("quote from Classroom Partners Inc.", page, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task ExpiredQuote_FallsBackToPublishedPrice_ThenToTheEstimate()
    {
        var header = "code,name,issuer_code,issuer_name,format,in_person,prerequisites,prerequisite_codes,tuition_fee,exam_fee,materials_fee,retake_fee,exam_attempts,study_hours,class_hours,validity_months,renewal_period_months,renewal_ce_amount,renewal_ce_unit,renewal_rule,competencies,verification,sources,notes\n";
        string Row(string tuition) => $"PBTEST,Price book test,,,,false,,,{tuition},,,,,,16,,,,,,DATA:5,unverified,fees=test,\n";
        using (var published = TempFile.WithText(header + Row("1234.00")))
        {
            (await App.RunCliAsync("import", "catalog", published.Path)).ShouldExit(ExitCodes.Success);
        }
        var person = (await PeopleAsync("Manager"))[1];
        await QuoteAsync(new { certification_code = "PBTEST", tuition = 99m, valid_from = "2020-01-01", valid_to = "2020-12-31", vendor = "Expired vendor" });
        await QuoteAsync(new { certification_code = "PBTEST", tuition = 88m, valid_from = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30), vendor = "Future vendor" });

        var withPublished = Of(await RecommendationsAsync(person), "PBTEST");
        Assert.Equal(("published", "published price"), (withPublished.GetProperty("cost_source").GetString(), withPublished.GetProperty("cost_basis").GetString()));

        using (var unknown = TempFile.WithText(header + Row("")))
        {
            (await App.RunCliAsync("import", "catalog", unknown.Path)).ShouldExit(ExitCodes.Success);
        }
        var withEstimate = Of(await RecommendationsAsync(person), "PBTEST");
        Assert.Equal(("estimate", "planning estimate"), (withEstimate.GetProperty("cost_source").GetString(), withEstimate.GetProperty("cost_basis").GetString()));
        Assert.Contains(withEstimate.GetProperty("estimates").EnumerateArray(), e => e.GetString()!.Contains("planning estimate", StringComparison.Ordinal));
        Assert.True(withEstimate.GetProperty("fully_loaded_cost").GetDecimal() > withPublished.GetProperty("fully_loaded_cost").GetDecimal()); // 2,500 estimate > 1,234

        await QuoteAsync(new { certification_code = "PBTEST", tuition = 77m, valid_from = "2021-01-01", vendor = "Open-ended vendor" });
        var quoted = Of(await RecommendationsAsync(person), "PBTEST");
        Assert.Equal(("quote", "quote from Open-ended vendor"), (quoted.GetProperty("cost_source").GetString(), quoted.GetProperty("cost_basis").GetString()));
    }

    private static async Task<JsonElement> PutQuoteAsync(HttpClient client, Guid id, object body)
    {
        var etag = (await client.GetAsync($"/api/v1/price-quotes/{id}")).Headers.ETag!.Tag;
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/price-quotes/{id}") { Content = JsonContent.Create(body) };
        put.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        return await AssertHttp.JsonAsync(await client.SendAsync(put));
    }

    [ProviderFact]
    public async Task CohortPlan_ChoiceChangesWhenAQuoteChanges_AndBackWhenTheQuoteIsEdited()
    {
        var supervisor = (await PeopleAsync("Supervisor"))[3];
        await SetLevelsAsync(supervisor, "Supervisor", ("COACH", 1), ("PERF", 1));
        var hr = await App.BearerClientAsync(Demo.Hr);
        var monday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7);
        var body = new { employee_ids = new[] { supervisor }, budget = 20000m, from = monday, to = monday.AddDays(7 * 12 - 1), max_away = 1 };
        async Task<List<JsonElement>> PlanAsync() =>
            [.. (await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/cohort-plans", body))).GetProperty("lines").EnumerateArray()];

        var first = Assert.Single(await PlanAsync());
        var chosen = first.GetProperty("certification").GetString()!;

        // A quote in force from today (the latest start wins) prices the first choice beyond the whole budget.
        var dear = new { certification_code = chosen, tuition = 50_000m, valid_from = Today, vendor = "Cohort plan test vendor" };
        var quote = await QuoteAsync(dear);
        var id = quote.GetProperty("id").GetGuid();

        var second = await PlanAsync();
        Assert.DoesNotContain(second, l => l.GetProperty("certification").GetString() == chosen);

        // Edited down (PUT with If-Match, as the page's edit form does), the same quote makes it the choice again.
        await PutQuoteAsync(hr, id, dear with { tuition = 1m });
        var third = Assert.Single(await PlanAsync());
        Assert.Equal(chosen, third.GetProperty("certification").GetString());
        Assert.Equal("quote from Cohort plan test vendor", third.GetProperty("cost_basis").GetString());

        // Out of force again, so the other tests of this shared database see the demo price book.
        await PutQuoteAsync(hr, id, new { certification_code = chosen, tuition = 1m, valid_from = "2020-01-01", valid_to = "2020-12-31", vendor = "Cohort plan test vendor" });
    }

    [ProviderFact]
    public async Task QuoteEditPage_SavesTheChange_StaleFormWritesNothing_Audited()
    {
        var created = await QuoteAsync(new { certification_code = "CCCM", tuition = 3000m, valid_from = "2019-01-01", valid_to = "2019-12-31", vendor = "Edit page Co." });
        var id = created.GetProperty("id").GetGuid();
        var version = created.GetProperty("version").GetInt32();
        var client = await App.SignInAsAsync(Demo.Hr);
        var page = $"/Catalog/Quotes/Edit/{id}";
        Assert.Contains("Edit page Co.", await AssertHttp.StatusAsync(await client.GetAsync(page), HttpStatusCode.OK), StringComparison.Ordinal);
        Dictionary<string, string> Form(string token, string tuition, int v) => new()
        {
            ["Input.CertificationCode"] = "CCCM",
            ["Input.Vendor"] = "Edit page Co.",
            ["Input.Tuition"] = tuition,
            ["Input.DeliveryFormat"] = "blended",
            ["Input.ValidFrom"] = "2019-01-01",
            ["Input.ValidTo"] = "2019-12-31",
            ["Input.Version"] = v.ToString(CultureInfo.InvariantCulture),
            ["__RequestVerificationToken"] = token,
        };

        var saved = await client.PostAsync(page, new FormUrlEncodedContent(Form(await CertDeskApp.AntiforgeryTokenAsync(client, page), "3250.50", version)));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var hr = await App.BearerClientAsync(Demo.Hr);
        var after = await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/price-quotes/{id}"));
        Assert.Equal((3250.50m, "blended"), (after.GetProperty("tuition").GetDecimal(), after.GetProperty("delivery_format").GetString()));
        Assert.True(after.GetProperty("version").GetInt32() > version);

        // A form read before that save (the old version) writes nothing and says so.
        var stale = await client.PostAsync(page, new FormUrlEncodedContent(Form(await CertDeskApp.AntiforgeryTokenAsync(client, page), "1.00", version)));
        // The page is shown again (as every edit page does) with the current figures and the reason.
        Assert.Contains("changed by someone else", await AssertHttp.StatusAsync(stale, HttpStatusCode.OK), StringComparison.Ordinal);
        Assert.Equal(3250.50m, (await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/price-quotes/{id}"))).GetProperty("tuition").GetDecimal());

        var bad = await client.PostAsync(page, new FormUrlEncodedContent(Form(await CertDeskApp.AntiforgeryTokenAsync(client, page), "-5", after.GetProperty("version").GetInt32())));
        Assert.Contains("an amount from 0 to 1,000,000", await AssertHttp.StatusAsync(bad, HttpStatusCode.OK), StringComparison.Ordinal);
        Assert.True((await App.AuditEntriesAsync("PriceQuote", id.ToString())).Count >= 2);

        var manager = await App.SignInAsAsync(Demo.Manager);
        var refused = await manager.GetAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Accounts/AccessDenied", refused.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task BusinessCase_PrefilledFromThePriceBook_SaysItsCostSource_TypedFiguresSayEntered()
    {
        var person = (await PeopleAsync("Supervisor"))[4];
        var hr = await App.BearerClientAsync(Demo.Hr);
        var year = DateTime.UtcNow.Year;

        // Only the person and the certification: the API fills the cost lines by the price book's rule.
        var byBook = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/business-cases",
            new { employee_number = person, certification_code = "QAMC", fiscal_year = year, cost_center = "OPS" }), HttpStatusCode.Created);
        var recommended = Of(await RecommendationsAsync(person), "QAMC");
        Assert.Equal(recommended.GetProperty("cost_source").GetString(), byBook.GetProperty("cost_source").GetString());
        Assert.Equal(recommended.GetProperty("cost_basis").GetString(), byBook.GetProperty("cost_basis").GetString());
        Assert.Equal(recommended.GetProperty("fully_loaded_cost").GetDecimal(), byBook.GetProperty("total_cost").GetDecimal());

        var typed = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/business-cases",
            new { employee_number = person, certification_code = "QAMC", certification_name = "QAMC", fiscal_year = year, cost_center = "OPS", fees = 10m }), HttpStatusCode.Created);
        Assert.Equal("entered", typed.GetProperty("cost_source").GetString());

        // The page pre-fills the same figures and names the basis; the saved case's ROI names it too.
        var client = await App.SignInAsAsync(Demo.Hr);
        var form = await AssertHttp.StatusAsync(await client.GetAsync($"/BusinessCases/New?employee={person}&certification=QAMC"), HttpStatusCode.OK);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(recommended.GetProperty("cost_basis").GetString()!), form, StringComparison.Ordinal);
        var details = await client.GetStringAsync($"/BusinessCases/Details/{byBook.GetProperty("id").GetGuid()}");
        Assert.Contains("id=\"roi-cost-source\"", details, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(recommended.GetProperty("cost_basis").GetString()!), details, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Quotes_InvalidInput422_StaleIfMatch412_ManagerRefused_ChangesAudited()
    {
        var problem = await QuoteAsync(new { certification_code = "NOPE", tuition = -1m, valid_from = "2026-01-01", valid_to = "2025-01-01" }, HttpStatusCode.UnprocessableEntity);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "certification_code", "tuition", "valid_to", "vendor" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {problem}");
        }

        var created = await QuoteAsync(new { certification_code = "CCCM", tuition = 3000m, valid_from = "2026-03-01", vendor = "Concurrency Co." });
        var id = created.GetProperty("id").GetGuid();
        var hr = await App.BearerClientAsync(Demo.Hr);
        var get = await hr.GetAsync($"/api/v1/price-quotes/{id}");
        var etag = get.Headers.ETag!.Tag;
        var change = new { certification_code = "CCCM", tuition = 3100m, valid_from = "2026-03-01", vendor = "Concurrency Co." };
        var first = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/price-quotes/{id}") { Content = JsonContent.Create(change) };
        first.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        var updated = await AssertHttp.JsonAsync(await hr.SendAsync(first));
        Assert.Equal(3100m, updated.GetProperty("tuition").GetDecimal());
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/price-quotes/{id}") { Content = JsonContent.Create(change with { tuition = 1m }) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        await AssertHttp.StatusAsync(await hr.SendAsync(stale), HttpStatusCode.PreconditionFailed);
        Assert.Equal(3100m, (await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/price-quotes/{id}"))).GetProperty("tuition").GetDecimal());

        var manager = await App.BearerClientAsync(Demo.Manager);
        await AssertHttp.StatusAsync(await manager.PostAsJsonAsync("/api/v1/price-quotes", change), HttpStatusCode.Forbidden);
        Assert.NotEmpty(await App.AuditEntriesAsync("PriceQuote", id.ToString()));
    }

    [ProviderFact]
    public async Task CsvImport_BadRowWritesNothing_SameFileTwiceChangesNothing_ExportRoundTrips()
    {
        var before = await App.QueryAsync(db => db.PriceQuotes.CountAsync());
        const string Header = "certification_code,tuition,exam_fee,materials,class_hours,delivery_format,valid_from,valid_to,vendor,reference,demo_figure\n";
        var good = "CWPP,1450.00,,,24,online,2026-02-01,2026-12-31,CSV vendor,Q-1,false\nCCOM,2100.50,300,,32,blended,2026-02-01,,CSV vendor,Q-2,false\n";
        using (var bad = TempFile.WithText(Header + good + "CCXP,12 USD,,,,by pigeon,2026-02-30,,CSV vendor,,maybe\n"))
        {
            var refused = (await App.RunCliAsync("import", "price-book", bad.Path)).ShouldExit(ExitCodes.InvalidInput);
            Assert.Contains("row 4, field tuition", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("row 4, field valid_from", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("row 4, field delivery_format", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("row 4, field demo_figure", refused.Stderr, StringComparison.Ordinal);
        }
        Assert.Equal(before, await App.QueryAsync(db => db.PriceQuotes.CountAsync()));

        using var file = TempFile.WithText(Header + good);
        Assert.Contains("2 new", (await App.RunCliAsync("import", "price-book", file.Path)).ShouldExit(ExitCodes.Success).Stdout, StringComparison.Ordinal);
        Assert.Contains("2 unchanged", (await App.RunCliAsync("import", "price-book", file.Path)).ShouldExit(ExitCodes.Success).Stdout, StringComparison.Ordinal);
        Assert.Equal(before + 2, await App.QueryAsync(db => db.PriceQuotes.CountAsync()));

        using var exported = TempFile.Create();
        (await App.RunCliAsync("export", "price-book", "--out", exported.Path)).ShouldExit(ExitCodes.Success);
        var text = await File.ReadAllTextAsync(exported.Path);
        Assert.StartsWith(Header.TrimEnd('\n'), text, StringComparison.Ordinal);
        Assert.Contains("CCOM,2100.50,300.00,,32,blended,2026-02-01,,CSV vendor,Q-2,false", text, StringComparison.Ordinal);
        Assert.Contains(",true", text, StringComparison.Ordinal); // the demo quotes say they are demo figures
        Assert.Contains($"{before + 2} unchanged", (await App.RunCliAsync("import", "price-book", exported.Path)).ShouldExit(ExitCodes.Success).Stdout, StringComparison.Ordinal);
    }
}

public sealed class SqlitePriceBookTests(SqliteDemoApp fixture) : PriceBookTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresPriceBookTests(PostgresDemoApp fixture) : PriceBookTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
