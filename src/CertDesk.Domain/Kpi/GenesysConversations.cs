using System.Globalization;
using System.Text.Json;

namespace CertDesk.Domain.Kpi;

/// <summary>
/// Genesys Cloud conversation details (the body of <c>POST /api/v2/analytics/conversations/details/query</c>:
/// <c>{ "conversations": [...] }</c>, one page or several written one after another, or an array of conversations) to the
/// contract's <c>cdr</c> rows. The mapping, field by field, with what is lost or assumed, is in docs/formats.md
/// ("Contact records from a platform").
/// </summary>
/// <remarks>
/// A contact here is one visit to a queue: a session of an <c>acd</c> participant (its segments carry the <c>queueId</c>).
/// It is answered by the first <c>agent</c> session of the same queue (the agent's segments name it) and media type that has
/// an <c>interact</c> segment starting after the visit began; abandoned when the visit has a <c>tAbandon</c> metric; otherwise it left the queue for
/// another (a transfer, a flow out, a callback) and is counted in that next visit only. Agent sessions that no visit
/// explains (a transfer straight to another agent) add their time to the visit answered last before them.
/// Metrics are in milliseconds and are rounded to whole seconds.
/// </remarks>
public static class GenesysConversations
{
    /// <summary>Seconds that a metric may differ from its segments' timestamps before it is taken as inconsistent.</summary>
    public const int ToleranceSeconds = 1;

    private const long MaxMilliseconds = CdrValues.MaxWholeNumber * 1000L;

    private sealed class Visit
    {
        public required string QueueId;
        public required string MediaType;
        public required DateTimeOffset Start;
        public required DateTimeOffset End;
        public long WaitMs;
        public bool Abandoned;
        public AgentSession? Agent;
        public long TalkMs, HeldMs, AcwMs;
        public DateTimeOffset? Ended;
        public bool Transferred;
    }

    private sealed record AgentSession(string UserId, string? QueueId, string MediaType, DateTimeOffset AnsweredAt, DateTimeOffset TalkEnd,
        long TalkMs, long HeldMs, long AcwMs, bool Transferred);

