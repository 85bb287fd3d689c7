using System.Text.Json;

namespace CertDesk.Features.Audit;

/// <summary>One field of an audit entry as people read it: "Title: Agent → Senior Agent".</summary>
public sealed record AuditChange(string Field, string? Before, string? After)
{
    /// <summary>The fields an entry changed (all fields for an add or delete), without ids and version counters.</summary>
    public static IReadOnlyList<AuditChange> Of(AuditEntry entry)
    {
        var before = Parse(entry.Before);
        var after = Parse(entry.After);
        return before.Keys.Union(after.Keys, StringComparer.Ordinal)
            .Where(k => k is not ("Id" or "Version"))
            .Order(StringComparer.Ordinal)
            .Select(k => new AuditChange(k, before.GetValueOrDefault(k), after.GetValueOrDefault(k)))
            .Where(c => c.Before != c.After)
            .ToList();
    }

    private static Dictionary<string, string?> Parse(string? json)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(json))
        {
            return values;
        }
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            values[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.GetRawText(),
                JsonValueKind.True => "yes",
                JsonValueKind.False => "no",
                _ => property.Value.GetRawText(),
            };
        }
        return values;
    }

    public string Describe() => (Before, After) switch
    {
        (null, not null) => string.Create(CultureInfo.InvariantCulture, $"{Field}: {After}"),
        (not null, null) => string.Create(CultureInfo.InvariantCulture, $"{Field}: {Before} → (empty)"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Field}: {Before} → {After}"),
    };
}
