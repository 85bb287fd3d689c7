using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CertDesk.Cli;
using CertDesk.Tests.Infrastructure;
using static CertDesk.Tests.Features.Proof.PlatformContactFiles;

namespace CertDesk.Tests.Features.Proof;

/// <summary>
/// <c>import cdr|intervals FILE --mapping MAP</c> and the saved mapping on the upload page: the same contacts (or intervals) given
/// in the contract's CSV and in another system's differently shaped report read through a column mapping give identical
/// facts; the same file through another mapping is another import; each bad mapping or row is refused, named, with nothing
/// written.
/// </summary>
public abstract partial class MappedImportTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateTimeOffset Day = new(2026, 3, 7, 9, 0, 0, TimeSpan.Zero);

    private static string Prefix(string tag) => tag + Guid.NewGuid().ToString("N")[..6] + "-";

    private async Task<List<string>> FactsOfAsync(string prefix)
    {
        using var export = TempFile.Create();
        (await App.RunCliAsync("export", "facts", "--out", export.Path)).ShouldExit(ExitCodes.Success);
        return [.. (await File.ReadAllLinesAsync(export.Path)).Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..])];
    }

    private sealed record Call(string Id, string Queue, string? Agent, DateTimeOffset Arrived, int Wait, int Talk = 0, int Hold = 0, int Wrap = 0, bool Transferred = false);

    /// <summary>Plain, abandoned (also after an hour's wait), transferred, across midnight in Paris, across the spring change in Paris.</summary>
    private static List<Call> Calls(string q) =>
    [
        new("plain", q + "billing", "a1", Day, 12, Talk: 300, Hold: 20, Wrap: 30),
        new("abandoned", q + "billing", null, Day.AddMinutes(3), 45),
        new("xfer", q + "tech", "a2", Day.AddMinutes(20), 5, Talk: 120, Wrap: 10, Transferred: true),
        new("midnight", q + "billing", "a1", new DateTimeOffset(2026, 3, 7, 23, 58, 0, TimeSpan.Zero), 60, Talk: 360, Hold: 30, Wrap: 40),
        new("dst", q + "tech", "a3", new DateTimeOffset(2026, 3, 29, 0, 59, 30, TimeSpan.Zero), 40, Talk: 500, Wrap: 15),
        new("long-wait", q + "tech", null, Day.AddMinutes(50), 3700),
    ];

    private static string ContractCsv(IEnumerable<Call> calls) =>
        CsvFile(calls.Select(c => Csv(c.Id, c.Queue, c.Agent, c.Arrived, c.Wait, c.Talk, c.Hold, c.Wrap, c.Transferred)));

    private static readonly string[] AcdHeader = ["Site", "Call ID", "Start time", "Date", "Split", "Agent", "Disposition", "Queue time", "Handle time", "Hold", "ACW", "Xfer", "FCR", "End"];

    /// <summary>The same calls as another ACD writes them: its own headings and order, semicolons, Paris clock times, mm:ss.</summary>
    private static List<string[]> AcdRows(IEnumerable<Call> calls) =>
    [
        .. calls.Select(c =>
        {
            var answered = c.Agent is not null;
            var answeredAt = c.Arrived.AddSeconds(c.Wait);
            var ended = answered ? answeredAt.AddSeconds(c.Talk + c.Hold) : answeredAt;
            var arrived = TimeZoneInfo.ConvertTime(c.Arrived, Paris);
            static string Mmss(int s) => string.Create(CultureInfo.InvariantCulture, $"{s / 60:00}:{s % 60:00}");
            return new[]
            {
                "Lyon", c.Id, arrived.ToString("HH:mm:ss", CultureInfo.InvariantCulture), arrived.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
                c.Queue, c.Agent ?? "", answered ? "ANS" : "ABN", Mmss(c.Wait),
                answered ? Mmss(c.Talk + c.Hold + c.Wrap) : "", // an abandoned call has no handle time: left empty
                answered ? Mmss(c.Hold) : "", answered ? Mmss(c.Wrap) : "", c.Transferred ? "Yes" : "No", answered && !c.Transferred ? "Y" : "N",
                TimeZoneInfo.ConvertTime(ended, Paris).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture),
            };
        }),
    ];

    private static string AcdFile(IEnumerable<string[]> rows) =>
        new StringBuilder(string.Join(';', AcdHeader)).Append('\n').AppendJoin('\n', rows.Select(r => string.Join(';', r))).Append('\n').ToString();

    private static JsonObject CdrMapping() => new()
    {
        ["kind"] = "cdr",
        ["delimiter"] = ";",
        ["columns"] = new JsonObject
        {
            ["contact_id"] = "Call ID",
            ["queue"] = "Split",
            ["team_id"] = "Split",
            ["agent_id"] = "Agent",
            ["arrived_at"] = new JsonArray("Date", "Start time"),
            ["ended_at"] = "End",
            ["abandoned"] = "Disposition",
            ["wait_seconds"] = "Queue time",
            ["handle_seconds"] = "Handle time",
            ["hold_seconds"] = "Hold",
            ["wrap_seconds"] = "ACW",
            ["transferred"] = "Xfer",
            ["resolved_first_contact"] = "FCR",
        },
        ["timestamp_format"] = "dd/MM/yyyy HH:mm:ss",
        ["time_zone"] = "Europe/Paris",
        ["duration_format"] = "mm:ss",
        ["values"] = new JsonObject
        {
            ["abandoned"] = new JsonObject { ["true"] = new JsonArray("ABN"), ["false"] = new JsonArray("ANS") },
            ["transferred"] = new JsonObject { ["true"] = new JsonArray("Yes"), ["false"] = new JsonArray("No") },
            ["resolved_first_contact"] = new JsonObject { ["true"] = new JsonArray("Y"), ["false"] = new JsonArray("N") },
        },
    };

    [ProviderFact]
    public async Task Cdr_TheSameCallsInAnotherAcdsReport_ThroughAMapping_GiveTheSameFactsAsTheCsv()
    {
        var csvQueues = Prefix("c");
        var acdQueues = Prefix("m");
        using var csv = TempFile.WithText(ContractCsv(Calls(csvQueues)));
        using var acd = TempFile.WithText(AcdFile(AcdRows(Calls(acdQueues))));
        using var map = TempFile.WithText(CdrMapping().ToJsonString(), ".json");

        (await App.RunCliAsync("import", "cdr", csv.Path)).ShouldExit(ExitCodes.Success);
        var result = (await App.RunCliAsync("import", "cdr", acd.Path, "--mapping", map.Path, "--json")).ShouldExit(ExitCodes.Success);
        Assert.Equal(6, result.Json().GetProperty("rows").GetInt32());

        var expected = await FactsOfAsync(csvQueues);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await FactsOfAsync(acdQueues));
    }

    [ProviderFact]
    public async Task KpiAggregate_WithTheMapping_WritesTheSameIntervalFileAsFromTheCsv()
    {
        var q = Prefix("k");
        using var csv = TempFile.WithText(ContractCsv(Calls(q)));
        using var acd = TempFile.WithText(AcdFile(AcdRows(Calls(q))));
        using var map = TempFile.WithText(CdrMapping().ToJsonString(), ".json");
        using var fromCsv = TempFile.Create();
        using var fromAcd = TempFile.Create();
        (await Infrastructure.Cli.RunAsync("kpi", "aggregate", "--cdr", csv.Path, "--out", fromCsv.Path)).ShouldExit(ExitCodes.Success);
        (await Infrastructure.Cli.RunAsync("kpi", "aggregate", "--cdr", acd.Path, "--out", fromAcd.Path, "--mapping", map.Path)).ShouldExit(ExitCodes.Success);
        Assert.Equal(await File.ReadAllTextAsync(fromCsv.Path), await File.ReadAllTextAsync(fromAcd.Path));

        var bad = AcdRows(Calls(q));
        bad[1][7] = "45s";
        using var badFile = TempFile.WithText(AcdFile(bad));
        var refused = (await Infrastructure.Cli.RunAsync("kpi", "aggregate", "--cdr", badFile.Path, "--out", fromAcd.Path, "--mapping", map.Path)).ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains("row 3 (line 3), field Queue time (wait_seconds): '45s' is not a duration", refused.Stderr, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Cdr_SameFileSameMapping_IsImportedOnce_AnotherMappingIsAnotherImport()
    {
        var q = Prefix("i");
        using var acd = TempFile.WithText(AcdFile(AcdRows(Calls(q))));
        using var map = TempFile.WithText(CdrMapping().ToJsonString(), ".json");
        var utc = CdrMapping();
        utc["time_zone"] = "UTC";
        using var otherMap = TempFile.WithText(utc.ToJsonString(), ".json");

        (await App.RunCliAsync("import", "cdr", acd.Path, "--mapping", map.Path)).ShouldExit(ExitCodes.Success);
        var facts = await FactsOfAsync(q);
        var again = (await App.RunCliAsync("import", "cdr", acd.Path, "--mapping", map.Path, "--json")).ShouldExit(ExitCodes.Success);
        Assert.True(again.Json().GetProperty("already_imported").GetBoolean());
        Assert.Equal(facts, await FactsOfAsync(q));

        // Read as UTC clock times the same file is other contacts at other instants: imported, not taken for the first.
        var other = (await App.RunCliAsync("import", "cdr", acd.Path, "--mapping", otherMap.Path, "--json")).ShouldExit(ExitCodes.Success);
        Assert.False(other.Json().GetProperty("already_imported").GetBoolean());
        Assert.NotEqual(facts, await FactsOfAsync(q));
    }

    private sealed record Interval(string Team, DateTimeOffset Start, int Offered, int Answered, int Within, int Wait, int Handle, int Hold, int Wrap, int Transferred, int CsatSum, int CsatCount);

    /// <summary>Two teams, a morning, and the night of the US spring change (07:00Z on 2026-03-08).</summary>
    private static List<Interval> Intervals(string q) =>
    [
        new(q + "north", Day, 20, 18, 15, 310, 5400, 300, 900, 2, 40, 9),
        new(q + "north", Day.AddMinutes(15), 25, 25, 20, 420, 7200, 0, 1200, 0, 0, 0),
        new(q + "south", Day, 10, 7, 7, 60, 2100, 120, 300, 1, 12, 3),
        new(q + "south", new DateTimeOffset(2026, 3, 8, 6, 45, 0, TimeSpan.Zero), 4, 4, 4, 20, 1000, 0, 100, 0, 0, 0),
        new(q + "south", new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), 3, 2, 1, 95, 4000, 30, 90, 1, 5, 1),
    ];

    private static string ContractIntervals(IEnumerable<Interval> intervals) =>
        new StringBuilder("team_id,interval_start,offered,answered,abandoned,answered_within_threshold,wait_seconds_answered,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat_sum,csat_count\n")
            .AppendJoin('\n', intervals.OrderBy(i => i.Team, StringComparer.Ordinal).ThenBy(i => i.Start).Select(i => string.Create(CultureInfo.InvariantCulture,
                $"{i.Team},{i.Start.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'},{i.Offered},{i.Answered},{i.Offered - i.Answered},{i.Within},{i.Wait},{i.Handle},{i.Hold},{i.Wrap},{i.Transferred},0,{i.CsatSum},{i.CsatCount}")))
            .Append('\n').ToString();

    /// <summary>Another system's interval report: New York clock, date and time apart, 12-hour clock, hh:mm:ss totals, newest first.</summary>
    private static string AcdIntervals(IEnumerable<Interval> intervals)
    {
        static string Hms(int s) => string.Create(CultureInfo.InvariantCulture, $"{s / 3600}:{s / 60 % 60:00}:{s % 60:00}");
        return new StringBuilder("Date,Interval,Skill,Calls offered,Calls handled,Calls abandoned,Handled in SL,Queue time,Handle time,Hold time,ACW time,Transfers,Survey total,Surveys\n")
            .AppendJoin('\n', intervals.OrderByDescending(i => i.Start).Select(i =>
            {
                var local = TimeZoneInfo.ConvertTime(i.Start, NewYork);
                return string.Create(CultureInfo.InvariantCulture,
                    $"{local:M/d/yyyy},{local:h:mm tt},{i.Team},{i.Offered},{i.Answered},{i.Offered - i.Answered},{i.Within},{Hms(i.Wait)},{Hms(i.Handle)},{Hms(i.Hold)},{Hms(i.Wrap)},{i.Transferred},{i.CsatSum},{i.CsatCount}");
            }))
            .Append('\n').ToString();
    }

    private static JsonObject IntervalMapping() => new()
    {
        ["kind"] = "intervals",
        ["columns"] = new JsonObject
        {
            ["team_id"] = "Skill",
            ["interval_start"] = new JsonArray("Date", "Interval"),
            ["offered"] = "Calls offered",
            ["answered"] = "Calls handled",
            ["abandoned"] = "Calls abandoned",
            ["answered_within_threshold"] = "Handled in SL",
            ["wait_seconds_answered"] = "Queue time",
            ["handle_seconds"] = "Handle time",
            ["hold_seconds"] = "Hold time",
            ["wrap_seconds"] = "ACW time",
            ["transferred"] = "Transfers",
            ["csat_sum"] = "Survey total",
            ["csat_count"] = "Surveys",
        },
        ["timestamp_format"] = "M/d/yyyy h:mm tt",
        ["time_zone"] = "America/New_York",
        ["duration_format"] = "hh:mm:ss",
    };

    [ProviderFact]
    public async Task Intervals_TheSameIntervalsInAnotherReport_ThroughAMapping_GiveTheSameFactsAsTheCsv()
    {
        var csvTeams = Prefix("c");
        var acdTeams = Prefix("m");
        using var csv = TempFile.WithText(ContractIntervals(Intervals(csvTeams)));
        using var acd = TempFile.WithText(AcdIntervals(Intervals(acdTeams)));
        using var map = TempFile.WithText(IntervalMapping().ToJsonString(), ".json");

        (await App.RunCliAsync("import", "intervals", csv.Path)).ShouldExit(ExitCodes.Success);
        (await App.RunCliAsync("import", "intervals", acd.Path, "--mapping", map.Path)).ShouldExit(ExitCodes.Success);

        var expected = await FactsOfAsync(csvTeams);
        Assert.Equal(5, expected.Count);
        Assert.Equal(expected, await FactsOfAsync(acdTeams));
        var again = (await App.RunCliAsync("import", "intervals", acd.Path, "--mapping", map.Path, "--json")).ShouldExit(ExitCodes.Success);
        Assert.True(again.Json().GetProperty("already_imported").GetBoolean());
    }

    /// <summary>A bad mapping or row: the case, and what the error line must say.</summary>
    public static TheoryData<string, string> BadInputs => new()
    {
        { "column-missing-in-file", "acd.csv: row 1 (header), field Wait (wait_seconds): the file has no column 'Wait', which map.json names for wait_seconds" },
        { "mapping-missing-field", "map.json: field columns.ended_at: is missing" },
        { "mapping-unknown-field", "map.json: field timezone: is not a mapping field" },
        { "mapping-not-json", "map.json: line 1: not valid JSON" },
        { "mapping-other-kind", "map.json: field kind: the mapping reads call detail records (cdr), but the file is imported as interval data (intervals)" },
        { "timestamp-format", "acd.csv: row 3 (line 3), field Date + Start time (arrived_at): '2026-03-07 10:03:00' does not match the mapping's timestamp_format 'dd/MM/yyyy HH:mm:ss'" },
        { "skipped-clock-time", "acd.csv: row 3 (line 3), field Date + Start time (arrived_at): '29/03/2026 02:30:00' does not exist in Europe/Paris" },
        { "abandoned-value", "acd.csv: row 3 (line 3), field Disposition (abandoned): 'MAYBE' is neither a value the mapping lists for true ('ABN') nor one for false ('ANS')" },
        { "duration", "acd.csv: row 3 (line 3), field Queue time (wait_seconds): '45s' is not a duration in the mapping's duration_format mm:ss" },
        { "repeated-contact", "acd.csv: row 3 (line 3), field Call ID (contact_id): 'plain' repeats row 2 (line 2)" },
        { "contract-rule", "acd.csv: row 2 (line 2), field End (ended_at): is before arrived_at" },
    };

    [ProviderTheory]
    [MemberData(nameof(BadInputs))]
    public async Task BadMappingOrRow_NothingWritten_FileRowFieldAndReasonNamed(string kind, string expected)
    {
        var q = Prefix("b");
        var rows = AcdRows(Calls(q));
        var mapping = CdrMapping();
        var mappingText = (string?)null;
        var importAs = "cdr";
        switch (kind)
        {
            case "column-missing-in-file":
                mapping["columns"]!["wait_seconds"] = "Wait";
                break;
            case "mapping-missing-field":
                mapping["columns"]!.AsObject().Remove("ended_at");
                break;
            case "mapping-unknown-field":
                mapping["timezone"] = "UTC";
                break;
            case "mapping-not-json":
                mappingText = "{ kind: cdr";
                break;
            case "mapping-other-kind":
                importAs = "intervals";
                break;
            case "timestamp-format":
                rows[1][3] = "2026-03-07";
                break;
            case "skipped-clock-time":
                rows[1][3] = "29/03/2026";
                rows[1][2] = "02:30:00";
                break;
            case "abandoned-value":
                rows[1][6] = "MAYBE";
                break;
            case "duration":
                rows[1][7] = "45s";
                break;
            case "repeated-contact":
                rows[1][1] = "plain";
                break;
            case "contract-rule":
                rows[0][13] = "06/03/2026 08:00:00";
                break;
        }
        var dir = System.IO.Directory.CreateTempSubdirectory("certdesk-mapped-");
        try
        {
            var acd = Path.Combine(dir.FullName, "acd.csv");
            var map = Path.Combine(dir.FullName, "map.json");
            await File.WriteAllTextAsync(acd, AcdFile(rows));
            await File.WriteAllTextAsync(map, mappingText ?? mapping.ToJsonString());
            var result = (await App.RunCliAsync("import", importAs, acd, "--mapping", map)).ShouldExit(ExitCodes.InvalidInput);
            Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
            Assert.Empty(await FactsOfAsync(q));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [ProviderFact]
    public async Task Mapping_WithFormatOrAcceptValidOrAnotherKind_IsAUsageError()
    {
        using var acd = TempFile.WithText(AcdFile(AcdRows(Calls(Prefix("u")))));
        using var map = TempFile.WithText(CdrMapping().ToJsonString(), ".json");
        (await App.RunCliAsync("import", "cdr", acd.Path, "--mapping", map.Path, "--accept-valid")).ShouldExit(ExitCodes.BadUsage);
        (await App.RunCliAsync("import", "cdr", acd.Path, "--mapping", map.Path, "--format", "amazon-connect")).ShouldExit(ExitCodes.BadUsage);
        (await App.RunCliAsync("import", "qa", acd.Path, "--mapping", map.Path)).ShouldExit(ExitCodes.BadUsage);
    }

    [GeneratedRegex("/Proof/Mappings/Edit\\?id=([0-9a-f-]{36})\">([^<]*)<")]
    private static partial Regex MappingLink();

    [ProviderFact]
    public async Task SavedMapping_ProgramManagerSavesItInTheForm_ThenTheUploadWithItGivesTheSameFactsAsTheCsv_Audited()
    {
        var email = $"pm-{Guid.NewGuid():N}@example.com";
        await App.AddUserAsync(email, "ProgramManager", "Correct-Horse-Battery-12");
        var pm = await App.SignInAsAsync(email, "Correct-Horse-Battery-12");
        var page = await AssertHttp.StatusAsync(await pm.GetAsync("/Proof/Mappings/Edit?kind=cdr"), HttpStatusCode.OK);
        Assert.Contains("Contact (call) id", page, StringComparison.Ordinal);
        Assert.Contains("Values meaning abandoned", page, StringComparison.Ordinal);

        var name = "Avaya CMS " + Guid.NewGuid().ToString("N")[..6];
        var columns = CdrMapping()["columns"]!.AsObject();
        var form = new List<KeyValuePair<string, string>>
        {
            new("Kind", "cdr"), new("Name", name), new("Delimiter", ";"), new("TimestampFormat", "dd/MM/yyyy HH:mm:ss"), new("TimeZone", "Europe/Paris"),
            new("Durations", "mm:ss"),
            new("TrueValues[abandoned]", "ABN"), new("FalseValues[abandoned]", "ANS"),
            new("TrueValues[transferred]", "Yes"), new("FalseValues[transferred]", "No"),
            new("TrueValues[resolved_first_contact]", "Y"), new("FalseValues[resolved_first_contact]", "N"),
        };
        foreach (var (field, value) in columns)
        {
            form.Add(new($"Columns[{field}]", value is JsonArray parts ? string.Join(" + ", parts.Select(p => p!.GetValue<string>())) : value!.GetValue<string>()));
        }

        // Without the end time the mapping is refused, in words, and nothing is saved.
        var refused = await PostFormAsync(pm, "/Proof/Mappings/Edit?kind=cdr", [.. form.Where(f => f.Key != "Columns[ended_at]")]);
        Assert.Contains("Ended at (date and time): is missing", refused, StringComparison.Ordinal);
        Assert.DoesNotContain(name, await AssertHttp.StatusAsync(await pm.GetAsync("/Proof/Mappings"), HttpStatusCode.OK), StringComparison.Ordinal);

        var saved = await PostFormAsync(pm, "/Proof/Mappings/Edit?kind=cdr", form, HttpStatusCode.Redirect);
        var list = await AssertHttp.StatusAsync(await pm.GetAsync("/Proof/Mappings"), HttpStatusCode.OK);
        var link = MappingLink().Matches(list).First(m => WebUtility.HtmlDecode(m.Groups[2].Value) == name);
        var id = link.Groups[1].Value;
        Assert.NotEmpty(await App.AuditEntriesAsync("KpiColumnMappingRecord", id));

        var csvQueues = Prefix("c");
        var acdQueues = Prefix("w");
        using var csv = TempFile.WithText(ContractCsv(Calls(csvQueues)));
        (await App.RunCliAsync("import", "cdr", csv.Path)).ShouldExit(ExitCodes.Success);
        var import = await AssertHttp.StatusAsync(await pm.GetAsync("/Proof/Import"), HttpStatusCode.OK);
        Assert.Contains(name, import, StringComparison.Ordinal);

        var bad = AcdRows(Calls(acdQueues));
        bad[1][6] = "MAYBE";
        var html = await UploadAsync(pm, "acd.csv", AcdFile(bad), id);
        Assert.Contains("Nothing was imported", html, StringComparison.Ordinal);
        Assert.Contains("acd.csv: row 3 (line 3), field Disposition (abandoned): &#x27;MAYBE&#x27; is neither", html, StringComparison.Ordinal);
        Assert.Empty(await FactsOfAsync(acdQueues));

        html = await UploadAsync(pm, "acd.csv", AcdFile(AcdRows(Calls(acdQueues))), id);
        Assert.Contains("Import complete", html, StringComparison.Ordinal);
        var expected = await FactsOfAsync(csvQueues);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await FactsOfAsync(acdQueues));

        // A cdr mapping does not read an interval report.
        html = await UploadAsync(pm, "acd.csv", AcdFile(AcdRows(Calls(acdQueues))), id, kind: "intervals");
        Assert.Contains("reads call detail records", html, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task SavedMappings_AreForProgramManagersAndAdmins_Only()
    {
        var email = $"emp-{Guid.NewGuid():N}@example.com";
        await App.AddUserAsync(email, "Employee", "Correct-Horse-Battery-12");
        var employee = await App.SignInAsAsync(email, "Correct-Horse-Battery-12");
        foreach (var path in new[] { "/Proof/Mappings", "/Proof/Mappings/Edit?kind=cdr" })
        {
            var response = await employee.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Accounts/AccessDenied", response.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        }
    }

    private static async Task<string> PostFormAsync(HttpClient client, string page, List<KeyValuePair<string, string>> form, HttpStatusCode status = HttpStatusCode.OK)
    {
        var token = await CertDeskApp.AntiforgeryTokenAsync(client, page);
        form = [new("__RequestVerificationToken", token), .. form];
        using var content = new FormUrlEncodedContent(form);
        return await AssertHttp.StatusAsync(await client.PostAsync(page, content), status);
    }

    private static async Task<string> UploadAsync(HttpClient client, string fileName, string text, string mappingId, string kind = "cdr")
    {
        var token = await CertDeskApp.AntiforgeryTokenAsync(client, "/Proof/Import");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(kind), "Kind" },
            { new StringContent("csv"), "Format" },
            { new StringContent(mappingId), "MappingId" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "Upload", fileName);
        return await AssertHttp.StatusAsync(await client.PostAsync("/Proof/Import", content), HttpStatusCode.OK);
    }
}

public sealed class SqliteMappedImportTests(SqliteEmptyApp fixture) : MappedImportTests(fixture), IClassFixture<SqliteEmptyApp>;

public sealed class PostgresMappedImportTests(PostgresEmptyApp fixture) : MappedImportTests(fixture), IClassFixture<PostgresEmptyApp>, IPostgresTests;
