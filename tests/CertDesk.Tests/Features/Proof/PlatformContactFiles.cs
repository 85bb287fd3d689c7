using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace CertDesk.Tests.Features.Proof;

/// <summary>
/// Builds the files of the platform-import tests from the published field lists: Amazon Connect contact records (the
/// contact record data model: ContactId, InitiationMethod, Initiation/Disconnect/LastUpdateTimestamp, Previous/NextContactId,
/// TransferCompletedTimestamp, Queue.Name/EnqueueTimestamp/DequeueTimestamp/Duration, Agent.Username/ConnectedToAgentTimestamp/
/// AgentInteractionDuration/CustomerHoldDuration/AfterContactWorkDuration/AfterContactWork{Start,End}Timestamp,
/// DisconnectReason), Genesys Cloud conversation details (conversations[].conversationId/conversationStart/conversationEnd/
/// participants[].purpose/userId/sessions[].mediaType/segments[].segmentType/segmentStart/segmentEnd/queueId/disconnectType/
/// metrics[].name/value: tAcd, tAbandon, tTalk, tHeld, tAcw, nTransferred), and the contract's CDR CSV for the same contacts.
/// </summary>
internal static class PlatformContactFiles
{
    public const string CdrHeader = "contact_id,queue,team_id,agent_id,arrived_at,answered_at,ended_at,abandoned,wait_seconds,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat";