    public static PlatformConversion Convert(ReadOnlySpan<byte> utf8, string fileName)
    {
        var errors = new List<string>();
        if (PlatformJson.ReadValues(utf8, fileName, errors) is not { } values)
        {
            return new PlatformConversion([], errors, []);
        }
        var json = new PlatformJson(fileName, errors);
        var conversations = new List<(JsonElement Conversation, string Where)>();
        for (var page = 0; page < values.Count; page++)
        {
            var (value, line) = values[page];
            var prefix = values.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $"page {page + 1} (line {line}), ") : "";
            JsonElement list;
            if (value.ValueKind == JsonValueKind.Array)
            {
                list = value;
            }
            else if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("conversations", out var inner) && inner.ValueKind == JsonValueKind.Array)
            {
                list = inner;
            }
            else if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("conversations", out _))
            {
                json.Where = prefix.TrimEnd(',', ' ') is { Length: > 0 } p ? p : string.Create(CultureInfo.InvariantCulture, $"line {line}");
                json.Error("conversations", "is not an array");
                continue;
            }
            else if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("totalHits", out _))
            {
                continue; // a page of a query that matched nothing has no "conversations"
            }
            else
            {
                json.Where = string.Create(CultureInfo.InvariantCulture, $"line {line}");
                json.Error("conversations", "is missing: expected the conversation details query's answer ({ \"conversations\": [...] }) or an array of conversations");
                continue;
            }
            var index = 0;
            foreach (var conversation in list.EnumerateArray())
            {
                conversations.Add((conversation, string.Create(CultureInfo.InvariantCulture, $"{prefix}conversations[{index}]")));
                index++;
            }
        }

        var contacts = new List<PlatformContact>();
        var firstSeen = new Dictionary<string, string>(StringComparer.Ordinal);
        int noQueue = 0, movedOn = 0, ongoing = 0, notFromQueue = 0;
        foreach (var (c, where) in conversations)
        {
            json.Where = where;
            if (c.ValueKind != JsonValueKind.Object)
            {
                json.Error("conversation", $"is a JSON {PlatformJson.Describe(c.ValueKind)}, expected an object");
                continue;
            }
            var before = json.ErrorCount;
            var id = json.Text(c, "conversationId", "conversationId", "every conversation has one");
            if (id is not null)
            {
                json.Where = $"{where} (conversationId {PlatformJson.Quote(id)})";
                if (firstSeen.TryGetValue(id, out var first))
                {
                    json.Error("conversationId", $"repeats {first} (a conversation is counted once)");
                    continue;
                }
                firstSeen[id] = where;
            }
            json.Time(c, "conversationStart", "conversationStart", "every conversation has one");
            var end = json.Time(c, "conversationEnd", "conversationEnd", null);
            if (PlatformJson.Member(c, "participants") is not { ValueKind: JsonValueKind.Array } participants)
            {
                json.Error("participants", "is missing or not an array (every conversation has its participants)");
                continue;
            }
            var visits = new List<Visit>();
            var agents = new List<AgentSession>();
            var p = 0;
            foreach (var participant in participants.EnumerateArray())
            {
                ReadParticipant(participant, $"participants[{p}]", json, visits, agents);
                p++;
            }
            if (json.ErrorCount != before || id is null)
            {
                continue;
            }
            if (end is null)
            {
                ongoing++; // not ended yet: its figures are not final (a later export has it)
                continue;
            }
            if (visits.Count == 0)
            {
                noQueue++;
                continue;
            }
            notFromQueue += Match(visits, agents);
            var n = 0;
            foreach (var visit in visits.OrderBy(v => v.Start))
            {
                n++;
                if (visit.Agent is null && !visit.Abandoned)
                {
                    movedOn++;
                    continue;
                }
                var answered = visit.Agent is not null;
                long talk = PlatformJson.RoundedSeconds(visit.TalkMs), held = PlatformJson.RoundedSeconds(visit.HeldMs), acw = PlatformJson.RoundedSeconds(visit.AcwMs);
                var row = new CdrRow(
                    n == 1 ? id : string.Create(CultureInfo.InvariantCulture, $"{id}/{n}"),
                    visit.QueueId, visit.QueueId, visit.Agent?.UserId, visit.Start, visit.Agent?.AnsweredAt,
                    answered ? visit.Ended ?? visit.End : visit.End, !answered, PlatformJson.RoundedSeconds(visit.WaitMs),
                    answered ? talk + held + acw : 0, answered ? held : 0, answered ? acw : 0,
                    answered && visit.Transferred, answered && !visit.Transferred, null);
                contacts.Add(new PlatformContact(row, where));
            }
        }
        json.Finish();
        if (errors.Count > 0)
        {
            return new PlatformConversion([], errors, []);
        }
        var notes = new List<string>();
        if (noQueue > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{noQueue} conversation(s) that never reached a queue left out (ended in the IVR or a flow, or outbound)"));
        }
        if (movedOn > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{movedOn} queue visit(s) that left for another queue or a callback counted in the next visit's queue"));
        }
        if (ongoing > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{ongoing} conversation(s) not ended yet (no conversationEnd) left out; import them once ended"));
        }
        if (notFromQueue > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{notFromQueue} agent session(s) not reached through a queue left out (direct or outbound calls)"));
        }
        return new PlatformConversion(contacts, [], notes);
    }

    /// <summary>The queue visits (acd sessions) and answered agent sessions of one participant.</summary>
    private static void ReadParticipant(JsonElement participant, string path, PlatformJson json, List<Visit> visits, List<AgentSession> agents)
    {
        var purpose = json.Text(participant, "purpose", path + ".purpose", "every participant has one");
        if (purpose is not ("acd" or "agent"))
        {
            return; // customer, external, ivr, workflow, voicemail...: no queue or agent time of their own
        }
        if (PlatformJson.Member(participant, "sessions") is not { ValueKind: JsonValueKind.Array } sessions)
        {
            json.Error(path + ".sessions", "is missing or not an array");
            return;
        }
        var userId = purpose == "agent" ? json.Text(participant, "userId", path + ".userId", "an agent participant names its user") : null;
        var s = 0;
        foreach (var session in sessions.EnumerateArray())
        {
            var at = $"{path}.sessions[{s++}]";
            var media = json.Text(session, "mediaType", at + ".mediaType", "every session has one") ?? "";
            if (PlatformJson.Member(session, "segments") is not { ValueKind: JsonValueKind.Array } segmentList || segmentList.GetArrayLength() == 0)
            {
                json.Error(at + ".segments", "is missing or empty (every session has its segments)");
                continue;
            }
            var segments = new List<(string Type, DateTimeOffset Start, DateTimeOffset? End, string? Queue, string? Disconnect)>();
            var g = 0;
            foreach (var segment in segmentList.EnumerateArray())
            {
                var sat = $"{at}.segments[{g++}]";
                var type = json.Text(segment, "segmentType", sat + ".segmentType", "every segment has one");
                var start = json.Time(segment, "segmentStart", sat + ".segmentStart", "every segment has one");
                var end = json.Time(segment, "segmentEnd", sat + ".segmentEnd", null);
                if (start is { } a && end is { } b && b < a)
                {
                    json.Error(sat + ".segmentEnd", "is before segmentStart");
                }
                if (type is not null && start is not null)
                {
                    segments.Add((type, start.Value, end, json.Text(segment, "queueId", sat + ".queueId", null), json.Text(segment, "disconnectType", sat + ".disconnectType", null)));
                }
            }
            if (segments.Count == 0)
            {
                continue;
            }
            var metrics = Metrics(session, at, json);
            var queue = segments.Select(x => x.Queue).FirstOrDefault(q => q is not null);
            var first = segments.Min(x => x.Start);
            var last = segments.Max(x => x.End ?? x.Start);
            if (purpose == "acd")
            {
                if (queue is null)
                {
                    json.Error(at + ".segments[0].queueId", "is missing (a queue visit names its queue)");
                    continue;
                }
                if (!metrics.TryGetValue("tAcd", out var acd) && segments.All(x => x.End is not null))
                {
                    json.Error(at + ".metrics.tAcd", "is missing (the time in queue of an ended queue visit)");
                    continue;
                }
                if (segments.All(x => x.End is not null) && Math.Abs(acd / 1000.0 - (last - first).TotalSeconds) > ToleranceSeconds)
                {
                    json.Error(at + ".metrics.tAcd", $"({acd} ms) disagrees with the visit's segments (segmentStart to segmentEnd: {PlatformJson.Seconds((last - first).TotalSeconds)})");
                    continue;
                }
                visits.Add(new Visit { QueueId = queue, MediaType = media, Start = first, End = last, WaitMs = acd, Abandoned = metrics.ContainsKey("tAbandon") });
                continue;
            }
            var interact = segments.Where(x => x.Type == "interact").ToList();
            if (interact.Count == 0)
            {
                continue; // alerted but never connected (not answered): no time of its own
            }
            var answeredAt = interact.Min(x => x.Start);
            var talkEnd = segments.Where(x => x.Type is "interact" or "hold").Max(x => x.End ?? x.Start);
            if (!metrics.TryGetValue("tTalk", out var talkMs))
            {
                json.Error(at + ".metrics.tTalk", "is missing (an answered agent session has its talk time)");
                continue;
            }
            metrics.TryGetValue("tHeld", out var heldMs);
            metrics.TryGetValue("tAcw", out var acwMs);
            if ((talkMs + heldMs) / 1000.0 > (talkEnd - answeredAt).TotalSeconds + ToleranceSeconds)
            {
                json.Error(at + ".metrics.tTalk", $"({talkMs} ms) + tHeld ({heldMs} ms) is longer than the agent was connected (interact and hold segments: {PlatformJson.Seconds((talkEnd - answeredAt).TotalSeconds)})");
                continue;
            }
            var transferred = (metrics.TryGetValue("nTransferred", out var n) && n > 0) || segments.Any(x => x.Disconnect == "transfer");
            agents.Add(new AgentSession(userId ?? "", queue, media, answeredAt, talkEnd, talkMs, heldMs, acwMs, transferred));
        }
    }

    /// <summary>A session's metrics by name (a metric given twice is summed: Genesys emits some per segment).</summary>
    private static Dictionary<string, long> Metrics(JsonElement session, string at, PlatformJson json)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        if (PlatformJson.Member(session, "metrics") is not { ValueKind: JsonValueKind.Array } metrics)
        {
            return result;
        }
        var m = 0;
        foreach (var metric in metrics.EnumerateArray())
        {
            var mat = $"{at}.metrics[{m++}]";
            var name = json.Text(metric, "name", mat + ".name", "every metric has one");
            var value = json.Whole(metric, "value", mat + ".value" + (name is null ? "" : $" ({name})"), "every metric has one", MaxMilliseconds);
            if (name is not null && value is { } v)
            {
                result[name] = result.GetValueOrDefault(name) + v;
            }
        }
        return result;
    }

    /// <summary>Pairs agent sessions with the visits they answered; returns the agent sessions no visit explains.</summary>
    private static int Match(List<Visit> visits, List<AgentSession> agents)
    {
        var unexplained = 0;
        foreach (var agent in agents.OrderBy(a => a.AnsweredAt))
        {
            var visit = visits
                .Where(v => v.Agent is null && v.Start <= agent.AnsweredAt && v.MediaType == agent.MediaType && agent.QueueId is not null && v.QueueId == agent.QueueId)
                .OrderByDescending(v => v.Start).FirstOrDefault();
            if (visit is not null)
            {
                visit.Agent = agent;
                visit.Abandoned = false;
            }
            else if (visits.Where(v => v.Agent is not null && v.Agent.AnsweredAt <= agent.AnsweredAt).OrderByDescending(v => v.Agent!.AnsweredAt).FirstOrDefault() is { } earlier)
            {
                // Handed on without a queue (a blind or consult transfer to a person): the same contact, more handle time.
                visit = earlier;
                visit.Transferred = true;
            }
            else
            {
                unexplained++;
                continue;
            }
            visit.TalkMs += agent.TalkMs;
            visit.HeldMs += agent.HeldMs;
            visit.AcwMs += agent.AcwMs;
            visit.Transferred |= agent.Transferred;
            visit.Ended = visit.Ended is { } e && e > agent.TalkEnd ? e : agent.TalkEnd;
        }
        return unexplained;
    }
}
