using System.Globalization;
using System.Text;

namespace CertDesk.TestSupport;

/// <summary>How a generated <c>cdr</c> file is written.</summary>
public sealed record CdrFileStyle(bool Crlf = false, bool Bom = false, double QuoteAnyway = 0.0, bool TrailingNewline = true);

/// <summary>
/// Test data for <c>kpi aggregate</c>: a generator of valid CDR rows full of edge cases, and an independent, deliberately
/// plain reference (char-by-char CSV split, <see cref="DateTimeOffset.Parse(string, IFormatProvider)"/>, LINQ grouping).
/// Shared by the domain and the CLI tests (linked source).
/// </summary>
public static class CdrTestData
{
    public const string Header =
        "contact_id,queue,team_id,agent_id,arrived_at,answered_at,ended_at,abandoned,wait_seconds,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat";

    public static readonly string[] Teams =
    [
        "T-North", "T-South", "Team, \"Quoted\"", "Équipe Est", "\U0001D538lpha", "\uE000private", "multi\nline team", "a", "B",
    ];

    private static readonly string[] s_queues = ["Sales", "Billing, Tier 2", "He said \"hi\"", "Support\r\nafter hours", "Returns"];
    private static readonly string[] s_trueWords = ["true", "TRUE", "True", "1", "tRuE"];
    private static readonly string[] s_falseWords = ["false", "FALSE", "False", "0", "fAlSe"];

    /// <summary>
    /// Valid rows (15 fields each, unquoted values) from 2024-03-09 18:00Z to 2024-03-11 06:00Z: across UTC and local
    /// midnight and across the US daylight-saving change of 2024-03-10 07:00Z (-05:00, then -04:00), with some
    /// rows in Z, +05:30 and with fractional seconds.
    /// </summary>
    public static List<string[]> GenerateRows(int count, int seed)
    {
        var random = new Random(seed);
        var start = new DateTime(2024, 3, 9, 18, 0, 0, DateTimeKind.Utc);
        var dst = new DateTime(2024, 3, 10, 7, 0, 0, DateTimeKind.Utc);
        var rows = new List<string[]>(count);
        for (var i = 0; i < count; i++)
        {
            var arrived = start.AddSeconds(random.Next(0, 36 * 3600));
            if (random.Next(10) == 0)
            {
                arrived = arrived.AddTicks(random.Next(0, 10_000_000));
            }
            var offset = random.Next(10) switch
            {
                0 => TimeSpan.Zero,
                1 => new TimeSpan(5, 30, 0),
                _ => arrived < dst ? TimeSpan.FromHours(-5) : TimeSpan.FromHours(-4),
            };
            var abandoned = random.Next(4) == 0;
            var wait = random.Next(0, 90);
            var hold = abandoned ? 0 : random.Next(0, 60);
            var wrap = abandoned ? 0 : random.Next(0, 45);
            var handle = abandoned ? 0 : hold + wrap + random.Next(0, 900);
            var answered = arrived.AddSeconds(wait);
            var ended = abandoned ? answered : answered.AddSeconds(handle);
            var zulu = offset == TimeSpan.Zero && random.Next(2) == 0;
            string Time(DateTime utc) => zulu
                ? utc.ToString(utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)
                : new DateTimeOffset(utc).ToOffset(offset).ToString(
                    utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:sszzz" : "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);
            string Bool(bool b) => b ? s_trueWords[random.Next(s_trueWords.Length)] : s_falseWords[random.Next(s_falseWords.Length)];
            rows.Add(
            [
                "C" + i.ToString(CultureInfo.InvariantCulture),
                s_queues[random.Next(s_queues.Length)],
                Teams[random.Next(Teams.Length)],
                abandoned ? "" : "A" + random.Next(100).ToString(CultureInfo.InvariantCulture),
                Time(arrived),
                abandoned ? "" : Time(answered),
                Time(ended),
                Bool(abandoned),
                wait.ToString(CultureInfo.InvariantCulture),
                handle.ToString(CultureInfo.InvariantCulture),
                hold.ToString(CultureInfo.InvariantCulture),
                wrap.ToString(CultureInfo.InvariantCulture),
                Bool(!abandoned && random.Next(5) == 0),
                Bool(!abandoned && random.Next(3) != 0),
                abandoned || random.Next(2) == 0 ? "" : random.Next(1, 6).ToString(CultureInfo.InvariantCulture),
            ]);
        }
        return rows;
    }

