using System.Globalization;
using System.Text;
using CertDesk.Cli;
using CertDesk.Features.Proof;
using CertDesk.Tests.Infrastructure;
using CertDesk.Tests.Infrastructure.Builders;
using CertDesk.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.Tests.Features.Proof;

/// <summary><c>import intervals</c> and <c>import cdr</c>: idempotent, all or nothing, bad input named by file, row and field.</summary>
public abstract class KpiImportTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private const string Header = "team_id,interval_start,offered,answered,abandoned,answered_within_threshold,wait_seconds_answered,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat_sum,csat_count";

    private static string Team(string test) => "K" + test + Guid.NewGuid().ToString("N")[..6];

    private static string Row(string team, DateTime start, int offered = 10, int abandoned = 1, string handle = "3000") =>
        string.Create(CultureInfo.InvariantCulture,
            $"{team},{start:yyyy-MM-dd'T'HH:mm:ss'Z'},{offered},{offered - abandoned},{abandoned},{offered - abandoned - 1},90,{handle},100,200,1,7,16,4");

    private static string File(string team, int rows, Func<int, string>? last = null)
    {
        var sb = new StringBuilder(Header).Append('\n');
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < rows; i++)
        {
            sb.Append(last is not null && i == rows - 1 ? last(i) : Row(team, start.AddMinutes(15 * i))).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Generated CDR rows, every contact offered to <paramref name="team"/>.</summary>
    private static List<string[]> ContactsOf(string team, int count, int seed)
    {
        var rows = CdrTestData.GenerateRows(count, seed);
        foreach (var row in rows)
        {
            row[2] = team;
        }
        return rows;
    }

    private async Task<List<string>> FactsOfAsync(string team)
    {
        using var export = TempFile.Create();
        (await App.RunCliAsync("export", "facts", "--out", export.Path)).ShouldExit(ExitCodes.Success);
        return [.. (await System.IO.File.ReadAllLinesAsync(export.Path)).Where(l => l.StartsWith(team + ",", StringComparison.Ordinal))];
    }

    /// <summary>
    /// The range of days on record comes from the daily sums: the same UTC days as the facts' first and last interval, a
    /// last interval at 23:45 included (its day, not the next).
    /// </summary>
    [ProviderFact]
    public async Task FactRange_TheFactsFirstAndLastUtcDays()
    {
        var team = Team("range");
        var late = new DateTime(2095, 6, 30, 23, 45, 0, DateTimeKind.Utc);
        using var file = TempFile.WithText($"{Header}\n{Row(team, late.AddMinutes(-15))}\n{Row(team, late)}\n");
        (await App.RunCliAsync("import", "intervals", file.Path)).ShouldExit(ExitCodes.Success);

        var first = await App.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.MinAsync(db.KpiIntervalFacts, f => f.IntervalStart));
        await using var scope = App.Services.CreateAsyncScope();
        var range = await scope.ServiceProvider.GetRequiredService<KpiQueries>().FactRangeAsync(CancellationToken.None);

        Assert.Equal((DateOnly.FromDateTime(first), new DateOnly(2095, 6, 30)), range);
    }

    [ProviderFact]
    public async Task ImportIntervals_SameFileTwice_SecondChangesNothing()
    {
        var team = Team("twice");
        using var file = TempFile.WithText(File(team, 50));
        var first = (await App.RunCliAsync("import", "intervals", file.Path, "--json")).ShouldExit(ExitCodes.Success);
        Assert.Contains("\"facts\": 50", first.Stdout.Replace("\":50", "\": 50", StringComparison.Ordinal), StringComparison.Ordinal);
        var before = await FactsOfAsync(team);
        var audit = (await App.CountsAsync()).AuditEntries;

        var second = (await App.RunCliAsync("import", "intervals", file.Path)).ShouldExit(ExitCodes.Success);
        Assert.Contains("nothing changed", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, await FactsOfAsync(team));
        Assert.Equal(audit, (await App.CountsAsync()).AuditEntries);
        Assert.Equal(50, before.Count);
    }

    /// <summary>
    /// Team ids with what PostgreSQL's COPY text format must escape (a backslash, a tab; <c>\N</c> would be a null) and
    /// what CSV must quote: stored exactly as written, on both providers.
    /// </summary>
    [ProviderFact]
    public async Task ImportIntervals_TeamIdsWithBackslashTabQuoteAndComma_StoredAsWritten()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        string[] teams = ["K\\N" + suffix, "Ktab\there" + suffix, "K\"quoted\", with comma " + suffix];
        var csv = new StringBuilder(Header).Append('\n');
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var team in teams.Order(StringComparer.Ordinal)) // the file sorted by team_id, as the format asks
        {
            var field = "\"" + team.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            csv.Append(Row(field, start)).Append('\n').Append(Row(field, start.AddMinutes(15), offered: 20)).Append('\n');
        }
        using var file = TempFile.WithText(csv.ToString());

        (await App.RunCliAsync("import", "intervals", file.Path)).ShouldExit(ExitCodes.Success);

        foreach (var team in teams)
        {
            var days = await App.KpiDaysFromTheFactsAsync(team);
            Assert.Equal(30L, Assert.Single(days).Offered);
            Assert.Equal(days, await App.KpiDaysAsync(team));
        }
    }

    [ProviderFact]
    public async Task ImportIntervals_CorrectedFile_ReplacesTheIntervalValues()
    {
        var team = Team("fix");
        using var file = TempFile.WithText(File(team, 3));
        (await App.RunCliAsync("import", "intervals", file.Path)).ShouldExit(ExitCodes.Success);
        using var corrected = TempFile.WithText(File(team, 3).Replace(",3000,", ",3600,", StringComparison.Ordinal));
        (await App.RunCliAsync("import", "intervals", corrected.Path)).ShouldExit(ExitCodes.Success);
        var facts = await FactsOfAsync(team);
        Assert.Equal(3, facts.Count);
        Assert.All(facts, f => Assert.Contains(",3600,", f, StringComparison.Ordinal));
    }

    [ProviderFact]
    public async Task DailySums_FollowEachImport_EqualTheFactsSummedPerUtcDay()
    {
        var team = Team("daily");
        using var file = TempFile.WithText(File(team, 300)); // 3 days and 12 intervals from 2026-03-01 00:00 UTC
        (await App.RunCliAsync("import", "intervals", file.Path)).ShouldExit(ExitCodes.Success);
        var first = await App.KpiDaysAsync(team);
        Assert.Equal(await App.KpiDaysFromTheFactsAsync(team), first);
        Assert.Equal(["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"], first.Select(d => d.Day));
        Assert.Equal([960L, 960L, 960L, 120L], first.Select(d => d.Offered));

        // A correction of the second day's last hour: that day changes, the others stay as they were.
        var fix = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 4; i++)
        {
            fix.Append(Row(team, new DateTime(2026, 3, 2, 23, 0, 0, DateTimeKind.Utc).AddMinutes(15 * i), offered: 20, abandoned: 2)).Append('\n');
        }
        using var corrected = TempFile.WithText(fix.ToString());
        (await App.RunCliAsync("import", "intervals", corrected.Path)).ShouldExit(ExitCodes.Success);
        var second = await App.KpiDaysAsync(team);
        Assert.Equal(await App.KpiDaysFromTheFactsAsync(team), second);
        Assert.Equal([960L, 1000L, 960L, 120L], second.Select(d => d.Offered));
        Assert.Equal(first.Where(d => d.Day != "2026-03-02"), second.Where(d => d.Day != "2026-03-02"));

        // The next intervals, from the middle of the last day on: no stored fact among them, so on PostgreSQL the new
        // facts' day sums are added to the day's (the day already holds the facts before 03:00).
        var next = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 8; i++)
        {
            next.Append(Row(team, new DateTime(2026, 3, 4, 3, 0, 0, DateTimeKind.Utc).AddMinutes(15 * i))).Append('\n');
        }
        using var following = TempFile.WithText(next.ToString());
        (await App.RunCliAsync("import", "intervals", following.Path)).ShouldExit(ExitCodes.Success);
        var third = await App.KpiDaysAsync(team);
        Assert.Equal(await App.KpiDaysFromTheFactsAsync(team), third);
        Assert.Equal([960L, 1000L, 960L, 200L], third.Select(d => d.Offered));
        second = third;

        // What a restore of a backup made before the daily sums existed does: every day rebuilt from the facts.
        await App.RebuildKpiDaysAsync();
        Assert.Equal(second, await App.KpiDaysAsync(team));
    }

    [ProviderFact]
    public async Task DailySums_TwoImportsOfTheSameDaysAtOnce_BothCountedInEachDay()
    {
        var team = Team("twohands");
        // Two files of the same two days: one has the first half of each day's intervals, the other the second half.
        string Half(int from)
        {
            var sb = new StringBuilder(Header).Append('\n');
            var start = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc);
            for (var day = 0; day < 2; day++)
            {
                for (var i = from; i < from + 48; i++)
                {
                    sb.Append(Row(team, start.AddDays(day).AddMinutes(15 * i))).Append('\n');
                }
            }
            return sb.ToString();
        }
        using var morning = TempFile.WithText(Half(0));
        using var evening = TempFile.WithText(Half(48));
        var both = await Task.WhenAll(
            Task.Run(() => App.RunCliAsync("import", "intervals", morning.Path)),
            Task.Run(() => App.RunCliAsync("import", "intervals", evening.Path)));
        Assert.All(both, r => r.ShouldExit(ExitCodes.Success));
        var days = await App.KpiDaysAsync(team);
        Assert.Equal(await App.KpiDaysFromTheFactsAsync(team), days);
        Assert.Equal([960L, 960L], days.Select(d => d.Offered));
    }

    public static TheoryData<string, string, string> BadRows => new()
    {
        { "no-offset", "2026-03-01T10:00:00", "field interval_start" },
        { "negative", "-5", "field handle_seconds: '-5' is negative" },
        { "truncated", "", "fields, the header has 14" },
    };

    [ProviderTheory]
    [MemberData(nameof(BadRows))]
    public async Task ImportIntervals_OneBadRow_NothingImportedAndRowNamed(string kind, string value, string expected)
    {
        var team = Team(kind);
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        Func<int, string> bad = kind switch
        {
            "no-offset" => i => Row(team, start.AddMinutes(15 * i)).Replace(start.AddMinutes(15 * i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), value, StringComparison.Ordinal),
            "negative" => i => Row(team, start.AddMinutes(15 * i), handle: value),
            _ => i => string.Join(',', Row(team, start.AddMinutes(15 * i)).Split(',').Take(6)),
        };
        using var file = TempFile.WithText(File(team, 20, bad));
        var result = (await App.RunCliAsync("import", "intervals", file.Path)).ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains($"{Path.GetFileName(file.Path)}: row 21", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.Empty(await FactsOfAsync(team));
    }

    [ProviderFact]
    public async Task ImportIntervals_WrongColumn_RefusedAtTheHeader()
    {
        var team = Team("col");
        using var file = TempFile.WithText(File(team, 2).Replace("csat_count", "csat_total", StringComparison.Ordinal));
        var result = (await App.RunCliAsync("import", "intervals", file.Path)).ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains("row 1 (header): missing column(s) csat_count; unexpected csat_total", result.Stderr, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task ImportIntervals_LargeFileWithOneBadRowAtTheEnd_NothingImportedTheRowNamed()
    {
        // 120,000 rows go through several batches before the bad last row: the transaction must roll all of them back.
        var team = Team("large");
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        using var file = TempFile.WithText(File(team, 120_000, i => Row(team, start.AddMinutes(15 * i), offered: 10, abandoned: 11)));
        var result = (await App.RunCliAsync("import", "intervals", file.Path)).ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains("row 120001", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(await FactsOfAsync(team));
    }

    [ProviderFact]
    public async Task ImportCdr_AggregatesOnTheWayIn_Idempotent()
    {
        var team = Team("cdr");
        var cdr = "contact_id,queue,team_id,agent_id,arrived_at,answered_at,ended_at,abandoned,wait_seconds,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat\n" +
            $"c1,billing,{team},a1,2026-03-01T10:01:00+01:00,2026-03-01T10:01:10+01:00,2026-03-01T10:06:10+01:00,false,10,300,20,30,false,true,5\n" +
            $"c2,billing,{team},a2,2026-03-01T10:05:00+01:00,2026-03-01T10:05:30+01:00,2026-03-01T10:09:30+01:00,false,30,240,0,20,true,false,\n" +
            $"c3,billing,{team},,2026-03-01T10:07:00+01:00,,2026-03-01T10:08:00+01:00,true,60,0,0,0,false,false,\n";
        using var file = TempFile.WithText(cdr);
        (await App.RunCliAsync("import", "cdr", file.Path)).ShouldExit(ExitCodes.Success);
        (await App.RunCliAsync("import", "cdr", file.Path)).ShouldExit(ExitCodes.Success);
        var facts = await FactsOfAsync(team);
        Assert.Equal([$"{team},2026-03-01T09:00:00Z,3,2,1,1,40,540,20,50,1,1,5,1"], facts);
    }

    [ProviderFact]
    public async Task ImportCdr_SameFileAgain_AnsweredFromItsRecordWithoutRewritingOtherSettingsAreANewImport()
    {
        var team = Team("again");
        var cdr = "contact_id,queue,team_id,agent_id,arrived_at,answered_at,ended_at,abandoned,wait_seconds,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat\n" +
            $"c1,billing,{team},a1,2026-03-01T10:01:00Z,2026-03-01T10:01:10Z,2026-03-01T10:06:10Z,false,10,300,20,30,false,true,5\n" +
            $"c2,billing,{team},a2,2026-03-01T10:20:00Z,2026-03-01T10:20:30Z,2026-03-01T10:24:30Z,false,30,240,0,20,true,false,\n";
        using var file = TempFile.WithText(cdr);
        var first = (await App.RunCliAsync("import", "cdr", file.Path, "--json")).ShouldExit(ExitCodes.Success).Json();
        Assert.False(first.GetProperty("already_imported").GetBoolean());
        // A mark no import would write: if the second run rewrote the facts, it would be gone.
        Assert.Equal(1, await App.ExecuteSqlAsync($"UPDATE \"KpiIntervalFacts\" SET \"Offered\" = 99 WHERE \"TeamCode\" = '{team}' AND \"Offered\" = 1 AND \"HandleSeconds\" = 300"));
        var audit = (await App.CountsAsync()).AuditEntries;

        var again = (await App.RunCliAsync("import", "cdr", file.Path, "--json")).ShouldExit(ExitCodes.Success).Json();

        Assert.True(again.GetProperty("already_imported").GetBoolean());
        Assert.Equal(2, again.GetProperty("rows").GetInt64());
        Assert.Equal(2, again.GetProperty("facts").GetInt64());
        Assert.Contains(await FactsOfAsync(team), f => f.StartsWith($"{team},2026-03-01T10:00:00Z,99,", StringComparison.Ordinal));
        Assert.Equal(audit, (await App.CountsAsync()).AuditEntries);

        // The record keeps the size its key covered; one from before sizes were kept has none, so the key of the file is
        // worked out beside its read: it is still found before anything is written.
        var key = KeyOf(file.Path);
        Assert.Equal(new FileInfo(file.Path).Length, await App.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.KpiImports.Where(r => r.Sha256 == key).Select(r => r.Bytes))));
        Assert.Equal(1, await App.ExecuteSqlAsync($"UPDATE \"KpiImports\" SET \"Bytes\" = NULL WHERE \"Sha256\" = '{key}'"));
        var older = (await App.RunCliAsync("import", "cdr", file.Path, "--json")).ShouldExit(ExitCodes.Success).Json();
        Assert.True(older.GetProperty("already_imported").GetBoolean());
        Assert.Contains(await FactsOfAsync(team), f => f.StartsWith($"{team},2026-03-01T10:00:00Z,99,", StringComparison.Ordinal));
        Assert.Equal(audit, (await App.CountsAsync()).AuditEntries);

        // Thirty-minute intervals make other facts from the same file: that is an import of its own.
        var other = (await App.RunCliAsync("import", "cdr", file.Path, "--interval", "30", "--json")).ShouldExit(ExitCodes.Success).Json();
        Assert.False(other.GetProperty("already_imported").GetBoolean());
        Assert.Equal(1, other.GetProperty("facts").GetInt64());
    }

    /// <summary>The name an import is recorded under: XXH128 of the file's bytes (ImportKey).</summary>
    private static string KeyOf(string path) => "xxh128:" + Convert.ToHexStringLower(System.IO.Hashing.XxHash128.Hash(System.IO.File.ReadAllBytes(path)));

    private static string Sha256Of(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [ProviderFact]
    public async Task Import_RecordedUnderItsSha256ByAnEarlierVersion_IsStillAnsweredFromThatRecord()
    {
        // Earlier versions recorded a file under its SHA-256 (and, with other settings, a SHA-256 of it and the settings).
        // A database they wrote keeps those records: the same file imported again must still be known, with or without
        // the size they kept, and rewrite nothing.
        var team = Team("legacy");
        var cdr = "contact_id,queue,team_id,agent_id,arrived_at,answered_at,ended_at,abandoned,wait_seconds,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat\n" +
            $"c1,billing,{team},a1,2026-03-02T10:01:00Z,2026-03-02T10:01:10Z,2026-03-02T10:06:10Z,false,10,300,20,30,false,true,5\n";
        using var file = TempFile.WithText(cdr);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(file.Path)));
        (await App.RunCliAsync("import", "cdr", file.Path)).ShouldExit(ExitCodes.Success);
        (await App.RunCliAsync("import", "cdr", file.Path, "--interval", "30")).ShouldExit(ExitCodes.Success);
        var thirty = Sha256Of($"{KeyOf(file.Path)}|interval=30|sl=20");
        Assert.Equal(1, await App.ExecuteSqlAsync($"UPDATE \"KpiImports\" SET \"Sha256\" = '{sha}', \"Bytes\" = NULL WHERE \"Sha256\" = '{KeyOf(file.Path)}'"));
        Assert.Equal(1, await App.ExecuteSqlAsync($"UPDATE \"KpiImports\" SET \"Sha256\" = '{Sha256Of($"{sha}|interval=30|sl=20")}' WHERE \"Sha256\" = 'xxh128:{thirty[..32]}'"));
        // A mark no import would write: if an import rewrote the facts, it would be gone.
        Assert.Equal(1, await App.ExecuteSqlAsync($"UPDATE \"KpiIntervalFacts\" SET \"Offered\" = 99 WHERE \"TeamCode\" = '{team}'"));
        var audit = (await App.CountsAsync()).AuditEntries;

        foreach (var settings in new[] { Array.Empty<string>(), ["--interval", "30"] })
        {
            var again = (await App.RunCliAsync(["import", "cdr", file.Path, "--json", .. settings])).ShouldExit(ExitCodes.Success).Json();
            Assert.True(again.GetProperty("already_imported").GetBoolean(), string.Join(' ', settings));
        }
        // The size kept by a later earlier version: found by it too.
        Assert.Equal(1, await App.ExecuteSqlAsync($"UPDATE \"KpiImports\" SET \"Bytes\" = {new FileInfo(file.Path).Length} WHERE \"Sha256\" = '{sha}'"));
        Assert.True((await App.RunCliAsync("import", "cdr", file.Path, "--json")).ShouldExit(ExitCodes.Success).Json().GetProperty("already_imported").GetBoolean());
        Assert.Contains(await FactsOfAsync(team), f => f.StartsWith($"{team},2026-03-02T10:00:00Z,99,", StringComparison.Ordinal));
        Assert.Equal(audit, (await App.CountsAsync()).AuditEntries);

        // An interval file recorded under its SHA-256 likewise.
        var intervalTeam = Team("legacyint");
        using var intervals = TempFile.WithText(File(intervalTeam, 2));
        (await App.RunCliAsync("import", "intervals", intervals.Path)).ShouldExit(ExitCodes.Success);
        var intervalSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(intervals.Path)));
        Assert.Equal(1, await App.ExecuteSqlAsync($"UPDATE \"KpiImports\" SET \"Sha256\" = '{intervalSha}', \"Bytes\" = NULL WHERE \"Sha256\" = '{KeyOf(intervals.Path)}'"));
        Assert.True((await App.RunCliAsync("import", "intervals", intervals.Path, "--json")).ShouldExit(ExitCodes.Success).Json().GetProperty("already_imported").GetBoolean());
    }

    /// <summary>
    /// CDR imports of a team's next hours (on PostgreSQL copied straight to the table, their days added to the stored ones),
    /// of hours it already has (upserted, its days summed again), of days before its first (staged, nothing to update) and
    /// of a new team, mixed in each file: afterwards every day is the team's facts summed, and a corrected hour holds the
    /// new counts.
    /// </summary>
    [ProviderFact]
    public async Task ImportCdr_NextHoursCorrectionsAndEarlierDays_DaysEqualTheFactsSummed()
    {
        var (later, corrected, fresh) = (Team("cdrnext"), Team("cdrfix"), Team("cdrnew"));
        async Task ImportAsync(string name, params IEnumerable<string>[] calls)
        {
            using var file = CdrFile(calls);
            (await App.RunCliAsync("import", "cdr", file.Path)).ShouldExit(ExitCodes.Success);
        }
        var day = new DateTime(2026, 5, 1, 8, 0, 0, DateTimeKind.Utc);

        await ImportAsync("first", Calls("first", later, day, 24, 10), Calls("first", corrected, day, 24, 10)); // 08:00 to 09:55
        await AssertDaysAsync(App, later);
        await AssertDaysAsync(App, corrected);

        // The afternoon and the next morning of one team; the same morning hour again, waited longer, of the other.
        await ImportAsync("second", Calls("second", later, day.AddHours(6), 12, 10), Calls("second", later, day.AddDays(1), 12, 10),
            Calls("second", corrected, day.AddHours(1), 6, 50));
        await AssertDaysAsync(App, later);
        await AssertDaysAsync(App, corrected);
        Assert.Equal([36L, 12L], (await App.KpiDaysAsync(later)).Select(d => d.Offered));
        Assert.Equal([24L], (await App.KpiDaysAsync(corrected)).Select(d => d.Offered)); // 09:00 and 09:15 replaced: 3 calls each again
        Assert.Contains(await FactsOfAsync(corrected), f => f.StartsWith($"{corrected},2026-05-01T09:00:00Z,3,3,0,0,150,", StringComparison.Ordinal));

        // The day before the first (nothing stored in its span, so nothing to update), beside a team new to the database.
        await ImportAsync("third", Calls("third", later, day.AddDays(-1), 6, 10), Calls("third", fresh, day, 6, 10));
        await AssertDaysAsync(App, later);
        await AssertDaysAsync(App, fresh);
        Assert.Equal([6L, 36L, 12L], (await App.KpiDaysAsync(later)).Select(d => d.Offered));
        Assert.Equal([6L], (await App.KpiDaysAsync(fresh)).Select(d => d.Offered));
    }

    /// <summary>
    /// Two CDR files of one team's day at once, the morning and the afternoon: whichever writes second finds the other's
    /// facts (on PostgreSQL the afternoon is then copied straight in after the morning, or the morning staged before the
    /// afternoon), and each day holds both.
    /// </summary>
    [ProviderFact]
    public async Task ImportCdr_MorningAndAfternoonAtOnce_EachDayHoldsBoth()
    {
        var team = Team("cdrhalves");
        var day = new DateTime(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc);
        using var morning = CdrFile(Calls("am", team, day, 24, 10), Calls("am", team, day.AddDays(1), 24, 10));
        using var afternoon = CdrFile(Calls("pm", team, day.AddHours(6), 24, 10), Calls("pm", team, day.AddDays(1).AddHours(6), 24, 10));

        var both = await Task.WhenAll(
            Task.Run(() => App.RunCliAsync("import", "cdr", morning.Path)),
            Task.Run(() => App.RunCliAsync("import", "cdr", afternoon.Path)));

        Assert.All(both, r => r.ShouldExit(ExitCodes.Success));
        await AssertDaysAsync(App, team);
        Assert.Equal([48L, 48L], (await App.KpiDaysAsync(team)).Select(d => d.Offered));
    }

    private const string CdrHeader = "contact_id,queue,team_id,agent_id,arrived_at,answered_at,ended_at,abandoned,wait_seconds,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat";

    /// <summary><paramref name="count"/> answered calls of <paramref name="team"/>, five minutes apart from <paramref name="from"/>, ids unique per file and start.</summary>
    private static IEnumerable<string> Calls(string file, string team, DateTime from, int count, int wait) => Enumerable.Range(0, count).Select(i =>
    {
        var arrived = from.AddMinutes(5 * i);
        return string.Create(CultureInfo.InvariantCulture,
            $"{file}-{team}-{from:MMddHH}-{i},billing,{team},a1,{arrived:yyyy-MM-ddTHH:mm:ssZ},{arrived.AddSeconds(wait):yyyy-MM-ddTHH:mm:ssZ},{arrived.AddSeconds(wait + 300):yyyy-MM-ddTHH:mm:ssZ},false,{wait},300,20,30,false,true,4");
    });

    private static TempFile CdrFile(params IEnumerable<string>[] calls) => TempFile.WithText(string.Join('\n', calls.SelectMany(c => c).Prepend(CdrHeader)) + "\n");

    private static async Task AssertDaysAsync(CertDeskApp app, string team) => Assert.Equal(await app.KpiDaysFromTheFactsAsync(team), await app.KpiDaysAsync(team));

    [ProviderFact]
    public async Task ImportCdr_SameNewFileTwiceAtOnce_OneImportRecordedAndTheFactsOfOne()
    {
        // A file of a size never imported: each import hashes it beside its read, so both may get as far as writing.
        var team = Team("cdrtwice");
        var rows = ContactsOf(team, 3_000, seed: 5);
        using var file = TempFile.WithBytes(CdrTestData.ToCsv(rows, new CdrFileStyle()));

        var both = await Task.WhenAll(
            Task.Run(() => App.RunCliAsync("import", "cdr", file.Path, "--json")),
            Task.Run(() => App.RunCliAsync("import", "cdr", file.Path, "--json")));

        var answers = both.Select(r => r.ShouldExit(ExitCodes.Success).Json().GetProperty("already_imported").GetBoolean()).ToList();
        Assert.Equal(1, answers.Count(already => !already));
        var key = KeyOf(file.Path);
        Assert.Equal(1, await App.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.KpiImports, r => r.Sha256 == key)));
        var facts = await FactsOfAsync(team);
        Assert.Equal(3_000, facts.Sum(f => long.Parse(f.Split(',')[2], CultureInfo.InvariantCulture)));
        Assert.Equal(await App.KpiDaysFromTheFactsAsync(team), await App.KpiDaysAsync(team));
        var verification = await App.VerifyAuditAsync();
        Assert.True(verification.Intact, verification.Problem);
    }

    private static string[] RejectedLines(string path) =>
        [.. System.IO.File.ReadAllLines(path + ".rejected.csv").Where(l => l.Length > 0)];

    [ProviderFact]
    public async Task ImportIntervals_AcceptValid_ImportsGoodRowsAndWritesRejectedFile()
    {
        var team = Team("acc");
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var csv = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 5; i++)
        {
            csv.Append(i switch
            {
                1 => Row(team, start.AddMinutes(15 * i), handle: "-5"),
                3 => Row(team, start.AddMinutes(15 * i), offered: 10, abandoned: 11),
                _ => Row(team, start.AddMinutes(15 * i)),
            }).Append('\n');
        }
        using var file = TempFile.WithText(csv.ToString());

        (await App.RunCliAsync("import", "intervals", file.Path)).ShouldExit(ExitCodes.InvalidInput);
        Assert.Empty(await FactsOfAsync(team));
        Assert.False(System.IO.File.Exists(file.Path + ".rejected.csv"));

        var result = (await App.RunCliAsync("import", "intervals", file.Path, "--accept-valid", "--json")).ShouldExit(ExitCodes.Success);
        var summary = result.Json();
        Assert.Equal(3, summary.GetProperty("facts").GetInt64());
        Assert.Equal(2, summary.GetProperty("rejected").GetInt64());
        var facts = await FactsOfAsync(team);
        Assert.Equal(3, facts.Count);
        Assert.DoesNotContain(facts, f => f.Contains("T00:15:00Z", StringComparison.Ordinal) || f.Contains("T00:45:00Z", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.StartsWith("rejected:", StringComparison.Ordinal) && l.Contains("row 3 (line 3), field handle_seconds", StringComparison.Ordinal));
        var lines = RejectedLines(file.Path);
        Assert.Equal(Header + ",reason", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith(team + ",2026-03-01T00:15:00Z,", lines[1], StringComparison.Ordinal);
        Assert.Contains("is negative", lines[1], StringComparison.Ordinal);
        Assert.StartsWith(team + ",2026-03-01T00:45:00Z,", lines[2], StringComparison.Ordinal);
        Assert.Contains("field answered: '-1' is negative", lines[2], StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task ImportCdr_AcceptValid_AggregatesGoodRowsAndWritesRejectedRowsWhole()
    {
        var team = Team("cdracc");
        const string header = "contact_id,queue,team_id,agent_id,arrived_at,answered_at,ended_at,abandoned,wait_seconds,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat";
        var cdr = header + "\n" +
            $"c1,billing,{team},a1,2026-03-01T10:01:00+01:00,2026-03-01T10:01:10+01:00,2026-03-01T10:06:10+01:00,false,10,300,20,30,false,true,5\n" +
            $"c2,\"Billing, \"\"tier 2\"\"\",{team},a2,2026-03-01T10:05:00+01:00,2026-03-01T10:04:30+01:00,2026-03-01T10:09:30+01:00,false,30,240,0,20,true,false,\n" +
            $"c3,billing,{team},,2026-03-01T10:07:00+01:00,,2026-03-01T10:08:00+01:00,true,60,0,0,0,false,false,\n" +
            $"c4,billing,{team},a4,2026-03-01T10:08:00,2026-03-01T10:08:05+01:00,2026-03-01T10:09:00+01:00,false,5,-3,0,0,maybe,false,\n";
        using var file = TempFile.WithText(cdr);

        (await App.RunCliAsync("import", "cdr", file.Path)).ShouldExit(ExitCodes.InvalidInput);
        Assert.Empty(await FactsOfAsync(team));

        var result = (await App.RunCliAsync("import", "cdr", file.Path, "--accept-valid", "--json")).ShouldExit(ExitCodes.Success);
        Assert.Equal(2, result.Json().GetProperty("rejected").GetInt64());
        // c1 and c3 only: two contacts, one answered (10 s wait, 300 s handle) and one abandoned.
        Assert.Equal([$"{team},2026-03-01T09:00:00Z,2,1,1,1,10,300,20,30,0,1,5,1"], await FactsOfAsync(team));
        Assert.Contains(result.ErrorLines, l => l.StartsWith("rejected:", StringComparison.Ordinal) && l.Contains("row 3 (line 3), field answered_at: is before arrived_at", StringComparison.Ordinal));

        var lines = RejectedLines(file.Path);
        Assert.Equal(header + ",reason", lines[0]);
        Assert.Equal(3, lines.Length);
        // The quoted queue comes back as one cell, quoted again.
        Assert.StartsWith($"c2,\"Billing, \"\"tier 2\"\"\",{team},a2,", lines[1], StringComparison.Ordinal);
        Assert.Contains("is before arrived_at", lines[1], StringComparison.Ordinal);
        // Every reason of the row, not only the first.
        Assert.StartsWith("c4,billing,", lines[2], StringComparison.Ordinal);
        Assert.Contains("field arrived_at: timestamp has no UTC offset", lines[2], StringComparison.Ordinal);
        Assert.Contains("field handle_seconds: must not be negative", lines[2], StringComparison.Ordinal);
        Assert.Contains("field transferred: is not a boolean", lines[2], StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task ImportCdr_RepeatedContactId_NamesBothRows_AcceptValidCountsTheContactOnce()
    {
        // 60,000 contacts (several 4 MiB blocks, parsed in parallel); the one at data row 50,000 repeats C10's id, quoted
        // or not as the writer happens to choose: the same id either way.
        var team = Team("cdrdup");
        var rows = ContactsOf(team, 60_000, seed: 21);
        rows[50_000][0] = "C10";
        using var file = TempFile.WithBytes(CdrTestData.ToCsv(rows, new CdrFileStyle(QuoteAnyway: 0.3)));

        var refused = (await App.RunCliAsync("import", "cdr", file.Path)).ShouldExit(ExitCodes.InvalidInput);
        // Spreadsheet rows: the header is row 1, so data row 50,000 (0-based) is row 50,002 and C10 is row 12.
        Assert.Contains(refused.ErrorLines, l => l.Contains("row 50002 ", StringComparison.Ordinal)
            && l.Contains("field contact_id: 'C10' repeats row 12", StringComparison.Ordinal));
        Assert.Empty(await FactsOfAsync(team));

        var result = (await App.RunCliAsync("import", "cdr", file.Path, "--accept-valid", "--json")).ShouldExit(ExitCodes.Success);
        Assert.Equal(1, result.Json().GetProperty("rejected").GetInt64());
        var offered = (await FactsOfAsync(team)).Sum(f => long.Parse(f.Split(',')[2], CultureInfo.InvariantCulture));
        Assert.Equal(59_999, offered);
        var rejected = RejectedLines(file.Path);
        Assert.Equal(2, rejected.Length);
        Assert.Contains("repeats row 12", rejected[1], StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task ImportQa_AcceptValid_ImportsGoodRowsAndWritesRejectedFile()
    {
        var roster = new RosterCsv().SmallTeam();
        (await App.ImportRosterAsync(roster.ToString())).ShouldExit(ExitCodes.Success);
        var qa = "employee_id,date,score\n" +
            $"{roster.Id(2)},2026-03-02,88.5\n" +
            $"{roster.Id(3)},2026-03-02,140\n" +
            $"NOBODY-{Guid.NewGuid():N},2026-03-02,70\n" +
            $"{roster.Id(3)},2026-03-03,91\n";
        using var file = TempFile.WithText(qa);

        (await App.RunCliAsync("import", "qa", file.Path)).ShouldExit(ExitCodes.InvalidInput);

        var result = (await App.RunCliAsync("import", "qa", file.Path, "--accept-valid", "--json")).ShouldExit(ExitCodes.Success);
        var summary = result.Json();
        Assert.Equal(2, summary.GetProperty("facts").GetInt64());
        Assert.Equal(2, summary.GetProperty("rejected").GetInt64());
        var lines = RejectedLines(file.Path);
        Assert.Equal("employee_id,date,score,reason", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"{roster.Id(3)},2026-03-02,140,", lines[1], StringComparison.Ordinal);
        Assert.Contains("field score", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("NOBODY-", lines[2], StringComparison.Ordinal);
        Assert.Contains("is not in the roster", lines[2], StringComparison.Ordinal);

        // The same file again: the accepted scores are already there, nothing else changes.
        var again = (await App.RunCliAsync("import", "qa", file.Path, "--accept-valid", "--json")).ShouldExit(ExitCodes.Success);
        Assert.True(again.Json().GetProperty("already_imported").GetBoolean());
    }

    /// <summary>
    /// A load larger than the table (the first import of years of history): afterwards the indexes are as migrated (the
    /// key alone) and every fact and daily sum is there; a load that fails half-way leaves table and indexes as they were.
    /// </summary>
    [ProviderFact]
    public async Task WriteFacts_LoadLargerThanTheTable_IndexesAsMigratedAfterwards_AndAfterAFailure()
    {
        var indexes = await FactIndexesAsync();
        Assert.DoesNotContain(indexes, i => i.Contains("IX_KpiIntervalFacts_IntervalStart", StringComparison.Ordinal));
        var team = Team("bulk");
        var stored = await App.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.KpiIntervalFacts));
        var count = Math.Max(KpiFactWriter.BulkLoadFacts, 2 * stored);
        var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        IEnumerable<Domain.Kpi.IntervalFact> Facts(long stopAt) => Enumerable.Range(0, (int)count).Select(i => i < stopAt
            ? new Domain.Kpi.IntervalFact(team, start.AddMinutes(15 * i), 10, 9, 1, 8, 90, 3000, 100, 200, 1, 7, 16, 4)
            : throw new IOException("the source stopped"));

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var import = scope.ServiceProvider.GetRequiredService<KpiImport>();
            await Assert.ThrowsAsync<IOException>(() => import.WriteFactsAsync(Facts(count - 1), "bulk-" + team, null, count, CancellationToken.None));
        }
        Assert.Empty(await FactsOfAsync(team));
        Assert.Equal(indexes, await FactIndexesAsync());

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var import = scope.ServiceProvider.GetRequiredService<KpiImport>();
            Assert.Equal(count, await import.WriteFactsAsync(Facts(count), "bulk-" + team, null, count, CancellationToken.None));
        }
        Assert.Equal(indexes, await FactIndexesAsync());
        Assert.Equal(count, (await FactsOfAsync(team)).Count);
        var days = await App.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.KpiDailyFacts, d => d.TeamCode == team));
        Assert.Equal((count + 95) / 96, days);
    }

    /// <summary>The definitions of the facts table's indexes, as the database gives them.</summary>
    private async Task<List<string>> FactIndexesAsync() => await App.QueryAsync(async db => (await db.ReadRowsAsync(db.IsPostgres
        ? "SELECT indexdef FROM pg_indexes WHERE tablename = 'KpiIntervalFacts'"
        : "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'KpiIntervalFacts' AND sql IS NOT NULL", r => r.GetString(0), CancellationToken.None))
        .Order(StringComparer.Ordinal).ToList());
}

public sealed class SqliteKpiImportTests(SqliteEmptyApp fixture) : KpiImportTests(fixture), IClassFixture<SqliteEmptyApp>;

public sealed class PostgresKpiImportTests(PostgresEmptyApp fixture) : KpiImportTests(fixture), IClassFixture<PostgresEmptyApp>, IPostgresTests;
