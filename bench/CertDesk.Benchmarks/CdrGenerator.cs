using System.Globalization;
using System.Text;

namespace CertDesk.Benchmarks;

/// <summary>
/// <c>generate-cdr --rows N --out FILE [--seed S] [--teams T] [--days D]</c>: a valid <c>cdr</c> file for the whole-process
/// comparison, written independently of CertDesk. By default 40 teams over March 2024 (local offsets -05:00, then -04:00
/// after the US daylight-saving change), whole seconds, about a fifth of the rows with quoted fields (commas, doubled
/// quotes). <c>--teams</c> and <c>--days</c> (from 2024-03-01) widen it to more (team, interval) cells, e.g. a year of 60
/// teams or five years of 300, with US Eastern offsets; without them the file is byte for byte what it always was.
/// </summary>
public static class CdrGenerator
{
    private static readonly string[] s_queues = ["Sales", "Support", "\"Billing, Tier 2\"", "Returns", "\"He said \"\"hi\"\"\""];

    public static int Run(string[] args)
    {
        long rows = 1_000_000;
        string? output = null;
        var seed = 42;
        var teams = 40;
        int? days = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--rows": rows = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--out": output = args[i + 1]; break;
                case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--teams": teams = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--days": days = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        if (output is null)
        {
            Console.Error.WriteLine("usage: generate-cdr --rows N --out FILE [--seed S] [--teams T] [--days D]");
            return 2;
        }
        if (teams is < 1 or > 9999 || days is < 1 or > 3650)
        {
            Console.Error.WriteLine("--teams must be 1 to 9999 and --days 1 to 3650");
            return 2;
        }

        var random = new Random(seed);
        var start = new DateTime(2024, 3, 1, 5, 0, 0, DateTimeKind.Utc);
        var dst = new DateTime(2024, 3, 10, 7, 0, 0, DateTimeKind.Utc);
        var span = days is { } d ? d * 86_400L : (long)(new DateTime(2024, 4, 1, 0, 0, 0, DateTimeKind.Utc) - start).TotalSeconds;
        // Team ids keep two digits up to 99 teams (the default file's T01..T40), more digits beyond.
        var teamFormat = new string('0', Math.Max(2, teams.ToString(CultureInfo.InvariantCulture).Length));
        using var writer = new StreamWriter(output, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        writer.WriteLine("contact_id,queue,team_id,agent_id,arrived_at,answered_at,ended_at,abandoned,wait_seconds,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat");
        var line = new StringBuilder(256);
        for (long i = 0; i < rows; i++)
        {
            // Roughly in arrival order, as an ACD export would be.
            var arrived = start.AddSeconds((long)(i * (double)span / rows) + random.Next(0, 120));
            var offset = days is null ? (arrived < dst ? TimeSpan.FromHours(-5) : TimeSpan.FromHours(-4)) : EasternOffset(arrived);
            var abandoned = random.Next(100) < 12;
            var wait = abandoned ? random.Next(0, 300) : random.Next(0, 180);
            var hold = abandoned ? 0 : random.Next(0, 90);
            var wrap = abandoned ? 0 : random.Next(0, 60);
            var handle = abandoned ? 0 : hold + wrap + random.Next(30, 900);
            var answered = arrived.AddSeconds(wait);
            var ended = abandoned ? answered : answered.AddSeconds(handle);
            line.Clear();
            line.Append(CultureInfo.InvariantCulture, $"C{i},{s_queues[random.Next(s_queues.Length)]},T");
            line.Append(random.Next(1, teams + 1).ToString(teamFormat, CultureInfo.InvariantCulture)).Append(',');
            line.Append(abandoned ? "" : string.Create(CultureInfo.InvariantCulture, $"A{random.Next(1, 801)}")).Append(',');
            line.Append(Time(arrived, offset)).Append(',');
            line.Append(abandoned ? "" : Time(answered, offset)).Append(',');
            line.Append(Time(ended, offset)).Append(',');
            line.Append(abandoned ? "true" : "false").Append(CultureInfo.InvariantCulture, $",{wait},{handle},{hold},{wrap},");
            line.Append(!abandoned && random.Next(10) == 0 ? "true" : "false").Append(',');
            line.Append(!abandoned && random.Next(10) < 7 ? "true" : "false").Append(',');
            if (!abandoned && random.Next(3) == 0)
            {
                line.Append(random.Next(1, 6));
            }
            writer.WriteLine(line);
        }
        return 0;
    }

    /// <summary>US Eastern time: -04:00 from the second Sunday of March 07:00 UTC to the first Sunday of November 06:00 UTC.</summary>
    private static TimeSpan EasternOffset(DateTime utc)
    {
        var start = NthSunday(utc.Year, 3, 2).AddHours(7);
        var end = NthSunday(utc.Year, 11, 1).AddHours(6);
        return utc >= start && utc < end ? TimeSpan.FromHours(-4) : TimeSpan.FromHours(-5);
    }

    private static DateTime NthSunday(int year, int month, int n)
    {
        var first = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc);
        return first.AddDays(((7 - (int)first.DayOfWeek) % 7) + 7 * (n - 1));
    }

    private static string Time(DateTime utc, TimeSpan offset) =>
        new DateTimeOffset(utc).ToOffset(offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