    /// <summary>The CSV bytes of a header and rows, quoting fields that need it (and others at random).</summary>
    public static byte[] ToCsv(IEnumerable<string[]> rows, CdrFileStyle style, int seed = 1, string header = Header)
    {
        var random = new Random(seed);
        var newline = style.Crlf ? "\r\n" : "\n";
        var text = new StringBuilder();
        text.Append(header);
        foreach (var row in rows)
        {
            text.Append(newline);
            text.Append(string.Join(",", row.Select(f =>
                f.Contains(',') || f.Contains('"') || f.Contains('\n') || f.Contains('\r') || random.NextDouble() < style.QuoteAnyway
                    ? "\"" + f.Replace("\"", "\"\"") + "\""
                    : f)));
        }
        if (style.TrailingNewline)
        {
            text.Append(newline);
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return style.Bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
    }

    /// <summary>RFC 4180 split, one char at a time (the simplest thing that works), of a whole file.</summary>
    public static List<List<string>> SplitCsv(string text)
    {
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { inQuotes = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { inQuotes = true; }
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { }
            else if (c == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; }
            else { field.Append(c); }
        }
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>The expected <c>intervals</c> output (LF line ends) for a valid file, computed the plain way.</summary>
    public static string ExpectedIntervals(byte[] csv, int intervalMinutes = 15, int thresholdSeconds = 20)
    {
        var table = SplitCsv(Encoding.UTF8.GetString(csv));
        var header = table[0];
        int Col(string name) => header.IndexOf(name);
        static bool Bool(string s) => s == "1" || s.Equals("true", StringComparison.OrdinalIgnoreCase);
        var intervalTicks = TimeSpan.FromMinutes(intervalMinutes).Ticks;
        var contacts = table.Skip(1).Select(f => new
        {
            Team = f[Col("team_id")],
            Arrived = DateTimeOffset.Parse(f[Col("arrived_at")], CultureInfo.InvariantCulture).UtcDateTime,
            Answered = f[Col("answered_at")].Length > 0,
            Abandoned = Bool(f[Col("abandoned")]),
            Wait = long.Parse(f[Col("wait_seconds")]),
            Handle = long.Parse(f[Col("handle_seconds")]),
            Hold = long.Parse(f[Col("hold_seconds")]),
            Wrap = long.Parse(f[Col("wrap_seconds")]),
            Transferred = Bool(f[Col("transferred")]),
            Resolved = Bool(f[Col("resolved_first_contact")]),
            Csat = f[Col("csat")].Length > 0 ? long.Parse(f[Col("csat")]) : (long?)null,
        });
        var lines = contacts
            .GroupBy(c => (c.Team, Start: new DateTime(c.Arrived.Ticks / intervalTicks * intervalTicks, DateTimeKind.Utc)))
            .OrderBy(g => g.Key.Team, CodePointComparer.Instance).ThenBy(g => g.Key.Start)
            .Select(g => string.Join(",",
                Quote(g.Key.Team),
                g.Key.Start.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "Z",
                g.Count(),
                g.Count(c => c.Answered),
                g.Count(c => c.Abandoned),
                g.Count(c => c.Answered && c.Wait <= thresholdSeconds),
                g.Where(c => c.Answered).Sum(c => c.Wait),
                g.Where(c => c.Answered).Sum(c => c.Handle),
                g.Where(c => c.Answered).Sum(c => c.Hold),
                g.Where(c => c.Answered).Sum(c => c.Wrap),
                g.Count(c => c.Transferred),
                g.Count(c => c.Resolved),
                g.Sum(c => c.Csat ?? 0),
                g.Count(c => c.Csat.HasValue)));
        var expected = new StringBuilder();
        expected.Append("team_id,interval_start,offered,answered,abandoned,answered_within_threshold,wait_seconds_answered,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat_sum,csat_count\n");
        foreach (var line in lines)
        {
            expected.Append(line).Append('\n');
        }
        return expected.ToString();
    }

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>Orders strings by Unicode code point (what "ordinal" means in the contract), via runes.</summary>
    private sealed class CodePointComparer : IComparer<string>
    {
        public static readonly CodePointComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = x!.EnumerateRunes().Select(r => r.Value).ToArray();
            var b = y!.EnumerateRunes().Select(r => r.Value).ToArray();
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                if (a[i] != b[i])
                {
                    return a[i].CompareTo(b[i]);
                }
            }
            return a.Length.CompareTo(b.Length);
        }
    }
}
