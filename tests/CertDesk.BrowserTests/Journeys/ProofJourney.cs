using System.Diagnostics;
using System.Globalization;
using System.Text;
using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>
/// The program manager proves the program's value: uploads interval data (with the progress display), reads the KPIs,
/// builds an ROI study of three certified teams against three comparison teams, downloads its PDF report, then the
/// program summary PDF from the program dashboard.
/// </summary>
public sealed class ProofJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    private static readonly DateOnly s_start = new(2026, 3, 2);
    private static readonly DateOnly s_certified = new(2026, 3, 30);
    private static readonly DateOnly s_end = new(2026, 4, 27);
    private static readonly string[] s_cohort = ["COL-T01", "COL-T02", "COL-T03"];
    private static readonly string[] s_comparison = ["COL-T04", "COL-T05", "COL-T06"];

    [Fact]
    public async Task ProgramManager_UploadsIntervals_BuildsAnRoiStudy_AndDownloadsItsPdf()
    {
        var page = await session.NewPageAsync();
        await LoginPage.SignInAsync(page, "hr@demo.local");

        // No interval data yet: the KPI page says what to do.
        var kpis = await new KpisPage(page).OpenAsync();
        await Assertions.Expect(kpis.Heading).ToHaveTextAsync("KPIs");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No interval data yet" })).ToBeVisibleAsync();
        await kpis.AssertAccessibleAsync();

        // The upload: sent by the script with XMLHttpRequest, progress shown, the result swapped in.
        var import = await new KpiImportPage(page).OpenAsync();
        await Assertions.Expect(import.Heading).ToHaveTextAsync("KPI data import");
        await Assertions.Expect(page.Locator("form#kpi-upload")).ToHaveAttributeAsync("data-enhanced", "true");
        await Assertions.Expect(import.Progress).ToBeHiddenAsync();
        await import.AssertAccessibleAsync();
        await import.UploadIntervalsAsync("intervals-col.csv", IntervalFile());
        await Assertions.Expect(import.Progress).ToBeVisibleAsync();
        await Assertions.Expect(import.ProgressLabel).ToHaveTextAsync("Done.");
        await Assertions.Expect(import.ProgressBar).ToHaveJSPropertyAsync("value", 100);
        await Assertions.Expect(import.Result.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Import complete");
        await Assertions.Expect(import.Result).ToContainTextAsync("1,344 rows read");
        await Assertions.Expect(import.Result).ToContainTextAsync("1,344 interval facts upserted");
        await import.ScreenshotAsync("proof-import-done");
        await import.AssertAccessibleAsync();

        // The KPIs of the six teams, with the settings beside them and the trend.
        kpis = await new KpisPage(page).OpenAsync("?group_by=team&from=2026-03-02&to=2026-04-27");
        await Assertions.Expect(kpis.Table).ToContainTextAsync("answered within 20 s");
        await Assertions.Expect(kpis.Rows.Filter(new() { HasText = "COL-T01" })).ToHaveCountAsync(1);
        await Assertions.Expect(kpis.TrendChart.Locator("path.chart-line")).ToHaveCountAsync(1);
        await Assertions.Expect(kpis.CsvLink).ToHaveAttributeAsync("href", "/api/v1/kpis.csv?group_by=team&from=2026-03-02&to=2026-04-27");
        await kpis.ScreenshotAsync("proof-kpis");
        await kpis.AssertAccessibleAsync();

        // The study.
        var studies = await new NewRoiStudyPage(page).OpenAsync();
        await Assertions.Expect(studies.Heading).ToHaveTextAsync("New ROI study");
        await studies.AssertAccessibleAsync();
        await studies.FillAsync("Columbus pilot cohort", s_start, s_certified, s_end, s_cohort, s_comparison);
        await studies.SetValueAsync("service_level", 1200m);
        await studies.SetValueAsync("aht", 450m);
        await studies.SetCostAsync(1, "exam fees and materials", 9000m);
        await studies.SetCostAsync(2, "time away and backfill", 6000m);
        await studies.SubmitAsync();

        var details = new RoiStudyDetailsPage(page);
        await Assertions.Expect(details.Heading).ToHaveTextAsync("Columbus pilot cohort");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Proof/Studies/Details/[0-9a-f-]{36}$"));
        await Assertions.Expect(details.Effects.Filter(new() { HasText = "Service level" })).ToContainTextAsync("improved");
        await Assertions.Expect(details.Effects.Filter(new() { HasText = "Average handle time" })).ToContainTextAsync("improved");
        await Assertions.Expect(details.TrendChart.Locator("path.chart-line")).ToHaveCountAsync(2);
        await Assertions.Expect(details.TrendChart.Locator("line.chart-marker")).ToHaveCountAsync(1);
        await Assertions.Expect(details.Figures).ToContainTextAsync("ROI");
        await Assertions.Expect(page.Locator("#money-heading + dl")).ToContainTextAsync("15,000.00");
        await details.ScreenshotAsync("proof-study-details");
        await details.AssertAccessibleAsync();

        await AssertPdfAsync(await details.DownloadPdfAsync(Path.Combine(Path.GetTempPath(), $"roi-study-{Guid.NewGuid():N}.pdf")), "proof-study-report-pdf");

        // The whole program for finance, from the program dashboard.
        var program = await new ProgramDashboardPage(page).OpenAsync();
        await Assertions.Expect(program.SummaryPdfLink).ToHaveAttributeAsync("href", "/api/v1/program-summary.pdf");
        await program.AssertAccessibleAsync();
        await AssertPdfAsync(await program.DownloadSummaryPdfAsync(Path.Combine(Path.GetTempPath(), $"program-summary-{Guid.NewGuid():N}.pdf")), "program-summary-pdf");

        var list = await page.GotoAsync("/Proof/Studies", new() { WaitUntil = WaitUntilState.Commit });
        Assert.True(list is { Ok: true }, $"GET /Proof/Studies answered {list?.Status}");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Columbus pilot cohort" })).ToBeVisibleAsync();
        await Axe.AssertNoSeriousViolationsAsync(page);
        await page.Context.CloseAsync();
    }

    /// <summary>A real PDF whose first page renders to ARTIFACT.png (kept with the screenshots); the download is deleted.</summary>
    private static async Task AssertPdfAsync(string pdf, string artifact)
    {
        try
        {
            Assert.StartsWith("%PDF", Encoding.ASCII.GetString(File.ReadAllBytes(pdf).AsSpan(0, 4)), StringComparison.Ordinal);
            var prefix = Path.Combine(Artifacts.ScreenshotDirectory, artifact);
            var png = prefix + ".png";
            File.Delete(png);
            await RenderFirstPageAsync(pdf, prefix);
            Assert.True(File.Exists(png), $"pdftoppm wrote no {png}");
            Assert.True(new FileInfo(png).Length > 1000, "the rendered PDF page is (nearly) empty");
        }
        finally
        {
            File.Delete(pdf);
        }
    }

    /// <summary><c>pdftoppm -png -r 60 -f 1 -l 1 -singlefile</c>: the first page as PREFIX.png.</summary>
    private static async Task RenderFirstPageAsync(string pdf, string prefix)
    {
        var start = new ProcessStartInfo("pdftoppm") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, prefix })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pdftoppm failed ({process.ExitCode}): {error}");
    }

    /// <summary>Eight weeks of four 15-minute intervals a day for six teams; after certification the cohort answers faster and handles shorter.</summary>
    private static string IntervalFile()
    {
        var random = new Random(7);
        var csv = new StringBuilder("team_id,interval_start,offered,answered,abandoned,answered_within_threshold,wait_seconds_answered,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat_sum,csat_count\n");
        foreach (var team in s_cohort.Concat(s_comparison))
        {
            var certified = s_cohort.Contains(team);
            for (var day = s_start; day < s_end; day = day.AddDays(1))
            {
                var after = certified && day >= s_certified;
                for (var slot = 0; slot < 4; slot++)
                {
                    var start = day.ToDateTime(new TimeOnly(14, 0), DateTimeKind.Utc).AddMinutes(15 * slot);
                    var offered = 40 + random.Next(0, 10);
                    var abandoned = (after ? 1 : 3) + random.Next(0, 2);
                    var answered = offered - abandoned;
                    var within = Math.Min(answered, (int)(answered * (after ? 0.88 : 0.74)) + random.Next(0, 3));
                    var wait = answered * ((after ? 12 : 25) + random.Next(0, 5));
                    var handle = answered * ((after ? 300 : 340) + random.Next(0, 20));
                    var fcr = (int)(answered * (after ? 0.78 : 0.70));
                    var csatCount = answered / 4;
                    csv.Append(CultureInfo.InvariantCulture, $"{team},{start:yyyy-MM-dd'T'HH:mm:ss'Z'},{offered},{answered},{abandoned},{within},{wait},{handle},{handle / 10},{handle / 6},{answered / 20},{fcr},{csatCount * 4},{csatCount}\n");
                }
            }
        }
        return csv.ToString();
    }
}
