using System.Text;
using CertDesk.Domain.Kpi;
using CertDesk.TestSupport;

namespace CertDesk.Domain.Tests.Kpi;

public sealed class CdrAggregationTests
{
    /// <summary>Header, then blocks cut at random sizes (as the file reader does), parsed by two workers, merged.</summary>
    private static (string Output, List<string> Errors) Aggregate(byte[] csv, KpiSettings settings, int seed = 3, int maxChunk = 4096, bool fastPath = true)
    {
        var errors = new List<string>();
        var header = CdrHeader.TryParse(csv, isWholeFile: true, out var consumed, errors);
        if (header is null)
        {
            return ("", errors);
        }
        var random = new Random(seed);
        var workers = new[] { new IntervalAggregator(settings), new IntervalAggregator(settings) };
        var parsers = workers.Select(w => new CdrBlockParser(header, w) { FastPath = fastPath }).ToArray();
        var position = consumed;
        long rowsBefore = 0;
        long linesBefore = csv.AsSpan(0, consumed).Count((byte)'\n');
        var block = 0;
        while (position < csv.Length)
        {
            var window = Math.Min(random.Next(1, maxChunk), csv.Length - position);
            int length;
            while ((length = CsvRows.CompleteRowsLength(csv.AsSpan(position, window))) == 0)
            {
                if (position + window == csv.Length)
                {
                    length = window;
                    break;
                }
                window = Math.Min(window * 2, csv.Length - position);
            }
            var blockErrors = new List<CdrRowError>();
            var result = parsers[block++ % 2].Parse(csv.AsSpan(position, length), blockErrors);
            errors.AddRange(blockErrors.Select(e => $"row {rowsBefore + e.Row} (line {linesBefore + e.Line}), field {e.Field}: {e.Reason}"));
            rowsBefore += result.Rows;
            linesBefore += result.LineBreaks;
            position += length;
        }
        workers[0].Merge(workers[1]);
        var output = new StringBuilder(IntervalFactCsv.Header).Append('\n');
        foreach (var fact in workers[0].ToFacts())
        {
            output.Append(IntervalFactCsv.FormatRow(fact)).Append('\n');
        }
        return (output.ToString(), errors);
    }

    public static TheoryData<bool, bool, double, bool> Styles => new()
    {
        { false, false, 0.0, true },
        { true, false, 0.0, true },
        { false, true, 0.3, true },
        { true, true, 1.0, false },
        { false, false, 0.5, false },
    };

    [Theory]
    [InlineData(21, false)]
    [InlineData(22, true)]
    public void Parse_MutatedRows_FastPathAgreesWithFieldByField(int seed, bool crlf)
    {
        // Valid rows with about a third of them spoiled in one field (values each parser must judge the same way), some
        // rows a field short or long, then stray quotes and invalid UTF-8 bytes dropped into the text.
        var random = new Random(seed);
        string[] junk =
        [
            "", "x", "-1", "1e3", "TRUE", "0", "1", "2", "1000000000", "999999999", "99999999", "007", " 5", "5 ", "tru", "falsee", "fAlSe",
            "2024-03-10T08:15:00", "2024-02-30T00:00:00Z", "2024-03-10T24:00:00Z", "2024-03-10T08:60:00Z", "2024-03-10T08:15:00+14:01",
            "2024-03-10T08:15:00+14:00", "2024-03-10T08:15:00-05:60", "2024-03-10 08:15:00z", "2024-03-10t08:15:00.5+05:30",
            "2024-03-10T08:15:00-0500", "2024-03-10T08:15:00+05", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00",
            "2024-03-10T08:15:0a-05:00", "2024-03-10T08:15:00-05:00x", "a,b", "q\"x", "é", "\u00A0", "T-North",
        ];
        var rows = CdrTestData.GenerateRows(3000, seed).Select(row =>
        {
            if (random.NextDouble() < 0.35)
            {
                row[random.Next(row.Length)] = junk[random.Next(junk.Length)];
            }
            var shape = random.NextDouble();
            return shape < 0.02 ? row[..^1] : shape < 0.04 ? [.. row, "extra"] : row;
        }).ToList();
        var bytes = CdrTestData.ToCsv(rows, new CdrFileStyle(Crlf: crlf, QuoteAnyway: 0.2)).ToList();
        for (var i = 0; i < 6; i++)
        {
            bytes.Insert(random.Next(200, bytes.Count), random.Next(2) == 0 ? (byte)'"' : (byte)0xFF);
        }
        var csv = bytes.ToArray();

        var fast = Aggregate(csv, new KpiSettings());
        var careful = Aggregate(csv, new KpiSettings(), fastPath: false);

        Assert.True(careful.Errors.Count > 500, $"only {careful.Errors.Count} errors: the mutations did not spoil enough rows");
        Assert.Equal(careful.Errors, fast.Errors);
        Assert.Equal(careful.Output, fast.Output);
    }

