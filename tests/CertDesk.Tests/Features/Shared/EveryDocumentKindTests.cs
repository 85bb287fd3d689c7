using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using CertDesk.Cli;
using CertDesk.Tests.Features.Scheduling;
using CertDesk.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace CertDesk.Tests.Features.Shared;

/// <summary>
/// Every kind of document CertDesk writes, made once from one organization and read back by parsers nobody here wrote:
/// the PDFs (agreement, program summary, ROI report, competency profile) by Debian's <c>qpdf --check</c> and PdfPig, the
/// workbooks (program summary, ROI report, repayments, agreements, payroll, cohort plan) by the Open XML SDK, the CSV
/// files (page, API and CLI exports) by Sep, the calendar invite by Ical.Net and the mails of the pickup folder by
/// MimeKit. What a real client needs of each: PDF streams complete and money with its currency; XLSX dates, booleans and
/// money typed (no date or boolean as text); CSV records ending in CRLF with one header convention per kind; calendar and
/// mail links absolute under the public base address.
/// </summary>
public abstract partial class EveryDocumentKindTests(MailingDemoApp fixture)
{
    private const string PublicBase = "https://certdesk.example/";
    private CertDeskApp App => fixture.App;

    [ProviderFact]
    public async Task EveryDocumentKind_ReadByTheRealParsers()
    {
        using var api = await App.BearerClientAsync(Demo.Hr);
        using var manager = await App.BearerClientAsync(Demo.Manager);
        var pages = await App.SignInAsAsync(Demo.Hr);
        var year = DateTime.UtcNow.Year;

        // What the demo seed leaves out, made through the API: an agreement under a published policy, an ROI study with
        // entered costs, a session with an attendee (its invite mailed).
        var policy = await App.PublishedPolicyAsync();
        var agreement = await AssertHttp.JsonAsync(await api.PostAsJsonAsync("/api/v1/agreements", new
        {
            employee_id = await App.EmployeeIdAsync("E0020"),
            policy_id = policy,
            certification_code = "CCCM",
            certification_name = "Certified Call Center Manager",
            funded_amount = 1234.5m,
        }), HttpStatusCode.Created);
        var teams = await App.QueryAsync(db => db.Teams.OrderBy(t => t.Code).Select(t => t.Code).Take(2).ToListAsync());
        var study = await AssertHttp.JsonAsync(await api.PostAsJsonAsync("/api/v1/roi-studies", new
        {
            name = "Every document kind",
            certification_code = "CCCM",
            certified_on = new DateOnly(2026, 3, 1),
            pre_start = new DateOnly(2026, 1, 1),
            pre_end = new DateOnly(2026, 3, 1),
            post_start = new DateOnly(2026, 3, 1),
            post_end = new DateOnly(2026, 5, 1),
            cohort_teams = new[] { teams[0] },
            comparison_teams = new[] { teams[1] },
            values = new { },
            costs = new[] { new { category = "tuition", amount = 12345.5m } },
        }), HttpStatusCode.Created);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var day = today.AddDays(9 + ((7 + (int)DayOfWeek.Wednesday - (int)today.DayOfWeek) % 7));
        var session = await AssertHttp.JsonAsync(await manager.PostAsJsonAsync("/api/v1/sessions", new
        {
            title = "Every document kind",
            kind = "class",
            date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            start = "10:00",
            length_minutes = 60,
            attendees = new[] { await App.EmployeeIdAsync("E0036") },
            location = "Training room 2",
        }), HttpStatusCode.Created);
        var studyId = study.GetProperty("id").GetGuid();
        var kinds = new List<string>();

        // PDFs: qpdf finds no error in any stream; PdfPig reads words; money is written with its currency.
        foreach (var (what, client, path) in new[]
        {
            ("agreement", api, $"/api/v1/agreements/{agreement.GetProperty("id").GetGuid()}/pdf"),
            ("program summary", api, "/api/v1/program-summary.pdf"),
            ("ROI report", api, $"/api/v1/roi-studies/{studyId}/report.pdf"),
            ("profile", pages, $"/Gaps/Person/{await App.EmployeeIdAsync("E0020")}?handler=Pdf"),
        })
        {
            var bytes = await BytesAsync(client, path, "application/pdf");
            await OutputFormatsTests.AssertQpdfCleanAsync(bytes, what.Replace(' ', '-'));
            var words = PdfTextOf.Words(bytes);
            AssertMoneyHasItsCurrency(words, what);
            AssertLinksAbsolute(words, what);
            // Not tagged (PDFsharp's structure builder is not used yet), but the language and the title are declared.
            var objects = Encoding.Latin1.GetString(bytes);
            Assert.Matches(@"/Lang\s*\(en-US\)", objects);
            Assert.Matches(@"/DisplayDocTitle\s*true", objects);
            kinds.Add($"PDF {what}");
        }
        Assert.Contains("USD 12,345.50", PdfTextOf.Words(await BytesAsync(api, $"/api/v1/roi-studies/{studyId}/report.pdf", "application/pdf")), StringComparison.Ordinal);

        // Workbooks: a styles part, typed dates, booleans and money; no date or boolean as text, no apostrophe.
        const string xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        foreach (var (what, path) in new[]
        {
            ("program summary", "/api/v1/program-summary.xlsx"),
            ("ROI report", $"/api/v1/roi-studies/{studyId}/report.xlsx"),
            ("repayments", "/api/v1/repayments/export.xlsx"),
            ("payroll", $"/api/v1/repayments/payroll.xlsx?year={year}"),
        })
        {
            AssertWorkbookTyped(await BytesAsync(api, path, xlsx), what);
            kinds.Add($"XLSX {what}");
        }
        foreach (var kind in new[] { "agreements", "repayments" })
        {
            using var file = TempFile.Create(".xlsx");
            (await App.RunCliAsync("export", kind, "--out", file.Path)).ShouldExit(ExitCodes.Success);
            AssertWorkbookTyped(await File.ReadAllBytesAsync(file.Path), $"export {kind}");
            kinds.Add($"XLSX export {kind}");
        }
        using (var plan = TempFile.Create(".xlsx"))
        {
            (await App.RunCliAsync("plan", "--role", "Supervisor", "--budget", "15000", "--from", today.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                "--to", today.AddDays(97).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--max-away", "2", "--out", plan.Path)).ShouldExit(ExitCodes.Success);
            AssertWorkbookTyped(await File.ReadAllBytesAsync(plan.Path), "cohort plan");
            kinds.Add("XLSX cohort plan");
        }

        // CSV: CRLF records that Sep reads with every row as wide as its header; display labels on the pages' table
        // exports (for people), snake_case everywhere else (API, CLI and the file formats the pages also offer).
        foreach (var (path, labels) in new[]
        {
            ("/Organization/Employees?handler=Csv", true),
            ("/Catalog/Quotes?handler=Csv", false),
            ("/api/v1/program-summary.csv", false),
            ("/api/v1/kpis.csv", false),
            ($"/api/v1/roi-studies/{studyId}/effects.csv", false),
            ("/api/v1/repayments/export.csv", false),
            ($"/api/v1/repayments/payroll.csv?year={year}", false),
        })
        {
            var header = OutputFormatsTests.AssertCsvRecords(await AssertHttp.StatusAsync(await pages.GetAsync(path), HttpStatusCode.OK), path);
            AssertHeaderConvention(header, labels, path);
            kinds.Add($"CSV {path}");
        }
        foreach (var kind in new[] { "roster", "catalog", "price-book", "assessments", "competencies", "agreements", "repayments", "facts", "forecast", "schedule", "audit" })
        {
            using var file = TempFile.Create();
            (await App.RunCliAsync("export", kind, "--out", file.Path)).ShouldExit(ExitCodes.Success);
            var header = OutputFormatsTests.AssertCsvRecords(await File.ReadAllTextAsync(file.Path), $"export {kind}");
            AssertHeaderConvention(header, labels: false, $"export {kind}");
            kinds.Add($"CSV export {kind}");
        }
        var repayments = OutputFormatsTests.AssertCsvRecords(await AssertHttp.StatusAsync(await api.GetAsync("/api/v1/repayments/export.csv"), HttpStatusCode.OK), "repayments");
        // The employee number under a name that means the same in the CSV and the JSON (employee_id stays the number, as in every CSV).
        Assert.Equal(new[] { "employee_id", "employee_number" }, repayments.Where(c => c.StartsWith("employee_", StringComparison.Ordinal) && c != "employee_name").ToArray());

        // The calendar invite, as served and as mailed: Ical.Net reads one event with its start, its links absolute.
        var ics = Encoding.UTF8.GetString(await BytesAsync(manager, $"/api/v1/sessions/{session.GetProperty("id").GetGuid()}/invite.ics", "text/calendar"));
        AssertCalendar(ics, "invite.ics");
        kinds.Add("iCalendar invite");

        // Mail: every .eml of the pickup folder (the agreement to sign, the session's invites) read by MimeKit: CRLF only,
        // a text and an HTML part, every link absolute under the public base address, the calendar part read by Ical.Net.
        await App.DeliverMailAsync();
        var mails = Directory.GetFiles(fixture.PickupDirectory, "*.eml");
        Assert.NotEmpty(mails);
        foreach (var path in mails)
        {
            var bytes = await File.ReadAllBytesAsync(path);
            for (var i = 0; i < bytes.Length; i++)
            {
                Assert.False(bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r'), $"bare LF at byte {i} of {path}");
            }
            using var message = await MimeMessage.LoadAsync(path);
            Assert.False(string.IsNullOrWhiteSpace(message.TextBody), $"{message.Subject}: no text part");
            Assert.False(string.IsNullOrWhiteSpace(message.HtmlBody), $"{message.Subject}: no HTML part");
            AssertLinksAbsolute(message.TextBody + " " + message.HtmlBody, $"mail '{message.Subject}'");
            Assert.DoesNotMatch(@"href=""(?!https://certdesk\.example/|mailto:)", message.HtmlBody);
            foreach (var part in message.BodyParts.OfType<MimePart>().Where(p => p.ContentType.IsMimeType("text", "calendar")))
            {
                using var content = new MemoryStream();
                await part.Content!.DecodeToAsync(content);
                AssertCalendar(Encoding.UTF8.GetString(content.ToArray()), $"mail '{message.Subject}' {part.FileName}");
            }
        }
        kinds.Add($"mail ({mails.Length} messages)");
        Assert.True(kinds.Count >= 30, string.Join(", ", kinds));
    }

    private static async Task<byte[]> BytesAsync(HttpClient client, string path, string mediaType)
    {
        using var response = await client.GetAsync(path);
        await AssertHttp.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>
    /// An amount of a thousand or more with cents (<c>12,345.50</c>) is money in these documents; it is written after its
    /// currency (<c>USD 12,345.50</c>) or before it (the agreement's signed text: <c>1234.50 USD</c>). Percentages are not money.
    /// </summary>
    private static void AssertMoneyHasItsCurrency(string text, string what)
    {
        var bare = BareAmount().Matches(text).Select(m => m.Value).ToList();
        Assert.True(bare.Count == 0, $"{what}: amounts without their currency: {string.Join(", ", bare.Take(5))}");
    }

    [GeneratedRegex(@"(?<!USD -?)(?<![\d.,])\d{1,3}(?:,\d{3})+\.\d{2}(?![\d.,])(?! ?%)(?! USD)")]
    private static partial Regex BareAmount();

    /// <summary>Every address in the text is absolute under the public base address; no path of the application stands alone.</summary>
    private static void AssertLinksAbsolute(string text, string what)
    {
        foreach (Match url in Address().Matches(text))
        {
            // Ours under the public base address; another site's (an issuer's page) over https.
            var ours = url.Value.Contains("certdesk", StringComparison.OrdinalIgnoreCase) || url.Value.Contains("localhost", StringComparison.Ordinal);
            Assert.True(ours ? url.Value.StartsWith(PublicBase, StringComparison.Ordinal) : url.Value.StartsWith("https://", StringComparison.Ordinal),
                $"{what}: {url.Value} is not under {PublicBase}");
        }
        Assert.DoesNotMatch(@"(?<![\w/.:-])/(Agreements|Scheduling|Enrollments|Credentials|Gaps|Proof|verify)/", text);
    }

    [GeneratedRegex(@"https?://[^\s<>""')]+")]
    private static partial Regex Address();

    private static void AssertCalendar(string ics, string what)
    {
        Assert.Contains("\r\n", ics, StringComparison.Ordinal);
        var calendar = Ical.Net.Calendar.Load(ics) ?? throw new Xunit.Sdk.XunitException($"{what}: Ical.Net reads no calendar");
        var meeting = Assert.Single(calendar.Events);
        Assert.NotNull(meeting.DtStart);
        Assert.False(string.IsNullOrEmpty(meeting.Uid), $"{what}: no UID");
        if (meeting.Url is { } url)
        {
            Assert.StartsWith(PublicBase, url.ToString(), StringComparison.Ordinal);
        }
        AssertLinksAbsolute(meeting.Description ?? "", what);
    }

    /// <summary>Page table exports are for people (their columns' display labels); every other CSV names its columns in snake_case.</summary>
    private static void AssertHeaderConvention(IReadOnlyList<string> header, bool labels, string what)
    {
        var wrong = labels
            ? header.Where(h => h.Contains('_', StringComparison.Ordinal)).ToList()
            : header.Where(h => !SnakeCase().IsMatch(h)).ToList();
        Assert.True(wrong.Count == 0, $"{what}: {(labels ? "display labels expected" : "snake_case expected")}, got {string.Join(", ", wrong)}");
        Assert.True(!labels || header.Any(h => h.Any(char.IsUpper) || h.Contains(' ', StringComparison.Ordinal)), $"{what}: no display label in {string.Join(",", header)}");
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SnakeCase();

    private static readonly Regex s_money = new(
        "^(cost|fees|tuition|exam_fee|exam_fees|materials|travel|other|time_away|backfill|real_spend|approved_cases_cost|spend_minus_approved|total_cost|" +
        "total_benefit|net_benefit|annual_value|value_per_unit|funded_amount|owed|paid|waived|written_off|outstanding|amount_usd|budget|committed|remaining)$",
        RegexOptions.CultureInvariant);

    /// <summary>
    /// A workbook as a spreadsheet reads it: a styles part; no text cell holding a date, a time, a boolean or a leading
    /// apostrophe; every number under a money column shown with USD (dates are numbers with a date format: a date as
    /// text fails the first rule).
    /// </summary>
    internal static void AssertWorkbookTyped(byte[] bytes, string what)
    {
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var formatOf = NumberFormats(workbook, what);
        var problems = new List<string>();
        foreach (var sheet in workbook.WorksheetParts)
        {
            var rows = sheet.Worksheet.Descendants<Row>().ToList();
            Assert.True(rows.Count > 0, $"{what}: a sheet without its header row");
            var header = rows[0].Elements<Cell>().Select(c => c.InlineString?.Text?.Text ?? c.InnerText).ToList();
            foreach (var row in rows.Skip(1))
            {
                var cells = row.Elements<Cell>().ToList();
                var first = cells.FirstOrDefault()?.InlineString?.Text?.Text;
                for (var i = 0; i < cells.Count; i++)
                {
                    var cell = cells[i];
                    var column = i < header.Count ? header[i] : "?";
                    var where = $"{what}, row {row.RowIndex}, {column}";
                    if (cell.InlineString?.Text?.Text is { } text)
                    {
                        if (DateText().IsMatch(text) || text is "true" or "false" || text.StartsWith('\''))
                        {
                            problems.Add($"{where}: '{text}' is text");
                        }
                    }
                    else if (cell.CellValue is not null && (cell.DataType is null || cell.DataType.Value == CellValues.Number))
                    {
                        var format = formatOf(cell);
                        // The ROI report's summary lines put the ROI, the ratio and the payback under the annual value.
                        var money = s_money.IsMatch(column) && first is not ("roi_percent" or "bcr" or "payback_months");
                        if (money && !format.Contains("USD", StringComparison.Ordinal))
                        {
                            problems.Add($"{where}: money shown as {format}");
                        }
                    }
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    /// <summary>The number format a cell is shown with, through the styles part ("General" when it names none).</summary>
    internal static Func<Cell, string> NumberFormats(WorkbookPart workbook, string what)
    {
        var styles = workbook.WorkbookStylesPart?.Stylesheet ?? throw new Xunit.Sdk.XunitException($"{what}: no styles part");
        var formats = styles.NumberingFormats?.Elements<NumberingFormat>().ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value!) ?? [];
        var xfs = styles.CellFormats!.Elements<CellFormat>().ToList();
        return cell => formats.GetValueOrDefault(xfs[(int)(cell.StyleIndex?.Value ?? 0)].NumberFormatId?.Value ?? 0) ?? "General";
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}.*)?$")]
    private static partial Regex DateText();
}

public sealed class SqliteEveryDocumentKindTests(SqliteMailingDemoApp fixture) : EveryDocumentKindTests(fixture), IClassFixture<SqliteMailingDemoApp>;

public sealed class PostgresEveryDocumentKindTests(PostgresMailingDemoApp fixture) : EveryDocumentKindTests(fixture), IClassFixture<PostgresMailingDemoApp>, IPostgresTests;
