using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CertDesk.Domain.Kpi;

/// <summary>
/// Reads the fields of one platform record (a JSON object), collecting an error per missing or malformed field, worded as
/// the CSV importers word theirs: <c>FILE: WHERE, field NAME: reason</c>.
/// </summary>
internal sealed class PlatformJson(string fileName, List<string> errors)
{
    /// <summary>Errors listed at most (the same limit as the CSV importers); the rest are counted.</summary>
    public const int MaxListedErrors = 100;

    private long _errorCount;

    public string Where { get; set; } = "";

    public long ErrorCount => _errorCount;

    public void Error(string field, string reason)
    {
        _errorCount++;
        if (errors.Count < MaxListedErrors)
        {
            errors.Add($"{fileName}: {Where}, field {field}: {reason}");
        }
    }

    /// <summary>Adds the "more errors" line when some were not listed.</summary>
    public void Finish()
    {
        if (_errorCount > errors.Count)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{fileName}: {_errorCount - errors.Count} more errors not shown ({_errorCount} in all)"));
        }
    }

    /// <summary>The object member at a dotted path (<c>Queue.EnqueueTimestamp</c>); null when absent or JSON null.</summary>
    public static JsonElement? Member(JsonElement obj, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var current = obj;
        foreach (var range in path.AsSpan().Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(path.AsSpan(range), out var next) || next.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            current = next;
        }
        return current;
    }

    public string? Text(JsonElement obj, string path, string field, string? requiredBecause)
    {
        switch (Member(obj, path))
        {
            case null:
                if (requiredBecause is not null)
                {
                    Error(field, "is missing (" + requiredBecause + ")");
                }
                return null;
            case { ValueKind: JsonValueKind.String } s when s.GetString() is { Length: > 0 } text:
                return text;
            case { ValueKind: JsonValueKind.String }:
                if (requiredBecause is not null)
                {
                    Error(field, "is empty (" + requiredBecause + ")");
                }
                return null;
            case { } other:
                Error(field, $"is a JSON {other.ValueKind.ToString().ToLowerInvariant()}, expected text");
                return null;
        }
    }

    /// <summary>An ISO 8601 instant with its zone (<c>Z</c> or an offset); a time without one is refused, not guessed.</summary>
    public DateTimeOffset? Time(JsonElement obj, string path, string field, string? requiredBecause)
    {
        if (Text(obj, path, field, requiredBecause) is not { } text)
        {
            return null;
        }
        if (ParseInstant(text) is { } value)
        {
            return value;
        }
        Error(field, DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) && !HasZone(text)
            ? $"{Quote(text)} has no time zone (give it with Z or an offset such as +01:00; a local time is ambiguous across a daylight-saving change)"
            : $"{Quote(text)} is not an ISO 8601 date and time");
        return null;
    }

    /// <summary>A whole non-negative number (seconds, or milliseconds for Genesys metrics).</summary>
    public long? Whole(JsonElement obj, string path, string field, string? requiredBecause, long max = CdrValues.MaxWholeNumber)
    {
        switch (Member(obj, path))
        {
            case null:
                if (requiredBecause is not null)
                {
                    Error(field, "is missing (" + requiredBecause + ")");
                }
                return null;
            case { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var value):
                if (value < 0)
                {
                    Error(field, value.ToString(CultureInfo.InvariantCulture) + " must not be negative");
                    return null;
                }
                if (value > max)
                {
                    Error(field, value.ToString(CultureInfo.InvariantCulture) + " is too large");
                    return null;
                }
                return value;
            case { } other:
                Error(field, other.ValueKind == JsonValueKind.Number ? other.GetRawText() + " is not a whole number" : $"is a JSON {other.ValueKind.ToString().ToLowerInvariant()}, expected a whole number");
                return null;
        }
    }

    private static readonly string[] s_instantFormats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    public static DateTimeOffset? ParseInstant(string text)
    {
        return HasZone(text) && DateTimeOffset.TryParseExact(text, s_instantFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : null;
    }

    private static bool HasZone(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && (text[^6] is '+' or '-') && text[^3] == ':');

    /// <summary>A value quoted for an error line, long values cut (as the CSV importers quote them).</summary>
    public static string Quote(string value) =>
        value.Length <= 40 ? "'" + value + "'" : string.Create(CultureInfo.InvariantCulture, $"'{value[..40]}…' ({value.Length} characters)");

    /// <summary>
    /// The top-level JSON values of a file, one after another (JSON lines, or objects written back to back as a stream
    /// delivers them), each with the line it starts on. A syntax error stops the reading with one error naming its line.
    /// </summary>
    public static List<(JsonElement Value, long Line)>? ReadValues(ReadOnlySpan<byte> utf8, string fileName, List<string> errors)
    {
        var values = new List<(JsonElement, long)>();
        return ForEachValue(utf8, fileName, errors, (value, line) => values.Add((value.Clone(), line))) ? values : null;
    }

    /// <summary>
    /// The same values handed one at a time to <paramref name="each"/> and let go at once (a large file of contact records
    /// is never held as JSON documents all together); false after a syntax error or bytes that are not UTF-8.
    /// </summary>
    public static bool ForEachValue(ReadOnlySpan<byte> utf8, string fileName, List<string> errors, Action<JsonElement, long> each)
    {
        ArgumentNullException.ThrowIfNull(each);
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            errors.Add($"{fileName}: the file is not valid UTF-8; save it as UTF-8 JSON");
            return false;
        }
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        long line = 1;
        var counted = 0;
        try
        {
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                line += utf8[counted..start].Count((byte)'\n');
                counted = start;
                using var document = JsonDocument.ParseValue(ref reader);
                each(document.RootElement, line);
            }
        }
        catch (JsonException e)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{fileName}: line {(e.LineNumber ?? 0) + 1}: not valid JSON ({e.Message.Split(" LineNumber:")[0].TrimEnd('.', ' ')})"));
            return false;
        }
        return true;
    }

    public static string Describe(JsonValueKind kind) => kind.ToString().ToLowerInvariant();

    public static long RoundedSeconds(long milliseconds) => (milliseconds + 500) / 1000;

    public static string Seconds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    public static string Join(IEnumerable<string> parts) => new StringBuilder().AppendJoin(", ", parts).ToString();
}