    [Fact]
    public void Parse_RowsOfThousandsOfFieldsOrQuotes_HandledTheCarefulWay()
    {
        // A row of 100,000 commas (too many fields) and a valid row whose queue holds 30,000 doubled quotes: their positions
        // are not all kept (the lists stay small), and both rows get the same outcome as on the field-by-field path.
        var rows = CdrTestData.GenerateRows(200, seed: 9);
        rows[120][1] = new string('"', 30_000);
        var valid = CdrTestData.ToCsv(rows, new CdrFileStyle());
        rows[50][14] = "COMMAS";
        var csv = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(CdrTestData.ToCsv(rows, new CdrFileStyle()))
            .Replace(",COMMAS", new string(',', 100_000), StringComparison.Ordinal));

        var fast = Aggregate(csv, new KpiSettings(), maxChunk: 1 << 20);
        var careful = Aggregate(csv, new KpiSettings(), maxChunk: 1 << 20, fastPath: false);

        Assert.Equal(careful.Errors, fast.Errors);
        Assert.Equal(careful.Output, fast.Output);
        Assert.Single(fast.Errors);
        Assert.Contains("row 51 ", fast.Errors[0], StringComparison.Ordinal);
        Assert.Equal(CdrTestData.ExpectedIntervals(CdrTestData.ToCsv(rows.Where((_, i) => i != 50), new CdrFileStyle())), fast.Output);
        Assert.NotEqual(CdrTestData.ExpectedIntervals(valid), fast.Output);
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void Aggregate_GeneratedFile_MatchesReference(bool crlf, bool bom, double quoteAnyway, bool trailingNewline)
    {
        var csv = CdrTestData.ToCsv(CdrTestData.GenerateRows(3000, seed: 11), new CdrFileStyle(crlf, bom, quoteAnyway, trailingNewline));

        var (output, errors) = Aggregate(csv, new KpiSettings());

        Assert.Empty(errors);
        Assert.Equal(CdrTestData.ExpectedIntervals(csv), output);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(5, 10)]
    [InlineData(60, 45)]
    [InlineData(1440, 90)]
    public void Aggregate_OtherIntervalAndThreshold_MatchesReference(int interval, int threshold)
    {
        var csv = CdrTestData.ToCsv(CdrTestData.GenerateRows(2000, seed: interval), new CdrFileStyle(Crlf: true));

        var (output, errors) = Aggregate(csv, new KpiSettings(interval, threshold), seed: interval, maxChunk: 700);

        Assert.Empty(errors);
        Assert.Equal(CdrTestData.ExpectedIntervals(csv, interval, threshold), output);
    }

    [Fact]
    public void Aggregate_ColumnsInAnotherOrder_FoundByName()
    {
        var rows = CdrTestData.GenerateRows(500, seed: 5);
        var order = Enumerable.Range(0, 15).Reverse().ToArray();
        var header = string.Join(",", CdrTestData.Header.Split(',').Select((_, i) => CdrTestData.Header.Split(',')[order[i]]));
        var csv = CdrTestData.ToCsv(rows.Select(r => order.Select(i => r[i]).ToArray()), new CdrFileStyle(), header: header);

        var (output, errors) = Aggregate(csv, new KpiSettings());

        Assert.Empty(errors);
        Assert.Equal(CdrTestData.ExpectedIntervals(csv), output);
    }

    [Fact]
    public void Aggregate_DaylightSavingChange_SplitsByUtcArrival()
    {
        // 01:55 -05:00 and 03:05 -04:00 are 10 minutes apart in UTC (06:55Z and 07:05Z) across the change.
        var csv = Encoding.UTF8.GetBytes(CdrTestData.Header + "\n" +
            "c1,q,t,a,2024-03-10T01:55:00-05:00,2024-03-10T01:55:10-05:00,2024-03-10T03:05:00-04:00,false,10,60,5,5,false,true,4\n" +
            "c2,q,t,,2024-03-10T03:05:00-04:00,,2024-03-10T03:06:00-04:00,TRUE,60,0,0,0,0,0,\n" +
            "c3,q,t,a,2024-03-10T07:14:59Z,2024-03-10T07:15:30Z,2024-03-10T07:20:00Z,0,31,100,10,20,1,0,5\n");

        var (output, errors) = Aggregate(csv, new KpiSettings());

        Assert.Empty(errors);
        Assert.Equal(IntervalFactCsv.Header + "\n" +
            "t,2024-03-10T06:45:00Z,1,1,0,1,10,60,5,5,0,1,4,1\n" +
            "t,2024-03-10T07:00:00Z,2,1,1,0,31,100,10,20,1,0,5,1\n", output);
    }

