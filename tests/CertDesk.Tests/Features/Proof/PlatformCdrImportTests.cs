using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CertDesk.Cli;
using CertDesk.Tests.Infrastructure;
using static CertDesk.Tests.Features.Proof.PlatformContactFiles;

namespace CertDesk.Tests.Features.Proof;

/// <summary>
/// <c>import cdr --format amazon-connect|genesys-cloud</c>: the same contacts given in the contract's CSV and in the platform's
/// export give the same facts, through transfers, callbacks, abandons in the queue and in the IVR, a contact across midnight
/// and one across a daylight-saving change; a bad record writes nothing and is named by file, record, field and reason.
/// </summary>
public abstract class PlatformCdrImportTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static readonly DateTimeOffset Day = new(2026, 3, 7, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Queue names unique to a test and format, so the facts of each import can be told apart.</summary>
    private static string Prefix(string format) => format + Guid.NewGuid().ToString("N")[..6] + "-";

    /// <summary>The facts of the teams starting with the prefix, the prefix taken off (so two imports can be compared).</summary>
    private async Task<List<string>> FactsOfAsync(string prefix)
    {
        using var export = TempFile.Create();
        (await App.RunCliAsync("export", "facts", "--out", export.Path)).ShouldExit(ExitCodes.Success);
        return [.. (await File.ReadAllLinesAsync(export.Path)).Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..])];
    }

    /// <summary>The contacts of the awkward cases, as the contract's CSV states them (queues named with the prefix).</summary>
    private static List<string> CsvContacts(string q, bool genesys)
    {
        var midnight = new DateTimeOffset(2026, 3, 7, 23, 58, 0, TimeSpan.Zero);
        var dst = new DateTimeOffset(2026, 3, 8, 1, 59, 30, TimeSpan.FromHours(-5)); // 06:59:30Z; US clocks go 02:00 -> 03:00 at 07:00Z
        var rows = new List<string>
        {
            Csv("plain", q + "billing", "a1", Day, 12, talk: 300, hold: 20, wrap: 30),
            Csv("abandoned", q + "billing", null, Day.AddMinutes(3), 45),
            // An agent transfer: the first leg answered and transferred, the second leg offered to the other queue.
            Csv("xfer-1", q + "billing", "a2", Day.AddMinutes(20), 5, talk: 120, wrap: 10, transferred: true),
            Csv(genesys ? "xfer-1/2" : "xfer-2", q + "tech", "a3", Day.AddMinutes(20).AddSeconds(5 + 120), 20, talk: 200, hold: 15, wrap: 25),
            // Moved to another queue before an agent: counted once, in the queue that answered it.
            Csv(genesys ? "qx-1/2" : "qx-2", q + "tech", "a5", Day.AddMinutes(40).AddSeconds(90), 30, talk: 100, wrap: 5),
            // A callback: the original wait left no contact; the callback, answered, counts in its queue.
            Csv(genesys ? "cb-1/2" : "cb-2", q + "billing", "a4", Day.AddHours(1).AddSeconds(120), 600, talk: 180, wrap: 20),
            Csv("midnight", q + "billing", "a1", midnight, 60, talk: 360, hold: 30, wrap: 40),
            Csv("dst", q + "billing", "a2", dst, 40, talk: 500, wrap: 15),
        };
        if (genesys)
        {
            // A transfer straight to another agent (no queue): one contact, both agents' time.
            rows.Add(Csv("handon", q + "tech", "a6", Day.AddHours(2), 8, talk: 100 + 150, hold: 10 + 5, wrap: 20 + 30, transferred: true));
        }
        return rows;
    }

    private static List<JsonNode> ConnectRecords(string q)
    {
        var midnight = new DateTimeOffset(2026, 3, 7, 23, 58, 0, TimeSpan.Zero);
        var dst = new DateTimeOffset(2026, 3, 8, 1, 59, 30, TimeSpan.FromHours(-5));
        var dstRecord = Connect("dst", "INBOUND", q + "billing", dst, 40, "a2", talk: 500, wrap: 15);
        // After the change the same platform gives its times in the new offset: still the same instants.
        var answered = dst.AddSeconds(40).ToOffset(TimeSpan.FromHours(-4));
        dstRecord["Queue"]!["DequeueTimestamp"] = Iso(answered);
        dstRecord["Agent"]!["ConnectedToAgentTimestamp"] = Iso(answered);
        dstRecord["DisconnectTimestamp"] = Iso(answered.AddSeconds(500));
        var plain = Connect("plain", "INBOUND", q + "billing", Day, 12, "a1", talk: 300, hold: 20, wrap: 30, lastUpdate: Day.AddHours(1));
        return
        [
            plain,
            Connect("abandoned", "INBOUND", q + "billing", Day.AddMinutes(3), 45),
            Connect("ivr-hangup", "INBOUND", null, Day.AddMinutes(4), 0),
            Connect("outbound", "OUTBOUND", null, Day.AddMinutes(5), 0),
            Connect("xfer-1", "INBOUND", q + "billing", Day.AddMinutes(20), 5, "a2", talk: 120, wrap: 10, next: "xfer-2", transferCompleted: true),
            Connect("xfer-2", "TRANSFER", q + "tech", Day.AddMinutes(20).AddSeconds(5 + 120), 20, "a3", talk: 200, hold: 15, wrap: 25, previous: "xfer-1", ivrSeconds: 0),
            Connect("qx-1", "INBOUND", q + "billing", Day.AddMinutes(40), 90, next: "qx-2"),
            Connect("qx-2", "QUEUE_TRANSFER", q + "tech", Day.AddMinutes(40).AddSeconds(90), 30, "a5", talk: 100, wrap: 5, previous: "qx-1", ivrSeconds: 0),
            Connect("cb-1", "INBOUND", q + "billing", Day.AddHours(1), 120),
            Connect("cb-2", "CALLBACK", q + "billing", Day.AddHours(1).AddSeconds(120), 600, "a4", talk: 180, wrap: 20, previous: "cb-1", ivrSeconds: 0),
            Connect("midnight", "INBOUND", q + "billing", midnight, 60, "a1", talk: 360, hold: 30, wrap: 40),
            dstRecord,
            // Delivered again, an older copy (earlier LastUpdateTimestamp, other figures): the latest copy is the one kept.
            Connect("plain", "INBOUND", q + "billing", Day, 12, "a1", talk: 100, hold: 0, wrap: 0, lastUpdate: Day.AddMinutes(10)),
        ];
    }

    private static List<JsonObject> GenesysConversationsOf(string q)
    {
        var midnight = new DateTimeOffset(2026, 3, 7, 23, 58, 0, TimeSpan.Zero);
        var dst = new DateTimeOffset(2026, 3, 8, 6, 59, 30, TimeSpan.Zero);
        return
        [
            Genesys("plain", Day.AddSeconds(-30), [new(q + "billing", Day, 12, "a1", 300, 20, 30)]),
            Genesys("abandoned", Day.AddMinutes(3).AddSeconds(-30), [new(q + "billing", Day.AddMinutes(3), 45, Abandoned: true)]),
            Genesys("ivr-hangup", Day.AddMinutes(4), []),
            Genesys("xfer-1", Day.AddMinutes(20).AddSeconds(-30),
            [
                new(q + "billing", Day.AddMinutes(20), 5, "a2", 120, 0, 10, Transferred: true),
                new(q + "tech", Day.AddMinutes(20).AddSeconds(5 + 120), 20, "a3", 200, 15, 25),
            ]),
            Genesys("qx-1", Day.AddMinutes(40).AddSeconds(-30),
            [
                new(q + "billing", Day.AddMinutes(40), 90),
                new(q + "tech", Day.AddMinutes(40).AddSeconds(90), 30, "a5", 100, 0, 5),
            ]),
            Genesys("cb-1", Day.AddHours(1).AddSeconds(-30),
            [
                new(q + "billing", Day.AddHours(1), 120),
                new(q + "billing", Day.AddHours(1).AddSeconds(120), 600, "a4", 180, 0, 20, Media: "callback"),
            ]),
            Genesys("midnight", midnight.AddSeconds(-30), [new(q + "billing", midnight, 60, "a1", 360, 30, 40)]),
            Genesys("dst", dst.AddSeconds(-30), [new(q + "billing", dst, 40, "a2", 500, 0, 15)]),
            Genesys("handon", Day.AddHours(2).AddSeconds(-30), [new(q + "tech", Day.AddHours(2), 8, "a6", 100, 10, 20, HandOn: new("a7", 150, 5, 30))]),
            Genesys("still-talking", Day.AddHours(3), [new(q + "billing", Day.AddHours(3), 5, "a1", 60, 0, 0)], ended: false),
        ];
    }

    [ProviderFact]
    public async Task AmazonConnect_SameContactsAsTheCsv_SameFacts_AndTheLeftOutSaidInWords()
    {
        var csvQueues = Prefix("c");
        var platformQueues = Prefix("p");
        using var csv = TempFile.WithText(CsvFile(CsvContacts(csvQueues, genesys: false)));
        using var records = TempFile.WithText(JsonLines(ConnectRecords(platformQueues)), ".jsonl");

        (await App.RunCliAsync("import", "cdr", csv.Path)).ShouldExit(ExitCodes.Success);
        var result = (await App.RunCliAsync("import", "cdr", records.Path, "--format", "amazon-connect", "--json")).ShouldExit(ExitCodes.Success);

        var expected = await FactsOfAsync(csvQueues);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await FactsOfAsync(platformQueues));
        var summary = result.Json();
        Assert.Equal(8, summary.GetProperty("rows").GetInt64());
        var notes = summary.GetProperty("notes").EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Contains(notes, n => n!.StartsWith("1 earlier copy of an updated record replaced", StringComparison.Ordinal));
        Assert.Contains(notes, n => n!.StartsWith("2 record(s) never queued left out", StringComparison.Ordinal));
        Assert.Contains(notes, n => n!.StartsWith("2 record(s) that left their queue for a transfer or a callback", StringComparison.Ordinal));

        // The contact across midnight counts where it arrived; the one across the change of offset in its UTC interval.
        Assert.Contains(expected, f => f.StartsWith("billing,2026-03-07T23:45:00Z,1,1,0,0,60,430,30,40,0,1,", StringComparison.Ordinal));
        Assert.Contains(expected, f => f.StartsWith("billing,2026-03-08T06:45:00Z,1,1,0,0,40,515,0,15,0,1,", StringComparison.Ordinal));

        // The same file again: answered from its import record, nothing changes.
        var again = (await App.RunCliAsync("import", "cdr", records.Path, "--format", "amazon-connect")).ShouldExit(ExitCodes.Success);
        Assert.Contains("nothing changed", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(expected, await FactsOfAsync(platformQueues));
    }

    [ProviderFact]
    public async Task GenesysCloud_SameContactsAsTheCsv_SameFacts_AndTheLeftOutSaidInWords()
    {
        var csvQueues = Prefix("c");
        var platformQueues = Prefix("g");
        using var csv = TempFile.WithText(CsvFile(CsvContacts(csvQueues, genesys: true)));
        using var details = TempFile.WithText(GenesysPage(GenesysConversationsOf(platformQueues)), ".json");

        (await App.RunCliAsync("import", "cdr", csv.Path)).ShouldExit(ExitCodes.Success);
        var result = (await App.RunCliAsync("import", "cdr", details.Path, "--format", "genesys-cloud", "--json")).ShouldExit(ExitCodes.Success);

        var expected = await FactsOfAsync(csvQueues);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await FactsOfAsync(platformQueues));
        var notes = result.Json().GetProperty("notes").EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Contains(notes, n => n!.StartsWith("1 conversation(s) that never reached a queue left out", StringComparison.Ordinal));
        Assert.Contains(notes, n => n!.StartsWith("2 queue visit(s) that left for another queue or a callback", StringComparison.Ordinal));
        Assert.Contains(notes, n => n!.StartsWith("1 conversation(s) not ended yet", StringComparison.Ordinal));
    }

    [ProviderFact]
    public async Task AmazonConnect_RecordsBackToBackAsFirehoseWritesThem_SameFactsAsJsonLines()
    {
        var lines = Prefix("l");
        var together = Prefix("f");
        using var jsonLines = TempFile.WithText(JsonLines(ConnectRecords(lines)), ".jsonl");
        using var firehose = TempFile.WithText(string.Concat(ConnectRecords(together).Select(r => r.ToJsonString())), ".json");
        (await App.RunCliAsync("import", "cdr", jsonLines.Path, "--format", "amazon-connect")).ShouldExit(ExitCodes.Success);
        (await App.RunCliAsync("import", "cdr", firehose.Path, "--format", "amazon-connect")).ShouldExit(ExitCodes.Success);
        var expected = await FactsOfAsync(lines);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await FactsOfAsync(together));
    }

    [ProviderFact]
    public async Task GenesysCloud_PagesWrittenOneAfterAnother_ReadAsOneFile()
    {
        var csvQueues = Prefix("c");
        var platformQueues = Prefix("g");
        var conversations = GenesysConversationsOf(platformQueues);
        using var csv = TempFile.WithText(CsvFile(CsvContacts(csvQueues, genesys: true)));
        using var details = TempFile.WithText(GenesysPage(conversations.Take(4)) + "\n" + GenesysPage(conversations.Skip(4)), ".json");
        (await App.RunCliAsync("import", "cdr", csv.Path)).ShouldExit(ExitCodes.Success);
        (await App.RunCliAsync("import", "cdr", details.Path, "--format", "genesys-cloud")).ShouldExit(ExitCodes.Success);
        Assert.Equal(await FactsOfAsync(csvQueues), await FactsOfAsync(platformQueues));
    }

    /// <summary>A bad Amazon Connect record: the case, what to do to the third record, and what the error must say.</summary>
    public static TheoryData<string, string> ConnectBadRecords => new()
    {
        { "missing-field", "line 3, field Queue.Duration: is missing (a queued contact has one)" },
        { "no-zone", "line 3, field Queue.EnqueueTimestamp: '2026-03-07T09:20:00' has no time zone" },
        { "queue-duration", "line 3, field Queue.Duration: (500 s) disagrees with Queue.DequeueTimestamp - Queue.EnqueueTimestamp (5 s)" },
        { "talk-too-long", "line 3, field Agent.AgentInteractionDuration: (5000 s) + Agent.CustomerHoldDuration (0 s) is longer than the contact was connected" },
        { "no-contact-id", "line 3, field ContactId: is missing (every contact record has one)" },
        { "not-json", "line 3: not valid JSON" },
        { "formula-queue", "line 3, field Queue.Name: '=HYPERLINK(1)' looks like a spreadsheet formula" },
    };

    [ProviderTheory]
    [MemberData(nameof(ConnectBadRecords))]
    public async Task AmazonConnect_ABadRecord_NothingWritten_FileLineFieldAndReasonNamed(string kind, string expected)
    {
        var q = Prefix("p");
        var records = ConnectRecords(q);
        var third = Connect("bad-one", "INBOUND", q + "billing", Day.AddMinutes(20), 5, "a2", talk: 120, wrap: 10);
        records[2] = third;
        switch (kind)
        {
            case "missing-field": third["Queue"]!.AsObject().Remove("Duration"); break;
            case "no-zone": third["Queue"]!["EnqueueTimestamp"] = "2026-03-07T09:20:00"; break;
            case "queue-duration": third["Queue"]!["Duration"] = 500; break;
            case "talk-too-long": third["Agent"]!["AgentInteractionDuration"] = 5000; break;
            case "no-contact-id": third.Remove("ContactId"); break;
            case "formula-queue": third["Queue"]!["Name"] = "=HYPERLINK(1)"; break;
        }
        var text = JsonLines(records);
        if (kind == "not-json")
        {
            var lines = text.Split('\n');
            lines[2] = lines[2][..40];
            text = string.Join('\n', lines);
        }
        using var file = TempFile.WithText(text, ".jsonl");
        var before = await App.ImportedRowCountsAsync();

        var result = (await App.RunCliAsync("import", "cdr", file.Path, "--format", "amazon-connect")).ShouldExit(ExitCodes.InvalidInput);

        Assert.Contains($"{Path.GetFileName(file.Path)}: {expected}", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(await FactsOfAsync(q));
        Assert.Equal(before, await App.ImportedRowCountsAsync());
    }

    /// <summary>A bad Genesys conversation (the second of the page): the case and what the error must say.</summary>
    public static TheoryData<string, string> GenesysBadConversations => new()
    {
        { "missing-metric", "conversations[1] (conversationId 'abandoned'), field participants[2].sessions[0].metrics.tAcd: is missing" },
        { "no-zone", "conversations[1] (conversationId 'abandoned'), field participants[2].sessions[0].segments[0].segmentStart: '2026-03-07T09:03:00' has no time zone" },
        { "acd-disagrees", "conversations[1] (conversationId 'abandoned'), field participants[2].sessions[0].metrics.tAcd: (450000 ms) disagrees with the visit's segments" },
        { "repeated", "conversations[1] (conversationId 'plain'), field conversationId: repeats conversations[0] (a conversation is counted once)" },
        { "no-participants", "conversations[1] (conversationId 'abandoned'), field participants: is missing or not an array" },
    };

    [ProviderTheory]
    [MemberData(nameof(GenesysBadConversations))]
    public async Task GenesysCloud_ABadConversation_NothingWritten_FileIndexFieldAndReasonNamed(string kind, string expected)
    {
        var q = Prefix("g");
        var conversations = GenesysConversationsOf(q);
        var second = conversations[1];
        var acd = second["participants"]![2]!["sessions"]![0]!;
        switch (kind)
        {
            case "missing-metric": acd["metrics"] = new JsonArray(); break;
            case "no-zone": acd["segments"]![0]!["segmentStart"] = "2026-03-07T09:03:00"; break;
            case "acd-disagrees": acd["metrics"]![1]!["value"] = 450_000; break;
            case "repeated": second["conversationId"] = "plain"; break;
            case "no-participants": second.Remove("participants"); break;
        }
        using var file = TempFile.WithText(GenesysPage(conversations), ".json");
        var before = await App.ImportedRowCountsAsync();

        var result = (await App.RunCliAsync("import", "cdr", file.Path, "--format", "genesys-cloud")).ShouldExit(ExitCodes.InvalidInput);

        Assert.Contains($"{Path.GetFileName(file.Path)}: {expected}", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(await FactsOfAsync(q));
        Assert.Equal(before, await App.ImportedRowCountsAsync());
    }

    [ProviderFact]
    public async Task UploadPage_FormatChoiceInWords_ImportsAConnectFile_AndABadOneWritesNothing()
    {
        var email = $"pm-{Guid.NewGuid():N}@example.com";
        await App.AddUserAsync(email, "ProgramManager", "Correct-Horse-Battery-12");
        var pm = await App.SignInAsAsync(email, "Correct-Horse-Battery-12");
        var form = await AssertHttp.StatusAsync(await pm.GetAsync("/Proof/Import"), HttpStatusCode.OK);
        Assert.Contains("Amazon Connect contact records (JSON lines)", form, StringComparison.Ordinal);
        Assert.Contains("Genesys Cloud conversation details (JSON)", form, StringComparison.Ordinal);

        var q = Prefix("w");
        var records = ConnectRecords(q);
        var bad = records.Select(r => r.DeepClone()).ToList();
        bad[4]!["Queue"]!["EnqueueTimestamp"] = "2026-03-07T09:20:00";
        var html = await UploadAsync(pm, "bad.jsonl", JsonLines(bad), "amazon-connect");
        Assert.Contains("Nothing was imported", html, StringComparison.Ordinal);
        Assert.Contains("bad.jsonl: line 5, field Queue.EnqueueTimestamp: &#x27;2026-03-07T09:20:00&#x27; has no time zone", html, StringComparison.Ordinal);
        Assert.Empty(await FactsOfAsync(q));

        html = await UploadAsync(pm, "ctr.jsonl", JsonLines(records), "amazon-connect");
        Assert.Contains("Import complete", html, StringComparison.Ordinal);
        Assert.Contains("8 contacts offered to a queue", html, StringComparison.Ordinal);
        Assert.Contains("2 record(s) never queued left out", html, StringComparison.Ordinal);
        Assert.NotEmpty(await FactsOfAsync(q));

        // Interval data cannot be read as a platform's export, and a platform's export is imported whole.
        html = await UploadAsync(pm, "ctr.jsonl", JsonLines(records), "genesys-cloud", kind: "intervals");
        Assert.Contains("A platform&#x27;s export holds call detail records", html, StringComparison.Ordinal);
    }

    private static async Task<string> UploadAsync(HttpClient client, string fileName, string text, string format, string kind = "cdr")
    {
        var token = await CertDeskApp.AntiforgeryTokenAsync(client, "/Proof/Import");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(kind), "Kind" },
            { new StringContent(format), "Format" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Add(file, "Upload", fileName);
        return await AssertHttp.StatusAsync(await client.PostAsync("/Proof/Import", content), HttpStatusCode.OK);
    }

    [ProviderFact]
    public async Task PlatformFormat_WithAcceptValidOrAnotherKind_IsAUsageError_AndTheCsvStaysTheDefault()
    {
        using var file = TempFile.WithText(JsonLines(ConnectRecords(Prefix("p"))), ".jsonl");
        var both = (await App.RunCliAsync("import", "cdr", file.Path, "--format", "amazon-connect", "--accept-valid")).ShouldExit(ExitCodes.BadUsage);
        Assert.Contains("--accept-valid works with CSV files only", both.Stderr, StringComparison.Ordinal);
        (await App.RunCliAsync("import", "intervals", file.Path, "--format", "genesys-cloud")).ShouldExit(ExitCodes.BadUsage);
        (await App.RunCliAsync("import", "cdr", file.Path, "--format", "avaya")).ShouldExit(ExitCodes.BadUsage);
        // Without --format the file is read as the contract's CSV, as before: a JSON file is not one.
        (await App.RunCliAsync("import", "cdr", file.Path)).ShouldExit(ExitCodes.InvalidInput);
    }
}

public sealed class SqlitePlatformCdrImportTests(SqliteEmptyApp fixture) : PlatformCdrImportTests(fixture), IClassFixture<SqliteEmptyApp>;

public sealed class PostgresPlatformCdrImportTests(PostgresEmptyApp fixture) : PlatformCdrImportTests(fixture), IClassFixture<PostgresEmptyApp>, IPostgresTests;
