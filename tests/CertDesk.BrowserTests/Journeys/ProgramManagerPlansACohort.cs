using System.IO.Compression;
using System.Text;
using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>
/// Issue 3's journey: the program manager opens a team's heat map, one person's ranked certifications, plans a cohort
/// of supervisors within a budget (and again with less money: what-if), and exports the plan as CSV and XLSX.
/// </summary>
public sealed class ProgramManagerPlansACohort(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task ProgramManager_HeatMapRecommendationsPlan_ExportsCsvAndXlsx()
    {
        var page = await session.NewPageAsync();
        await LoginPage.SignInAsync(page, "hr@demo.local");

        // A team's heat map: its people against their role profiles.
        var heatMap = await new HeatMapPage(page).OpenAsync();
        await Assertions.Expect(heatMap.Heading).ToHaveTextAsync("Competency heat map");
        Assert.True(await heatMap.Rows.CountAsync() > 1, "the supervisors of every team");
        var team = await heatMap.TeamCodeAsync(0);
        await heatMap.ShowAsync(team, "");
        Assert.True(await heatMap.Rows.CountAsync() >= 1, $"team {team} has someone with a role profile");
        Assert.True(await heatMap.Cells.CountAsync() > 0, "cells carry a heat class");
        Assert.Contains("team=" + team, page.Url, StringComparison.Ordinal);
        await heatMap.ScreenshotAsync("gaps-team-heat-map");
        await heatMap.AssertAccessibleAsync();

        // One person's gaps and ranked certifications, with the reasons.
        var person = await heatMap.OpenPersonAsync(0);
        await Assertions.Expect(person.Section("Gap profile")).ToContainTextAsync("Weighted gap");
        Assert.True(await person.GapLines.CountAsync() > 0);
        Assert.True(await person.Recommendations.CountAsync() > 0, "certifications are ranked");
        await Assertions.Expect(person.Recommendations.First.Locator("td").First).ToHaveTextAsync("1");
        await Assertions.Expect(person.Section("Recommended certifications")).ToContainTextAsync("prerequisites");
        Assert.True(await person.TrendRows.CountAsync() > 1, "a trend over the assessment rounds");
        await person.ScreenshotAsync("gaps-person-recommendations");
        await person.AssertAccessibleAsync();

        // The profile on paper, then a manager rating recorded with the plain form.
        var (pdfName, pdf) = await person.DownloadPdfAsync();
        Assert.EndsWith(".pdf", pdfName, StringComparison.Ordinal);
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        var personUrl = page.Url;
        await person.RecordARating.ClickAsync();
        var assess = new AssessPage(page);
        await Assertions.Expect(assess.Heading).ToContainTextAsync("Record a rating");
        await assess.Competency.SelectOptionAsync("WFM");
        await assess.Kind("manager").CheckAsync();
        await assess.Level.SelectOptionAsync("4");
        await assess.Evidence.FillAsync("Observed the journey's test schedule");
        await assess.ScreenshotAsync("gaps-record-a-rating");
        await assess.AssertAccessibleAsync();
        person = await assess.RecordAsync();
        Assert.StartsWith(personUrl.Split('?')[0], page.Url, StringComparison.Ordinal);
        await Assertions.Expect(person.Section("Evidence")).ToContainTextAsync("Observed the journey's test schedule");

        // The cohort plan: every supervisor, a budget, at most two away at once.
        var plan = await new CohortPlanPage(page).OpenAsync();
        await Assertions.Expect(plan.Heading).ToHaveTextAsync("Cohort plan");
        await plan.Role.FillAsync("Supervisor");
        await plan.Budget.FillAsync("20000");
        await plan.MaxAway.FillAsync("2");
        await plan.PlanAsync();
        await Assertions.Expect(plan.Status).ToHaveTextAsync("optimal");
        var planned = await plan.Lines.CountAsync();
        Assert.True(planned > 0, "someone is planned within 20,000");
        await Assertions.Expect(plan.Facts).ToContainTextAsync("proven optimal");
        await plan.ScreenshotAsync("gaps-cohort-plan");
        await plan.AssertAccessibleAsync();

        // What-if: a smaller budget plans no more people.
        await plan.Budget.FillAsync("3000");
        await plan.PlanAsync();
        await Assertions.Expect(plan.Status).ToHaveTextAsync("optimal");
        Assert.True(await plan.Lines.CountAsync() <= planned);

        // Export both formats (the form posts again with the same inputs).
        await plan.Budget.FillAsync("20000");
        var (csvName, csv) = await plan.ExportAsync("Export CSV");
        Assert.Equal("cohort-plan.csv", csvName);
        Assert.NotEmpty(csv);
        var lines = Encoding.UTF8.GetString(csv).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(planned + 1, lines.Length); // header + one line per planned person
        Assert.StartsWith("employee_id", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);

        var (xlsxName, xlsx) = await plan.ExportAsync("Export XLSX");
        Assert.Equal("cohort-plan.xlsx", xlsxName);
        Assert.NotEmpty(xlsx);
        Assert.Equal((byte)'P', xlsx[0]); // a zip (OOXML package)
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        Assert.Contains(zip.Entries, e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ProgramManager_EditPages_AreAccessible()
    {
        var page = await session.NewPageAsync();
        await LoginPage.SignInAsync(page, "hr@demo.local");
        await page.GotoAsync("/Catalog/Certifications", new() { WaitUntil = WaitUntilState.Commit });
        await page.GetByRole(AriaRole.Link, new() { Name = "QAMC" }).First.ClickAsync();
        await page.Locator("#edit-certification").ClickAsync();
        var edit = new CertificationEditPage(page);
        await Assertions.Expect(edit.Heading).ToHaveTextAsync("Edit QAMC");
        await Assertions.Expect(page.GetByLabel("Tuition")).ToHaveValueAsync(""); // unknown stays empty
        await edit.ScreenshotAsync("catalog-edit-certification");
        await edit.AssertAccessibleAsync();

        await page.GotoAsync("/Competencies/RoleProfiles/Edit?role=Supervisor", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(edit.Heading).ToHaveTextAsync("Role profile: Supervisor");
        await edit.ScreenshotAsync("competencies-edit-role-profile");
        await edit.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ProgramManager_CreatesACertification_FixesTheErrors_SeesItInTheCatalog()
    {
        var page = await session.NewPageAsync();
        await LoginPage.SignInAsync(page, "hr@demo.local");
        await page.GotoAsync("/Catalog/Certifications", new() { WaitUntil = WaitUntilState.Commit });
        await page.GetByRole(AriaRole.Link, new() { Name = "New certification" }).ClickAsync();
        var form = new CertificationEditPage(page);
        await Assertions.Expect(form.Heading).ToHaveTextAsync("New certification");
        await form.AssertAccessibleAsync();

        // A first try with no name and a competency level out of range: the reasons, nothing saved, what was typed kept.
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync("CCEL");
        await page.GetByLabel("Issuer", new() { Exact = true }).SelectOptionAsync("ICMI");
        await page.GetByLabel("Tuition", new() { Exact = true }).FillAsync("1450");
        await page.GetByLabel("Competencies built (one per line: code = level 1-5)").FillAsync("WFM = 7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to the catalog" }).ClickAsync();
        var errors = page.Locator("#new-errors");
        await Assertions.Expect(errors).ToContainTextAsync("name: is required");
        await Assertions.Expect(errors).ToContainTextAsync("the level of WFM must be 1-5, not 7");
        await Assertions.Expect(page.GetByLabel("Code", new() { Exact = true })).ToHaveValueAsync("CCEL");
        await form.ScreenshotAsync("catalog-new-certification-errors");
        await form.AssertAccessibleAsync();

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Contact Center Escalation Lead");
        await page.GetByLabel("Competencies built (one per line: code = level 1-5)").FillAsync("WFM = 3");
        await page.GetByLabel("Source for fees", new() { Exact = true }).FillAsync("the issuer's 2026 price list");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to the catalog" }).ClickAsync();
        // Polls the address instead of waiting for a load event (a busy CI machine once missed it within 15 s).
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Catalog/Certifications/Details/"), new() { Timeout = 30_000 });
        await Assertions.Expect(form.Heading).ToContainTextAsync("CCEL · Contact Center Escalation Lead");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("the issuer's 2026 price list");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Version history");
        await form.ScreenshotAsync("catalog-new-certification-saved");
        await form.AssertAccessibleAsync();

        await page.GotoAsync("/Catalog/Certifications", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "CCEL", Exact = true })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