    [Fact]
    public void Aggregate_HeaderOnly_NoFacts()
    {
        var (output, errors) = Aggregate(Encoding.UTF8.GetBytes(CdrTestData.Header + "\r\n"), new KpiSettings());

        Assert.Empty(errors);
        Assert.Equal(IntervalFactCsv.Header + "\n", output);
    }

    private const string Good = "c1,q,t,a,2024-03-10T01:55:00-05:00,2024-03-10T01:55:10-05:00,2024-03-10T02:05:00-05:00,false,10,60,5,5,false,true,4";

    [Theory]
    [InlineData("c1,q,t,a,2024-03-10T01:55:00,2024-03-10T01:55:10-05:00,2024-03-10T02:05:00-05:00,false,10,60,5,5,false,true,4", "field arrived_at: timestamp has no UTC offset")]
    [InlineData("c1,q,t,a,2024-03-10T01:55:00-05:00,2024-03-10T01:54:10-05:00,2024-03-10T02:05:00-05:00,false,10,60,5,5,false,true,4", "field answered_at: is before arrived_at")]
    [InlineData("c1,q,t,a,2024-03-10T01:55:00-05:00,2024-03-10T01:55:10-05:00,2024-03-10T02:05:00-05:00,false,-10,60,5,5,false,true,4", "field wait_seconds: must not be negative: '-10'")]
    [InlineData("c1,q,t,a,2024-03-10T01:55:00-05:00,2024-03-10T01:55:10-05:00,2024-03-10T02:05:00-05:00,false,10,sixty,5,5,false,true,4", "field handle_seconds: is not a whole number: 'sixty'")]
    [InlineData("c1,q,t,a,2024-03-10T01:55:00-05:00,2024-03-10T01:55:10-05:00,2024-03-10T02:05:00-05:00,nope,10,60,5,5,false,true,4", "field abandoned: is not a boolean (true, false, 1 or 0): 'nope'")]
    [InlineData("c1,q,t,a,2024-03-10T01:55:00-05:00,2024-03-10T01:55:10-05:00,2024-03-10T02:05:00-05:00,true,10,60,5,5,false,true,4", "field abandoned: is true but answered_at is set")]
    [InlineData("c1,q,t,a,2024-03-10T01:55:00-05:00,,2024-03-10T02:05:00-05:00,false,10,60,5,5,false,true,4", "field answered_at: is empty but abandoned is false")]
    [InlineData("c1,q,t,a,2024-03-10T01:55:00-05:00,2024-03-10T01:55:10-05:00,2024-03-10T01:50:00-05:00,false,10,60,5,5,false,true,4", "field ended_at: is before arrived_at")]
    [InlineData("c1,q,t,a,2024-03-10T01:55:00-05:00,2024-03-10T01:55:10-05:00,2024-03-10T02:05:00-05:00,false,10,6,5,5,false,true,4", "field handle_seconds: (6) is less than hold_seconds + wrap_seconds (10)")]
    [InlineData("c1,q,,a,2024-03-10T01:55:00-05:00,2024-03-10T01:55:10-05:00,2024-03-10T02:05:00-05:00,false,10,60,5,5,false,true,4", "field team_id: is empty (required)")]
    [InlineData("c1,q,t,a,2024-03-10T01:55:00-05:00,2024-03-10T01:55:10-05:00,2024-03-10T02:05:00-05:00,false,10,60,5,5,false,true,4.5", "field csat: is not a whole number: '4.5'")]
    [InlineData("c1,q,t,a,2024-03-10T01:55:00-05:00,2024-03-10T01:55:10-05:00,2024-03-10T02:05:00-05:00,false,10,60,5,5,false,true", "field row: has 14 fields, expected 15")]
    [InlineData("c1,q,t,a,2024-03-10T01:55:00-05:00,2024-03-10T01:55:10-05:00,2024-03-10T02:05:00-05:00,false,10,60,5,5,false,true,4,x", "field row: has more than the header's 15 fields")]
    [InlineData("c1,q\"x,t,a,2024-03-10T01:55:00-05:00,2024-03-10T01:55:10-05:00,2024-03-10T02:05:00-05:00,false,10,60,5,5,false,true,4\"", "field queue: has a quote inside an unquoted field")]
    [InlineData("c1,\"q\"x,t,a,2024-03-10T01:55:00-05:00,2024-03-10T01:55:10-05:00,2024-03-10T02:05:00-05:00,false,10,60,5,5,false,true,4", "field queue: has a quote inside an unquoted field or right after a closing quote")]
    [InlineData("\"c\"1\"x\",q,t,a,2024-03-10T01:55:00-05:00,2024-03-10T01:55:10-05:00,2024-03-10T02:05:00-05:00,false,10,60,5,5,false,true,4", "field contact_id: has a quote inside an unquoted field or right after a closing quote")]
    [InlineData("c1,\"q\"\"x\"y\"z\",t,a,2024-03-10T01:55:00-05:00,2024-03-10T01:55:10-05:00,2024-03-10T02:05:00-05:00,false,10,60,5,5,false,true,4", "field queue: has a quote inside an unquoted field or right after a closing quote")]
    [InlineData("c1,q,t,a,2024-03-10T01:55:00-05:00,2024-03-10T01:55:10-05:00,2024-03-10T02:05:00-05:00,false,10,60,5,5,false,true,\"4", "field csat: has a quote that is never closed")]
    public void Aggregate_BadRow_NamesRowFieldAndReason(string badRow, string expected)
    {
        // The bad row is row 3, after a row whose quoted field spans two lines: it starts on line 5.
        var csv = Encoding.UTF8.GetBytes(CdrTestData.Header + "\n" + Good + "\n" + Good.Replace(",q,", ",\"q\nq\",") + "\n" + badRow + "\n" + Good + "\n");

        var (_, errors) = Aggregate(csv, new KpiSettings(), maxChunk: 64);

        var error = Assert.Single(errors);
        Assert.StartsWith("row 3 (line 5), ", error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Aggregate_TruncatedFile_LastRowReported()
    {
        var csv = CdrTestData.ToCsv(CdrTestData.GenerateRows(300, seed: 9), new CdrFileStyle());
        var cut = csv.AsSpan(0, csv.Length - 30).ToArray();

        var (_, errors) = Aggregate(cut, new KpiSettings());

        var error = Assert.Single(errors);
        Assert.StartsWith("row 300 ", error);
    }

    [Fact]
    public void Aggregate_InvalidUtf8_RowReported()
    {
        var csv = Encoding.UTF8.GetBytes(CdrTestData.Header + "\n" + Good + "\n" + Good.Replace(",t,", ",\u00ff,") + "\n");
        var at = Array.IndexOf(csv, (byte)0xC3, CdrTestData.Header.Length + Good.Length);
        csv[at] = 0xFF;

        var (_, errors) = Aggregate(csv, new KpiSettings());

        Assert.Equal(["row 2 (line 3), field row: is not valid UTF-8"], errors);
    }

    [Theory]
    [InlineData("contact_id,queue,team,agent_id,arrived_at,answered_at,ended_at,abandoned,wait_seconds,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat",
        "unknown column 'team'", "missing column 'team_id'")]
    [InlineData("contact_id,queue,agent_id,arrived_at,answered_at,ended_at,abandoned,wait_seconds,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat",
        "missing column 'team_id'", null)]
    [InlineData("contact_id,queue,team_id,team_id,agent_id,arrived_at,answered_at,ended_at,abandoned,wait_seconds,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat",
        "column 'team_id' appears twice", null)]
    [InlineData("", "the file is empty", null)]
    public void Header_WrongColumns_Rejected(string header, string expected, string? alsoExpected)
    {
        var errors = new List<string>();

        var parsed = CdrHeader.TryParse(Encoding.UTF8.GetBytes(header), isWholeFile: true, out _, errors);

        Assert.Null(parsed);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
        if (alsoExpected is not null)
        {
            Assert.Contains(errors, e => e.Contains(alsoExpected, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void CompleteRowsLength_NewlineInsideQuotes_NotABoundary()
    {
        var data = "a,\"x\ny\"\nb,\"p\nq"u8;

        Assert.Equal(8, CsvRows.CompleteRowsLength(data));
        Assert.Equal(0, CsvRows.CompleteRowsLength("a,\"x\ny"u8));
        Assert.Equal(0, CsvRows.CompleteRowsLength("abc"u8));
    }
}
