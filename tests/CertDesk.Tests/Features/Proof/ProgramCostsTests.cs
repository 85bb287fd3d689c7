using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CertDesk.Cli;
using CertDesk.Domain.Credentials;
using CertDesk.Features.Enrollments;
using CertDesk.Features.Scheduling;
using CertDesk.Tests.Infrastructure;
using CertDesk.Tests.Infrastructure.Builders;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CertDesk.Tests.Features.Proof;

/// <summary>
/// ROI studies take their fully loaded costs from the cohort's real enrollments (entered costs first, approved business
/// cases last), and the program summary (PDF, XLSX, CSV) shows real spend, approved cases, studies and follow-through.
/// Every amount below is worked out by hand from the recorded lines.
/// </summary>
public abstract class ProgramCostsTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static readonly DateOnly s_pre = new(2026, 1, 1), s_certified = new(2026, 3, 1), s_postEnd = new(2026, 6, 1);

    /// <summary>
    /// Team A: a supervisor at 38.47/h and an agent at 30.00/h; team B (comparison): an agent at 25.00/h. A certification X
    /// of this test only, and a second one Y. Costs inside and outside the study's window, approved and not, of X and of Y.
    /// </summary>
    private sealed record Scenario(RosterCsv Roster, string Code, string Other)
    {
        public string TeamA => Roster.Prefix + "-A";
        public string TeamB => Roster.Prefix + "-B";
        public string Supervisor => Roster.Id(1);
        public string Agent => Roster.Id(2);
        public string Comparison => Roster.Id(3);
    }

    private async Task<Scenario> SeedAsync(bool costs = true)
    {
        var roster = new RosterCsv();
        roster.Person(1, title: "Team Supervisor", role: "Supervisor", team: roster.Prefix + "-A", cost: "38.47")
            .Person(2, manager: roster.Id(1), team: roster.Prefix + "-A", cost: "30.00", firstName: "Wei", lastName: "Chen")
            .Person(3, team: roster.Prefix + "-B", cost: "25.00", firstName: "Rosa", lastName: "Lopez");
        (await App.ImportRosterAsync(roster.ToString())).ShouldExit(ExitCodes.Success);
        var s = new Scenario(roster, roster.Prefix + "X", roster.Prefix + "Y");
        await App.AddCertificationAsync(s.Code, "Test certification " + s.Code);
        await App.AddCertificationAsync(s.Other, "Other certification " + s.Other);
        if (!costs)
        {
            return s;
        }
        await App.RecordEnrollmentAsync(new EnrollmentSpec(s.Supervisor, s.Code, EnrollmentStatus.Passed, new DateOnly(2026, 1, 5),
            Expenses:
            [
                new("tuition", 1995.00m, new DateOnly(2026, 1, 10)),
                new("materials", 120.50m, new DateOnly(2026, 2, 1)),
                new("travel", 300.00m, new DateOnly(2026, 2, 10), ExpenseState.Submitted),
                new("other", 40.00m, new DateOnly(2026, 2, 10), ExpenseState.Rejected),
                new("tuition", 999.00m, new DateOnly(2025, 12, 20)), // before the study's window
                new("other", 60.25m, new DateOnly(2026, 3, 5)),
            ],
            Attempts: [(new DateOnly(2026, 4, 1), 350.00m, false), (new DateOnly(2026, 4, 20), 175.00m, true)],
            Study: [(new DateOnly(2026, 1, 20), 10m), (new DateOnly(2026, 3, 1), 2.5m), (new DateOnly(2026, 7, 1), 4m)])); // the last after the window
        await App.RecordEnrollmentAsync(new EnrollmentSpec(s.Agent, s.Code, EnrollmentStatus.InProgress, new DateOnly(2026, 2, 1),
            Expenses: [new("materials", 80.00m, new DateOnly(2026, 2, 15))], Study: [(new DateOnly(2026, 2, 20), 6m)]));
        await App.RecordEnrollmentAsync(new EnrollmentSpec(s.Comparison, s.Code, EnrollmentStatus.InProgress, new DateOnly(2026, 2, 1),
            Expenses: [new("tuition", 5000.00m, new DateOnly(2026, 2, 1))])); // not in the cohort
        await App.RecordEnrollmentAsync(new EnrollmentSpec(s.Supervisor, s.Other, EnrollmentStatus.InProgress, new DateOnly(2026, 2, 1),
            Expenses: [new("tuition", 700.00m, new DateOnly(2026, 2, 1))])); // another certification
        await App.AddSessionAsync(roster.Site, $"{s.Code} prep class", SessionKind.Class, new DateOnly(2026, 2, 10), 240, SessionStatus.Scheduled, s.Supervisor, s.Agent);
        await App.AddSessionAsync(roster.Site, $"{s.Code} exam", SessionKind.Exam, new DateOnly(2026, 4, 1), 90, SessionStatus.Cancelled, s.Supervisor);
        await App.AddSessionAsync(roster.Site, $"{s.Other} class", SessionKind.Class, new DateOnly(2026, 2, 11), 120, SessionStatus.Scheduled, s.Supervisor);
        await App.AddSessionAsync(roster.Site, $"{s.Code} coaching", SessionKind.Coaching, new DateOnly(2026, 2, 12), 60, SessionStatus.Scheduled, s.Supervisor);
        await App.AddSessionAsync(roster.Site, $"{s.Code}X class", SessionKind.Class, new DateOnly(2026, 2, 13), 60, SessionStatus.Scheduled, s.Supervisor); // names another code
        return s;
    }

    private static object Study(Scenario s, string name, object? costs = null, object? values = null) => new
    {
        name,
        certification_code = s.Code.ToLowerInvariant(),
        certified_on = s_certified,
        pre_start = s_pre,
        pre_end = s_certified,
        post_start = s_certified,
        post_end = s_postEnd,
        cohort_teams = new[] { s.TeamA },
        comparison_teams = new[] { s.TeamB },
        values = values ?? new { },
        costs,
    };

    private async Task<JsonElement> CreateStudyAsync(object study)
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        return await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/roi-studies", study), HttpStatusCode.Created);
    }

    private static List<(string Category, decimal Amount)> Costs(JsonElement study) =>
        [.. study.GetProperty("costs").EnumerateArray().Select(c => (c.GetProperty("category").GetString()!, c.GetProperty("amount").GetDecimal()))];

    /// <summary>Approved through the API: an admin sets the budget, HR drafts and submits, the director approves.</summary>
    private async Task ApproveBusinessCaseAsync(string employee, string code, decimal fees, decimal hoursAway, decimal backfill)
    {
        var admin = await App.SignInAsAsync(Demo.Admin);
        var hr = await App.SignInAsAsync(Demo.Hr);
        var director = await App.SignInAsAsync(Demo.Director);
        var costCenter = "CC-" + code;
        await AssertHttp.JsonAsync(await admin.PutAsJsonAsync("/api/v1/budgets", new { fiscal_year = 2026, cost_center = costCenter, amount = 100_000m }));
        var created = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/business-cases", new
        {
            employee_number = employee,
            certification_code = code,
            certification_name = "Test certification",
            fiscal_year = 2026,
            cost_center = costCenter,
            fees,
            hours_away = hoursAway,
            backfill,
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        await AssertHttp.JsonAsync(await hr.PostAsync($"/api/v1/business-cases/{id}/submit", null));
        await AssertHttp.JsonAsync(await director.PostAsJsonAsync($"/api/v1/business-cases/{id}/approve", new { comment = "go" }));
    }

    [ProviderFact]
    public async Task Study_WithoutEnteredCosts_TakesTheCohortsRealEnrollmentCosts()
    {
        var s = await SeedAsync();
        var study = await CreateStudyAsync(Study(s, "Real costs " + s.Code));

        // Supervisor (38.47/h): tuition 1,995.00, exam fees 350.00 + 175.00, materials 120.50, other 60.25; 10 + 2.5 study hours and a
        //   4-hour class: 16.5 h -> 634.755 = 634.76 time away, 16.5 x 0.5 x 38.47 x 1.5 = 476.06625 = 476.07 backfill.
        // Agent (30.00/h): materials 80.00; 6 study hours and the class: 10 h -> 300.00 time away, 225.00 backfill.
        // Not counted: the submitted travel, the rejected line, the tuition before the window, the study hours after it, the
        //   cancelled exam, the coaching session, the sessions naming other codes, team B's enrollment, the other certification.
        Assert.Equal("enrollments", study.GetProperty("cost_source").GetString());
        Assert.Equal(
            [
                ("tuition (approved expenses)", 1995.00m), ("exam fees (exam attempts)", 525.00m), ("materials (approved expenses)", 200.50m),
                ("other (approved expenses)", 60.25m), ("time away (26.5 h of study and sessions x hourly loaded cost)", 934.76m),
                ("backfill (50 % of the hours away x 1.5, planning rule)", 701.07m),
            ],
            Costs(study));
        Assert.Equal(4416.58m, study.GetProperty("total_cost").GetDecimal());
        Assert.Contains("of 2 people of the certified teams", study.GetProperty("cost_basis").GetString(), StringComparison.Ordinal);

        // An expense approved later counts at the next read (the study is recomputed, not frozen).
        await App.RecordEnrollmentAsync(new EnrollmentSpec(s.Agent, s.Code, EnrollmentStatus.Withdrawn, new DateOnly(2026, 1, 2),
            Expenses: [new("travel", 410.00m, new DateOnly(2026, 1, 3))]));
        var hr = await App.SignInAsAsync(Demo.Hr);
        var again = await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/roi-studies/{study.GetProperty("id").GetGuid()}"));
        Assert.Equal(4826.58m, again.GetProperty("total_cost").GetDecimal());

        var page = await AssertHttp.StatusAsync(await hr.GetAsync($"/Proof/Studies/Details/{study.GetProperty("id").GetGuid()}"), HttpStatusCode.OK);
        Assert.Contains("real costs from enrollments", page, StringComparison.Ordinal);
        Assert.Contains("travel (approved expenses): 410.00", page, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Study_CostSources_EnteredFirst_ThenEnrollments_ThenApprovedBusinessCases_ElseNone()
    {
        var s = await SeedAsync();
        var entered = await CreateStudyAsync(Study(s, "Entered " + s.Code, costs: new[] { new { category = "vendor invoice", amount = 1234.56m } }));
        Assert.Equal("entered", entered.GetProperty("cost_source").GetString());
        Assert.Equal([("vendor invoice", 1234.56m)], Costs(entered));
        Assert.Equal(1234.56m, entered.GetProperty("total_cost").GetDecimal());

        // No cost recorded on the cohort's enrollments (one submitted expense only): the approved cases of the cohort's people.
        var empty = await SeedAsync(costs: false);
        await App.RecordEnrollmentAsync(new EnrollmentSpec(empty.Supervisor, empty.Code, EnrollmentStatus.InProgress, new DateOnly(2026, 1, 5),
            Expenses: [new("tuition", 1995.00m, new DateOnly(2026, 1, 10), ExpenseState.Submitted)]));
        var none = await CreateStudyAsync(Study(empty, "Nothing yet " + empty.Code));
        Assert.Equal("none", none.GetProperty("cost_source").GetString());
        Assert.Equal(0m, none.GetProperty("total_cost").GetDecimal());
        Assert.Equal(JsonValueKind.Null, none.GetProperty("roi_percent").ValueKind);

        // 1,000.00 fees + 10 h x 38.47 + 150.00 backfill = 1,534.70; team B's case is not the cohort's.
        await ApproveBusinessCaseAsync(empty.Supervisor, empty.Code, 1000m, 10m, 150m);
        await ApproveBusinessCaseAsync(empty.Comparison, empty.Code, 9000m, 0m, 0m);
        var estimates = await CreateStudyAsync(Study(empty, "Estimates " + empty.Code));
        Assert.Equal("business_cases", estimates.GetProperty("cost_source").GetString());
        Assert.Equal(1534.70m, estimates.GetProperty("total_cost").GetDecimal());
        Assert.Single(Costs(estimates));
        Assert.EndsWith("(estimate)", Costs(estimates)[0].Category, StringComparison.Ordinal);

        // Once a cost is recorded on the cohort's enrollments, the real costs replace the estimates.
        await App.RecordEnrollmentAsync(new EnrollmentSpec(empty.Agent, empty.Code, EnrollmentStatus.InProgress, new DateOnly(2026, 2, 1),
            Expenses: [new("materials", 80.00m, new DateOnly(2026, 2, 15))]));
        var hr = await App.SignInAsAsync(Demo.Hr);
        var real = await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/roi-studies/{estimates.GetProperty("id").GetGuid()}"));
        Assert.Equal("enrollments", real.GetProperty("cost_source").GetString());
        Assert.Equal([("materials (approved expenses)", 80.00m)], Costs(real));
    }

    [ProviderFact]
    public async Task ProgramSummary_PdfXlsxCsv_ShowRealSpendApprovedCasesStudiesAndFollowThrough()
    {
        var s = await SeedAsync();
        await ApproveBusinessCaseAsync(s.Supervisor, s.Code, 1000m, 10m, 150m);
        // Service level: team A 70 % -> 90 %, team B 70 % -> 70 %: +20 points, one team a group, so the interval is [20, 20].
        const string Header = "team_id,interval_start,offered,answered,abandoned,answered_within_threshold,wait_seconds_answered,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat_sum,csat_count";
        var facts = new StringBuilder(Header).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"{s.TeamA},2026-01-15T10:00:00Z,10,9,1,7,90,2700,100,200,1,7,16,4\n")
            .Append(CultureInfo.InvariantCulture, $"{s.TeamA},2026-04-15T10:00:00Z,10,9,1,9,90,2700,100,200,1,7,16,4\n")
            .Append(CultureInfo.InvariantCulture, $"{s.TeamB},2026-01-15T10:00:00Z,10,9,1,7,90,2700,100,200,1,7,16,4\n")
            .Append(CultureInfo.InvariantCulture, $"{s.TeamB},2026-04-15T10:00:00Z,10,9,1,7,90,2700,100,200,1,7,16,4\n");
        (await App.ImportAsync("intervals", facts.ToString())).ShouldExit(ExitCodes.Success);
        var name = "=HYPERLINK(\"http://evil.example\") " + s.Code;
        var study = await CreateStudyAsync(Study(s, name, values: new { service_level = 100m }));
        // Benefit 20 x 100 x 1 team = 2,000.00 against the 4,416.58 of real costs: ROI (2,000.00 - 4,416.58) / 4,416.58 = -54.72 %,
        // BCR 0.4528, payback 4,416.58 / (2,000.00 / 12) = 26.50 months.
        Assert.Equal(2000.00m, study.GetProperty("total_benefit").GetDecimal());
        Assert.Equal(-54.72m, study.GetProperty("roi_percent").GetDecimal());

        var hr = await App.SignInAsAsync(Demo.Hr);
        // All time, everyone: tuition 1,995.00 + 999.00 + 5,000.00; exam fees 525.00; materials 200.50; other 60.25; hours 16.5 + 4 (after the
        // window) = 20.5 x 38.47 = 788.64 and 10 x 30.00 = 300.00; backfill 591.48 + 225.00. Total 10,684.87; 1,534.70 approved.
        var json = await AssertHttp.JsonAsync(await hr.GetAsync("/api/v1/program-summary"));
        var row = json.GetProperty("certifications").EnumerateArray().Single(c => c.GetProperty("code").GetString() == s.Code);
        Assert.Equal(3, row.GetProperty("people_enrolled").GetInt32());
        Assert.Equal(1, row.GetProperty("certified").GetInt32());
        Assert.Equal(10684.87m, row.GetProperty("spend").GetProperty("total").GetDecimal());
        Assert.Equal(7994.00m, row.GetProperty("spend").GetProperty("tuition").GetDecimal());
        Assert.Equal(1088.64m, row.GetProperty("spend").GetProperty("time_away").GetDecimal());
        Assert.Equal(816.48m, row.GetProperty("spend").GetProperty("backfill").GetDecimal());
        Assert.Equal(1534.70m, row.GetProperty("approved_cases_cost").GetDecimal());
        Assert.Equal(name, row.GetProperty("latest_study").GetProperty("name").GetString());

        var pdf = await hr.GetAsync("/api/v1/program-summary.pdf");
        await AssertHttp.StatusAsync(pdf, HttpStatusCode.OK);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var text = await PdfToText.ExtractAsync(await pdf.Content.ReadAsByteArrayAsync());
        foreach (var expected in new[]
        {
            "Certification program summary", $"{s.Code}: Test certification {s.Code}", "3 enrolled", "1 certified", "USD 10,684.87", "tuition USD 7,994.00",
            "time away USD 1,088.64 (30.5 h)", "backfill USD 816.48", "1 for USD 1,534.70", "above them by USD 9,150.17", "ROI -54.72 %", "benefit-cost ratio 0.45",
            "payback 26.50 months", "Service level", "+20 % [20, 20]", "credited USD 2,000.00 a year", "real costs from enrollments",
        })
        {
            Assert.True(text.Contains(expected, StringComparison.Ordinal), $"the PDF lacks '{expected}':\n{text}");
        }

        var xlsx = await hr.GetAsync("/api/v1/program-summary.xlsx");
        await AssertHttp.StatusAsync(xlsx, HttpStatusCode.OK);
        var sheets = ReadWorkbook(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Equal(["Certifications", "ROI studies", "Budgets", "Notes"], sheets.Keys.ToList());
        var header = sheets["Certifications"][0];
        var cells = sheets["Certifications"].Single(r => r[0] == s.Code);
        string Cell(string column) => cells[header.IndexOf(column)];
        Assert.Equal("10684.87", Cell("real_spend"));
        Assert.Equal("1534.70", Cell("approved_cases_cost"));
        Assert.Equal("9150.17", Cell("spend_minus_approved"));
        Assert.Equal("-54.72", Cell("roi_percent"));
        // XLSX text is never evaluated: the formula-like name is kept as written (the CSV below neutralizes it); booleans are booleans.
        Assert.Equal(name, Cell("latest_study"));
        var studyRow = sheets["ROI studies"].Single(r => r[0] == name && r[10] == "service_level");
        Assert.Equal(["20", "20", "20", "1", "2000.00"], studyRow[12..17]);

        var csv = await AssertHttp.StatusAsync(await hr.GetAsync("/api/v1/program-summary.csv"), HttpStatusCode.OK);
        Assert.Contains($"{s.Code},Test certification {s.Code},3,3,", csv, StringComparison.Ordinal);
        Assert.Contains(",10684.87,", csv, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\") " + s.Code + "\"", csv, StringComparison.Ordinal);

        var programPage = await AssertHttp.StatusAsync(await hr.GetAsync("/Dashboards/Program"), HttpStatusCode.OK);
        Assert.Contains("href=\"/api/v1/program-summary.pdf\"", programPage, StringComparison.Ordinal);
    }

    [ProviderTheory]
    [InlineData(Demo.Manager)]
    [InlineData(Demo.Employee)]
    public async Task ProgramSummary_ManagerOrEmployee_Forbidden(string login)
    {
        var client = await App.SignInAsAsync(login);
        foreach (var path in new[] { "/api/v1/program-summary", "/api/v1/program-summary.pdf", "/api/v1/program-summary.xlsx", "/api/v1/program-summary.csv" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{login} GET {path}: {(int)response.StatusCode}");
        }
    }

    /// <summary>Every sheet's rows as text (inline strings and numbers as written), in workbook order.</summary>
    private static Dictionary<string, List<List<string>>> ReadWorkbook(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var result = new Dictionary<string, List<List<string>>>(StringComparer.Ordinal);
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            result[sheet.Name!] = [.. part.Worksheet.Descendants<Row>().Select(r => r.Elements<Cell>()
                .Select(c => c.InlineString?.Text?.Text ?? c.CellValue?.Text ?? "").ToList())];
        }
        return result;
    }
}

public sealed class SqliteProgramCostsTests(SqliteDemoApp fixture) : ProgramCostsTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresProgramCostsTests(PostgresDemoApp fixture) : ProgramCostsTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
