using System.Text;
using CertDesk.Cli;
using CertDesk.Tests.Infrastructure;
using CertDesk.TestSupport;
using Xunit.Abstractions;

namespace CertDesk.Tests.Security;

/// <summary>
/// One rule set for every import (issue 17), as one table: each import kind x each kind of bad (or merely unusual)
/// file, with the exit code and the shape of the message expected. Refused files write nothing (not even an audit
/// entry); error lines name the file and the spreadsheet row and never repeat a huge value whole.
/// </summary>
public sealed class ImportRulesMatrixTests(HostileInputApp fixture, ITestOutputHelper output) : IClassFixture<HostileInputApp>
{
    private CertDeskApp App => fixture.App;

    /// <summary>A text column of each kind, where a formula, bad bytes or a huge value go.</summary>
    private static readonly Dictionary<string, string> TextColumn = new(StringComparer.Ordinal)
    {
        ["roster"] = "title",
        ["catalog"] = "name",
        ["assessments"] = "comment",
        ["competencies"] = "name",
        ["cdr"] = "team_id",
        ["intervals"] = "team_id",
        ["qa"] = "employee_id",
        ["forecast"] = "queue",
        ["schedule"] = "activity",
    };

    public static TheoryData<string, string> Cells()
    {
        var cells = new TheoryData<string, string>();
        foreach (var kind in TextColumn.Keys)
        {
            foreach (var bad in new[] { "header-only", "duplicate-key", "formula", "invalid-utf8", "10mb-field", "wrong-delimiter", "bom", "crlf" })
            {
                cells.Add(kind, bad);
            }
        }
        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task ImportKind_x_BadFile_GetsTheRulesAnswer(string kind, string bad)
    {
        var valid = fixture.Valid[kind].Replace("\r\n", "\n", StringComparison.Ordinal);
        var records = CdrTestData.SplitCsv(valid).Select(r => r.ToArray()).ToList();
        var header = records[0];
        var column = Array.IndexOf(header, TextColumn[kind]);
        Assert.True(column >= 0, $"{kind}: no column {TextColumn[kind]} in {string.Join(',', header)}");
        byte[] file = bad switch
        {
            "header-only" => Utf8(Csv([header])),
            "duplicate-key" => Utf8(Csv([records[0], records[1], records[1], .. records.Skip(2)])),
            "formula" => Utf8(WithCell(records, column, "=cmd|' /C calc'!A0")),
            "invalid-utf8" => WithBytes(WithCell(records, column, "BAD\u0001"), "\u0001", [0xC3, 0x28]),
            "10mb-field" => Utf8(WithCell(records, column, new string('x', 10 * 1024 * 1024))),
            "wrong-delimiter" => Utf8(Csv(records).Replace(',', ';')),
            "bom" => [0xEF, 0xBB, 0xBF, .. Utf8(valid)],
            "crlf" => Utf8(Csv(records).Replace("\n", "\r\n", StringComparison.Ordinal)),
            _ => throw new ArgumentOutOfRangeException(nameof(bad)),
        };
        using var temp = TempFile.WithBytes(file);
        // QA scores of one person on one date are averaged, as docs/formats.md says: the one documented merge.
        var accepted = bad is "bom" or "crlf" || (kind, bad) == ("qa", "duplicate-key");
        var before = await App.ImportedRowCountsAsync();
        var audit = (await App.VerifyAuditAsync()).EntriesChecked;

        var result = await App.RunCliAsync(accepted ? ["import", kind, temp.Path, "--dry-run"] : ["import", kind, temp.Path]);

        output.WriteLine($"import {kind} ({bad}): exit {result.ExitCode}\n{Shorten(result.Stderr)}");
        if (accepted)
        {
            Assert.True(result.ExitCode == ExitCodes.Success, $"import {kind} ({bad}): exit {result.ExitCode}: {Shorten(result.Stderr)}");
            return;
        }
        Assert.True(result.ExitCode == ExitCodes.InvalidInput, $"import {kind} ({bad}): expected exit 3, got {result.ExitCode}: {Shorten(result.Stderr)}");
        Assert.Equal(before, await App.ImportedRowCountsAsync());
        Assert.Equal(audit, (await App.VerifyAuditAsync()).EntriesChecked);
        Assert.All(result.ErrorLines, line => Assert.True(line.Length <= 400, $"an error line of {line.Length} characters: {Shorten(line)}"));
        // Standard error also carries the progress bar of the long imports: the errors are the "error:" lines.
        var errorLines = result.ErrorLines.Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        var errors = string.Join('\n', errorLines);
        switch (bad)
        {
            case "header-only":
                Assert.Contains("has a header but no rows", errors, StringComparison.Ordinal);
                break;
            case "duplicate-key":
                // Names the repeated row and the row it repeats.
                Assert.Contains("row 3", errors, StringComparison.Ordinal);
                Assert.Contains("row 2", errors.Replace("row 3", "", StringComparison.Ordinal), StringComparison.Ordinal);
                break;
            case "formula":
                Assert.Contains("row 2", errors, StringComparison.Ordinal);
                Assert.Contains("formula", errors, StringComparison.Ordinal);
                break;
            case "invalid-utf8":
                Assert.Contains("UTF-8", errors, StringComparison.Ordinal);
                break;
            case "10mb-field":
                // Refused by the file's size limit, or on its row with the value cut (the line length is checked above).
                Assert.Matches("row 2|larger than the limit", errors);
                break;
            case "wrong-delimiter":
                Assert.Single(errorLines);
                Assert.Contains("separated by ';'", errors, StringComparison.Ordinal);
                break;
        }
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The file with the first data row's cell in <paramref name="column"/> replaced.</summary>
    private static string WithCell(List<string[]> records, int column, string value)
    {
        var first = (string[])records[1].Clone();
        first[column] = value;
        return Csv([records[0], first, .. records.Skip(2)]);
    }

    private static string Csv(IEnumerable<string[]> records) =>
        string.Concat(records.Select(r => string.Join(',', r.Select(Quote)) + "\n"));

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private static byte[] WithBytes(string text, string marker, byte[] bytes)
    {
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        return [.. Utf8(text[..at]), .. bytes, .. Utf8(text[(at + marker.Length)..])];
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + $"… ({text.Length} characters)";
}
