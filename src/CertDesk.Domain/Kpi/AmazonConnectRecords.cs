using System.Globalization;
using System.Text.Json;

namespace CertDesk.Domain.Kpi;

/// <summary>
/// Amazon Connect contact records (the contact record data model, as a Kinesis stream or Firehose delivers them: JSON
/// objects, one a line or back to back) to the contract's <c>cdr</c> rows. The mapping, field by field, with what is lost
/// or assumed, is in docs/formats.md ("Contact records from a platform").
/// </summary>
/// <remarks>
/// A contact record is one leg: a transfer or a callback makes a new record whose <c>PreviousContactId</c> names the leg
/// before. A leg counts as a contact offered to its queue when it was queued (<c>Queue.EnqueueTimestamp</c>); a leg that
/// left its queue without an agent because it went on to another leg (a queue transfer, a callback) is counted in the queue
/// of that next leg only, so a contact is never abandoned and answered at once. Connect delivers a record at least once
/// and again when it changes: the copy with the latest <c>LastUpdateTimestamp</c> is the one kept (the later line on a tie).
/// </remarks>
public static class AmazonConnectRecords
{
    /// <summary>Seconds that a whole-second duration may differ from its timestamps (both are rounded by the platform).</summary>
    public const int ToleranceSeconds = 1;

    private static readonly HashSet<string> s_continuations = new(StringComparer.OrdinalIgnoreCase) { "TRANSFER", "QUEUE_TRANSFER", "CALLBACK" };

    private sealed record Leg(
        string ContactId,
        long Line,
        DateTimeOffset? LastUpdate,
        string? InitiationMethod,
        string? PreviousContactId,
        string? NextContactId,
        bool TransferCompleted,
        CdrRow? Row);

    public static PlatformConversion Convert(ReadOnlySpan<byte> utf8, string fileName)
    {
        var errors = new List<string>();
        var json = new PlatformJson(fileName, errors);
        var legs = new List<Leg>();
        // Each record is read into its leg (a few fields) as it is parsed: the JSON itself is not kept.
        var readable = PlatformJson.ForEachValue(utf8, fileName, errors, (value, line) =>
        {
            json.Where = string.Create(CultureInfo.InvariantCulture, $"line {line}");
            if (value.ValueKind != JsonValueKind.Object)
            {
                json.Error("record", $"is a JSON {PlatformJson.Describe(value.ValueKind)}, expected a contact record (a JSON object)");
            }
            else if (Read(value, line, json) is { } leg)
            {
                legs.Add(leg);
            }
        });
        if (readable)
        {
            json.Finish();
        }
        if (errors.Count > 0)
        {
            return new PlatformConversion([], errors, []);
        }

        // At least once delivery: one record per contact, the latest copy.
        var latest = new Dictionary<string, Leg>(StringComparer.Ordinal);
        var superseded = 0;
        foreach (var leg in legs)
        {
            if (latest.TryGetValue(leg.ContactId, out var seen))
            {
                superseded++;
                if ((leg.LastUpdate ?? DateTimeOffset.MinValue) < (seen.LastUpdate ?? DateTimeOffset.MinValue))
                {
                    continue;
                }
            }
            latest[leg.ContactId] = leg;
        }
        var continued = latest.Values
            .Where(l => l.PreviousContactId is not null && l.InitiationMethod is not null && s_continuations.Contains(l.InitiationMethod))
            .Select(l => l.PreviousContactId!).ToHashSet(StringComparer.Ordinal);

        var contacts = new List<PlatformContact>();
        int notQueued = 0, movedOn = 0;
        foreach (var leg in latest.Values.OrderBy(l => l.Line))
        {
            if (leg.Row is not { } row)
            {
                notQueued++;
                continue;
            }
            var goesOn = leg.NextContactId is not null || continued.Contains(leg.ContactId);
            var answered = row.AnsweredAt is not null;
            if (!answered && goesOn)
            {
                movedOn++;
                continue;
            }
            var transferred = answered && (goesOn || leg.TransferCompleted);
            contacts.Add(new PlatformContact(row with { Abandoned = !answered, Transferred = transferred, ResolvedFirstContact = answered && !transferred },
                string.Create(CultureInfo.InvariantCulture, $"line {leg.Line}")));
        }
        var notes = new List<string>();
        if (superseded > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{superseded} earlier cop{(superseded == 1 ? "y" : "ies")} of an updated record replaced by the latest (LastUpdateTimestamp)"));
        }
        if (notQueued > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{notQueued} record(s) never queued left out (ended in the flow or IVR, outbound, or monitoring)"));
        }
        if (movedOn > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{movedOn} record(s) that left their queue for a transfer or a callback counted in the next leg's queue"));
        }
        return new PlatformConversion(contacts, [], notes);
    }

