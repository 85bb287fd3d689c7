using System.Text.Json.Nodes;

namespace CertDesk.Features.Scim;

/// <summary>How the User and Group documents read a SCIM body's common parts, refusing in the SCIM error schema.</summary>
internal static class ScimJson
{
    /// <summary>Refuses a body whose <c>schemas</c> does not name <paramref name="schema"/> (case-insensitive, as providers vary).</summary>
    public static void RequireSchema(JsonObject body, string schema)
    {
        if (body["schemas"] is not JsonArray schemas || !schemas.Any(s => s is JsonValue v && v.TryGetValue<string>(out var text) && text.Equals(schema, StringComparison.OrdinalIgnoreCase)))
        {
            throw ScimException.InvalidValue($"schemas must include {schema}.");
        }
    }

    /// <summary>A string attribute, trimmed; null when absent; refused when it is not a string.</summary>
    public static string? Text(JsonNode? node, string attribute) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text.Trim(),
        _ => throw ScimException.InvalidValue($"{attribute} must be a string."),
    };
}
