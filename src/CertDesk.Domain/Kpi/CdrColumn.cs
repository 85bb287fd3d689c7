namespace CertDesk.Domain.Kpi;

/// <summary>The columns of a <c>cdr</c> file (contract), in their documented order.</summary>
public enum CdrColumn : byte
{
    ContactId,
    Queue,
    TeamId,
    AgentId,
    ArrivedAt,
    AnsweredAt,
    EndedAt,
    Abandoned,
    WaitSeconds,
    HandleSeconds,
    HoldSeconds,
    WrapSeconds,
    Transferred,
    ResolvedFirstContact,
    Csat,
}

/// <summary>Names of the <see cref="CdrColumn"/> values as they appear in a header row.</summary>
public static class CdrColumns
{
    public const int Count = 15;

    private static readonly string[] s_names =
    [
        "contact_id", "queue", "team_id", "agent_id", "arrived_at", "answered_at", "ended_at", "abandoned",
        "wait_seconds", "handle_seconds", "hold_seconds", "wrap_seconds", "transferred", "resolved_first_contact", "csat",
    ];

    public static IReadOnlyList<string> Names => s_names;

    public static string NameOf(CdrColumn column) => s_names[(int)column];

    public static bool TryFind(string name, out CdrColumn column)
    {
        var index = Array.FindIndex(s_names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        column = (CdrColumn)Math.Max(index, 0);
        return index >= 0;
    }
}