    /// <summary>One record: its links, and its contract row when it was queued (null when it never reached a queue).</summary>
    private static Leg? Read(JsonElement r, long line, PlatformJson json)
    {
        var before = json.ErrorCount;
        var id = json.Text(r, "ContactId", "ContactId", "every contact record has one");
        var method = json.Text(r, "InitiationMethod", "InitiationMethod", "every contact record has one");
        var initiated = json.Time(r, "InitiationTimestamp", "InitiationTimestamp", "every contact record has one");
        var disconnected = json.Time(r, "DisconnectTimestamp", "DisconnectTimestamp", "a finished contact has one");
        var lastUpdate = json.Time(r, "LastUpdateTimestamp", "LastUpdateTimestamp", null);
        var previous = json.Text(r, "PreviousContactId", "PreviousContactId", null);
        var next = json.Text(r, "NextContactId", "NextContactId", null);
        var transferCompleted = PlatformJson.Member(r, "TransferCompletedTimestamp") is not null || PlatformJson.Member(r, "TransferredToEndpoint") is not null;
        if (initiated is { } i0 && disconnected is { } d0 && d0 < i0)
        {
            json.Error("DisconnectTimestamp", "is before InitiationTimestamp");
        }

        CdrRow? row = null;
        var enqueued = json.Time(r, "Queue.EnqueueTimestamp", "Queue.EnqueueTimestamp", null);
        if (enqueued is { } arrived)
        {
            const string Queued = "a queued contact has one";
            var queue = json.Text(r, "Queue.Name", "Queue.Name", null) ?? LastPart(json.Text(r, "Queue.ARN", "Queue.ARN", "a queued contact has Queue.Name or Queue.ARN"));
            var dequeued = json.Time(r, "Queue.DequeueTimestamp", "Queue.DequeueTimestamp", Queued);
            var wait = json.Whole(r, "Queue.Duration", "Queue.Duration", Queued);
            if (initiated is { } i && arrived < i)
            {
                json.Error("Queue.EnqueueTimestamp", "is before InitiationTimestamp");
            }
            if (dequeued is { } dq)
            {
                if (dq < arrived)
                {
                    json.Error("Queue.DequeueTimestamp", "is before Queue.EnqueueTimestamp");
                }
                else if (wait is { } w && Math.Abs(w - (dq - arrived).TotalSeconds) > ToleranceSeconds)
                {
                    json.Error("Queue.Duration", $"({w} s) disagrees with Queue.DequeueTimestamp - Queue.EnqueueTimestamp ({PlatformJson.Seconds((dq - arrived).TotalSeconds)})");
                }
            }
            if (disconnected is { } d1 && d1 < arrived)
            {
                json.Error("DisconnectTimestamp", "is before Queue.EnqueueTimestamp");
            }

            var connected = json.Time(r, "Agent.ConnectedToAgentTimestamp", "Agent.ConnectedToAgentTimestamp", null);
            string? agent = null;
            long talk = 0, hold = 0, wrap = 0;
            if (connected is { } c)
            {
                const string Answered = "a contact connected to an agent has one";
                agent = json.Text(r, "Agent.Username", "Agent.Username", null) ?? LastPart(json.Text(r, "Agent.ARN", "Agent.ARN", "a contact connected to an agent has Agent.Username or Agent.ARN"));
                talk = json.Whole(r, "Agent.AgentInteractionDuration", "Agent.AgentInteractionDuration", Answered) ?? 0;
                // Connect leaves these out (null) when there was no hold or no after-contact work: zero, not unknown.
                hold = json.Whole(r, "Agent.CustomerHoldDuration", "Agent.CustomerHoldDuration", null) ?? 0;
                wrap = json.Whole(r, "Agent.AfterContactWorkDuration", "Agent.AfterContactWorkDuration", null) ?? 0;
                if (c < arrived)
                {
                    json.Error("Agent.ConnectedToAgentTimestamp", "is before Queue.EnqueueTimestamp");
                }
                else if (disconnected is { } d2)
                {
                    if (d2 < c)
                    {
                        json.Error("DisconnectTimestamp", "is before Agent.ConnectedToAgentTimestamp");
                    }
                    else if (talk + hold > (d2 - c).TotalSeconds + ToleranceSeconds)
                    {
                        json.Error("Agent.AgentInteractionDuration",
                            $"({talk} s) + Agent.CustomerHoldDuration ({hold} s) is longer than the contact was connected (Agent.ConnectedToAgentTimestamp to DisconnectTimestamp: {PlatformJson.Seconds((d2 - c).TotalSeconds)})");
                    }
                }
                if (json.Time(r, "Agent.AfterContactWorkStartTimestamp", "Agent.AfterContactWorkStartTimestamp", null) is { } ws
                    && json.Time(r, "Agent.AfterContactWorkEndTimestamp", "Agent.AfterContactWorkEndTimestamp", null) is { } we
                    && Math.Abs(wrap - (we - ws).TotalSeconds) > ToleranceSeconds)
                {
                    json.Error("Agent.AfterContactWorkDuration",
                        $"({wrap} s) disagrees with Agent.AfterContactWorkEndTimestamp - Agent.AfterContactWorkStartTimestamp ({PlatformJson.Seconds((we - ws).TotalSeconds)})");
                }
            }
            if (json.ErrorCount == before && queue is not null && disconnected is { } ended)
            {
                row = new CdrRow(id!, queue, queue, agent, arrived, connected, ended, connected is null, wait ?? 0, talk + hold + wrap, hold, wrap,
                    Transferred: false, ResolvedFirstContact: false, Csat: null);
            }
        }
        return json.ErrorCount == before && id is not null
            ? new Leg(id, line, lastUpdate, method, previous, next, transferCompleted, row)
            : null;
    }

    /// <summary>The id at the end of an ARN (<c>arn:aws:connect:...:instance/ID/queue/QUEUE-ID</c>).</summary>
    private static string? LastPart(string? arn) => arn is null ? null : arn[(arn.LastIndexOf('/') + 1)..] is { Length: > 0 } last ? last : arn;
}