    public static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture).Replace("+00:00", "Z", StringComparison.Ordinal);

    /// <summary>One contract row: answered when <paramref name="agent"/> is given (then talk, hold and wrap count), else abandoned.</summary>
    public static string Csv(string id, string queue, string? agent, DateTimeOffset arrived, int wait, int talk = 0, int hold = 0, int wrap = 0, bool transferred = false)
    {
        var answered = agent is not null;
        var answeredAt = arrived.AddSeconds(wait);
        var ended = answered ? answeredAt.AddSeconds(talk + hold) : answeredAt;
        return string.Create(CultureInfo.InvariantCulture,
            $"{id},{queue},{queue},{agent},{Iso(arrived)},{(answered ? Iso(answeredAt) : "")},{Iso(ended)},{(!answered ? "true" : "false")},{wait}," +
            $"{(answered ? talk + hold + wrap : 0)},{(answered ? hold : 0)},{(answered ? wrap : 0)},{(transferred ? "true" : "false")},{(answered && !transferred ? "true" : "false")},");
    }

    /// <summary>
    /// One Amazon Connect contact record (a leg). <paramref name="queue"/> null: never queued (ended in the flow). The record is
    /// disconnected when the agent's talk and hold end (or, unanswered, when it leaves the queue).
    /// </summary>
    public static JsonObject Connect(string id, string method, string? queue, DateTimeOffset enqueued, int wait, string? agent = null, int talk = 0, int hold = 0,
        int wrap = 0, string? previous = null, string? next = null, bool transferCompleted = false, DateTimeOffset? lastUpdate = null, int ivrSeconds = 30)
    {
        var initiated = enqueued.AddSeconds(-ivrSeconds);
        var dequeued = enqueued.AddSeconds(wait);
        var disconnected = queue is null ? enqueued : agent is null ? dequeued : dequeued.AddSeconds(talk + hold);
        var record = new JsonObject
        {
            ["AWSContactTraceRecordFormatVersion"] = "2017-03-10",
            ["AWSAccountId"] = "123456789012",
            ["InstanceARN"] = "arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555",
            ["ContactId"] = id,
            ["InitialContactId"] = previous ?? id,
            ["PreviousContactId"] = previous,
            ["NextContactId"] = next,
            ["Channel"] = "VOICE",
            ["InitiationMethod"] = method,
            ["InitiationTimestamp"] = Iso(initiated),
            ["ConnectedToSystemTimestamp"] = Iso(initiated),
            ["DisconnectTimestamp"] = Iso(disconnected),
            ["LastUpdateTimestamp"] = Iso(lastUpdate ?? disconnected.AddSeconds(wrap + 60)),
            ["DisconnectReason"] = agent is null && queue is not null && next is null ? "CUSTOMER_DISCONNECT" : agent is null ? "CONTACT_FLOW_DISCONNECT" : "AGENT_DISCONNECT",
            ["CustomerEndpoint"] = new JsonObject { ["Address"] = "+15555550100", ["Type"] = "TELEPHONE_NUMBER" },
            ["Attributes"] = new JsonObject(),
            ["Queue"] = queue is null ? null : new JsonObject
            {
                ["ARN"] = "arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555/queue/" + queue,
                ["Name"] = queue,
                ["EnqueueTimestamp"] = Iso(enqueued),
                ["DequeueTimestamp"] = Iso(dequeued),
                ["Duration"] = wait,
            },
            ["Agent"] = agent is null ? null : new JsonObject
            {
                ["ARN"] = "arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555/agent/" + agent,
                ["Username"] = agent,
                ["ConnectedToAgentTimestamp"] = Iso(dequeued),
                ["AgentInteractionDuration"] = talk,
                ["CustomerHoldDuration"] = hold,
                ["NumberOfHolds"] = hold > 0 ? 1 : 0,
                ["LongestHoldDuration"] = hold,
                ["AfterContactWorkStartTimestamp"] = Iso(disconnected),
                ["AfterContactWorkEndTimestamp"] = Iso(disconnected.AddSeconds(wrap)),
                ["AfterContactWorkDuration"] = wrap,
                ["RoutingProfile"] = new JsonObject { ["Name"] = "Basic Routing Profile" },
            },
        };
        if (transferCompleted)
        {
            record["TransferCompletedTimestamp"] = Iso(disconnected);
            record["TransferredToEndpoint"] = new JsonObject { ["Type"] = "TELEPHONE_NUMBER", ["Address"] = "+15555550199" };
        }
        return record;
    }

    public static string JsonLines(IEnumerable<JsonNode> records) =>
        string.Join('\n', records.Select(r => r.ToJsonString())) + "\n";

    /// <summary>A queue visit of a Genesys conversation, answered by <paramref name="agent"/> or not (then abandoned when <paramref name="abandoned"/>).</summary>
    public sealed record GenesysVisit(string Queue, DateTimeOffset Arrived, int Wait, string? Agent = null, int Talk = 0, int Hold = 0, int Wrap = 0,
        bool Transferred = false, bool Abandoned = false, string Media = "voice", GenesysHandOn? HandOn = null);

    /// <summary>A second agent reached without a queue (a transfer to a person), after the first agent's talk and hold.</summary>
    public sealed record GenesysHandOn(string Agent, int Talk, int Hold, int Wrap);

    /// <summary>One conversation of the details query: a customer, an IVR, one acd participant per visit, one agent participant per answer.</summary>
    public static JsonObject Genesys(string id, DateTimeOffset start, IReadOnlyList<GenesysVisit> visits, bool ended = true)
    {
        static JsonObject Segment(string type, DateTimeOffset from, DateTimeOffset to, string? queue = null, string? disconnect = null)
        {
            var segment = new JsonObject { ["segmentStart"] = Iso(from), ["segmentEnd"] = Iso(to), ["segmentType"] = type };
            if (queue is not null)
            {
                segment["queueId"] = queue;
            }
            if (disconnect is not null)
            {
                segment["disconnectType"] = disconnect;
            }
            return segment;
        }
        static JsonObject Metric(string name, long value, DateTimeOffset at) => new() { ["name"] = name, ["value"] = value, ["emitDate"] = Iso(at) };
        static JsonObject Participant(string purpose, string? user, string media, JsonArray segments, JsonArray metrics)
        {
            var participant = new JsonObject { ["participantId"] = Guid.NewGuid().ToString(), ["purpose"] = purpose };
            if (user is not null)
            {
                participant["userId"] = user;
            }
            participant["sessions"] = new JsonArray(new JsonObject
            {
                ["sessionId"] = Guid.NewGuid().ToString(),
                ["mediaType"] = media,
                ["direction"] = "inbound",
                ["segments"] = segments,
                ["metrics"] = metrics,
            });
            return participant;
        }

        var end = visits.Count == 0 ? start.AddSeconds(40) : visits.Max(v => v.Arrived.AddSeconds(v.Wait + v.Talk + v.Hold + (v.HandOn is { } h ? h.Talk + h.Hold : 0)));
        var participants = new JsonArray
        {
            Participant("customer", null, "voice", [Segment("interact", start, end)], []),
            Participant("ivr", null, "voice", [Segment("ivr", start, visits.Count == 0 ? end : visits[0].Arrived)], [Metric("tIvr", (long)((visits.Count == 0 ? end : visits[0].Arrived) - start).TotalMilliseconds, end)]),
        };
        foreach (var v in visits)
        {
            var dequeued = v.Arrived.AddSeconds(v.Wait);
            var acdMetrics = new JsonArray { Metric("nOffered", 1, v.Arrived), Metric("tAcd", v.Wait * 1000L, dequeued) };
            if (v.Abandoned)
            {
                acdMetrics.Add(Metric("tAbandon", v.Wait * 1000L, dequeued));
            }
            participants.Add(Participant("acd", null, v.Media, [Segment("interact", v.Arrived, dequeued, v.Queue, v.Agent is null && !v.Abandoned ? "transfer" : v.Agent is null ? "peer" : "transfer")], acdMetrics));
            if (v.Agent is null)
            {
                continue;
            }
            var talkEnd = dequeued.AddSeconds(v.Talk);
            var holdEnd = talkEnd.AddSeconds(v.Hold);
            var segments = new JsonArray { Segment("alert", dequeued, dequeued, v.Queue), Segment("interact", dequeued, talkEnd, v.Queue, v.Hold == 0 ? (v.Transferred || v.HandOn is not null ? "transfer" : "peer") : null) };
            if (v.Hold > 0)
            {
                segments.Add(Segment("hold", talkEnd, holdEnd, v.Queue, v.Transferred || v.HandOn is not null ? "transfer" : "peer"));
            }
            segments.Add(Segment("wrapup", holdEnd, holdEnd.AddSeconds(v.Wrap), v.Queue));
            var metrics = new JsonArray { Metric("tAlert", 0, dequeued), Metric("tAnswered", v.Wait * 1000L, dequeued), Metric("tTalk", v.Talk * 1000L, talkEnd) };
            if (v.Hold > 0)
            {
                metrics.Add(Metric("tHeld", v.Hold * 1000L, holdEnd));
            }
            metrics.Add(Metric("tAcw", v.Wrap * 1000L, holdEnd.AddSeconds(v.Wrap)));
            if (v.Transferred || v.HandOn is not null)
            {
                metrics.Add(Metric("nTransferred", 1, holdEnd));
            }
            participants.Add(Participant("agent", v.Agent, v.Media, segments, metrics));
            if (v.HandOn is { } on)
            {
                var from = holdEnd;
                var to = from.AddSeconds(on.Talk);
                var handOn = new JsonArray { Segment("interact", from, to) };
                if (on.Hold > 0)
                {
                    handOn.Add(Segment("hold", to, to.AddSeconds(on.Hold)));
                }
                handOn.Add(Segment("wrapup", to.AddSeconds(on.Hold), to.AddSeconds(on.Hold + on.Wrap)));
                var handOnMetrics = new JsonArray { Metric("tTalk", on.Talk * 1000L, to), Metric("tAcw", on.Wrap * 1000L, to.AddSeconds(on.Hold + on.Wrap)) };
                if (on.Hold > 0)
                {
                    handOnMetrics.Add(Metric("tHeld", on.Hold * 1000L, to.AddSeconds(on.Hold)));
                }
                participants.Add(Participant("agent", on.Agent, v.Media, handOn, handOnMetrics));
            }
        }
        var conversation = new JsonObject
        {
            ["conversationId"] = id,
            ["conversationStart"] = Iso(start),
            ["originatingDirection"] = "inbound",
            ["divisionIds"] = new JsonArray("00000000-0000-0000-0000-000000000000"),
            ["participants"] = participants,
        };
        if (ended)
        {
            conversation["conversationEnd"] = Iso(end);
        }
        return conversation;
    }

    /// <summary>The conversation details query's answer: <c>{ "conversations": [...], "totalHits": N }</c>.</summary>
    public static string GenesysPage(IEnumerable<JsonObject> conversations)
    {
        var list = new JsonArray([.. conversations]);
        return new JsonObject { ["conversations"] = list, ["totalHits"] = list.Count }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    public static string CsvFile(IEnumerable<string> rows) => new StringBuilder(CdrHeader).Append('\n').AppendJoin('\n', rows).Append('\n').ToString();
}
