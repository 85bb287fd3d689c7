using System.Diagnostics;
using System.Globalization;
using CertDesk.Cli;
using CertDesk.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using nietras.SeparatedValues;

namespace CertDesk.Tests.Features.Shared;

/// <summary>
/// Outputs checked with parsers nobody here wrote: PDFs with Debian's <c>qpdf --check</c> and PdfPig, the XLSX with the
/// Open XML SDK (typed dates and money through the styles part, no apostrophes in text), CSV with Sep (CRLF records).
/// </summary>
public abstract class OutputFormatsTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    /// <summary>Runs <c>qpdf --check</c> on the bytes: exit 0 and no warning, else the test fails with qpdf's words.</summary>
    internal static async Task AssertQpdfCleanAsync(byte[] pdf, string what)
    {
        var path = Path.Combine(Path.GetTempPath(), $"certdesk-{what}-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            using var qpdf = Process.Start(new ProcessStartInfo("qpdf", ["--check", path]) { RedirectStandardOutput = true, RedirectStandardError = true })
                ?? throw new InvalidOperationException("qpdf did not start (Debian package qpdf; test.sh installs it)");
            var output = await qpdf.StandardOutput.ReadToEndAsync() + await qpdf.StandardError.ReadToEndAsync();
            await qpdf.WaitForExitAsync();
            Assert.True(qpdf.ExitCode == 0 && !output.Contains("WARNING", StringComparison.OrdinalIgnoreCase), $"qpdf --check {what}: exit {qpdf.ExitCode}\n{output}");
            Assert.Contains("No syntax or stream encoding errors found", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [ProviderFact]
    public async Task ProfileAndProgramSummaryPdfs_PassQpdfCheck_AndReadWithPdfPig()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var profile = await hr.GetAsync($"/Gaps/Person/{await App.EmployeeIdAsync("E0020")}?handler=Pdf");
        var summary = await hr.GetAsync("/api/v1/program-summary.pdf");
        foreach (var (what, response) in new[] { ("profile", profile), ("program-summary", summary) })
        {
            await AssertHttp.StatusAsync(response, System.Net.HttpStatusCode.OK);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            await AssertQpdfCleanAsync(bytes, what);
            Assert.NotEmpty(PdfTextOf.Words(bytes));
        }
    }

    [ProviderFact]
    public async Task CohortPlanXlsx_DatesAndMoneyTypedThroughTheStylesPart()
    {
        using var file = TempFile.Create(".xlsx");
        var from = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14);
        (await App.RunCliAsync("plan", "--role", "Supervisor", "--budget", "15000", "--from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "--to", from.AddDays(83).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--max-away", "2", "--out", file.Path)).ShouldExit(ExitCodes.Success);

        using var document = SpreadsheetDocument.Open(file.Path, false);
        var workbook = document.WorkbookPart!;
        var formatOf = EveryDocumentKindTests.NumberFormats(workbook, "cohort plan");

        var rows = workbook.WorksheetParts.Single().Worksheet.Descendants<Row>().ToList();
        var header = rows[0].Elements<Cell>().Select(c => c.InlineString!.Text!.Text).ToList();
        Assert.True(rows.Count > 1, "the plan has lines");
        foreach (var row in rows.Skip(1))
        {
            var cells = row.Elements<Cell>().ToList();
            var start = cells[header.IndexOf("start")];
            Assert.Equal(CellValues.Number, start.DataType!.Value);
            Assert.Equal("yyyy-mm-dd", formatOf(start));
            var day = DateOnly.FromDateTime(DateTime.FromOADate(double.Parse(start.CellValue!.Text, CultureInfo.InvariantCulture)));
            Assert.InRange(day, from, from.AddDays(83));
            var cost = cells[header.IndexOf("cost")];
            Assert.Equal(CellValues.Number, cost.DataType!.Value);
            Assert.Contains("USD", formatOf(cost), StringComparison.Ordinal);
            Assert.All(cells.Where(c => c.InlineString is not null), c => Assert.False(c.InlineString!.Text!.Text.StartsWith('\''), c.InlineString.Text.Text));
        }
    }

    [ProviderFact]
    public async Task CsvExports_RecordsEndWithCrlf_AndSepReadsThem()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        foreach (var path in new[] { "/Organization/Employees?handler=Csv", "/api/v1/program-summary.csv", "/Catalog/Quotes?handler=Csv" })
        {
            var text = await AssertHttp.StatusAsync(await hr.GetAsync(path), System.Net.HttpStatusCode.OK);
            AssertCsvRecords(text, path);
            Assert.True(text.Count(c => c == '\n') > 1, $"{path} has rows");
        }
    }

    /// <summary>
    /// RFC 4180 as a reader takes it: every record ends with CRLF (a line break inside quotes stays as the cell holds it) and
    /// Sep reads every row as wide as the header; the header's column names.
    /// </summary>
    internal static IReadOnlyList<string> AssertCsvRecords(string text, string what)
    {
        Assert.Contains("\r\n", text, StringComparison.Ordinal);
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            inQuotes ^= text[i] == '"';
            Assert.False(!inQuotes && text[i] == '\n' && (i == 0 || text[i - 1] != '\r'), $"{what}: a record ends with a bare LF at {i}");
        }
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromText(text);
        foreach (var row in reader)
        {
            Assert.True(reader.Header.ColNames.Count == row.ColCount, $"{what}: row {row.RowIndex} has {row.ColCount} fields, the header {reader.Header.ColNames.Count}");
        }
        return [.. reader.Header.ColNames];
    }

    [ProviderFact]
    public async Task CsvExports_ByteOrderMark_OnlyWhenAskedFor_AndTheTableOffersIt()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        byte[] mark = [0xEF, 0xBB, 0xBF];
        foreach (var path in new[]
        {
            "/Organization/Employees?handler=Csv", "/Catalog/Quotes?handler=Csv", "/api/v1/program-summary.csv",
            "/api/v1/repayments/export.csv", $"/api/v1/repayments/payroll.csv?year={DateTime.UtcNow.Year}",
        })
        {
            var plain = await (await hr.GetAsync(path)).Content.ReadAsByteArrayAsync();
            var forExcel = await (await hr.GetAsync(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "bom=true")).Content.ReadAsByteArrayAsync();
            Assert.False(plain.AsSpan().StartsWith(mark), $"{path}: no byte-order mark unless asked");
            Assert.True(forExcel.AsSpan().StartsWith(mark), $"{path}?bom=true: starts with the UTF-8 byte-order mark");
            Assert.Equal(plain, forExcel[3..]);
        }
        var page = await AssertHttp.StatusAsync(await hr.GetAsync("/Organization/Employees"), System.Net.HttpStatusCode.OK);
        Assert.Contains("handler=Csv&amp;bom=true", page, StringComparison.Ordinal);
        Assert.Contains(">CSV for Excel</a>", page, StringComparison.Ordinal);
    }
}

public sealed class SqliteOutputFormatsTests(SqliteDemoApp fixture) : OutputFormatsTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresOutputFormatsTests(PostgresDemoApp fixture) : OutputFormatsTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
