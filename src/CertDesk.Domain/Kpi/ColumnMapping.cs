using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CertDesk.Domain.Kpi;

/// <summary>How the durations of a mapped file are written.</summary>
public enum DurationFormat
{
    /// <summary>Whole seconds (<c>754</c>).</summary>
    Seconds,

    /// <summary>Minutes and seconds (<c>12:34</c>; minutes may pass 59).</summary>
    MinutesSeconds,

    /// <summary>Hours, minutes and seconds (<c>0:12:34</c>; hours may pass 23).</summary>
    HoursMinutesSeconds,
}

/// <summary>What a boolean column of a mapped file writes for true and for false (compared trimmed, in any letter case).</summary>
public sealed record BooleanValues(IReadOnlyList<string> True, IReadOnlyList<string> False);

/// <summary>
/// A column mapping: how a call detail or interval report from another contact-center system reads as the contract's
/// <c>cdr</c> or <c>intervals</c> file. It names the file's column (or columns, joined by a space: a date and a time kept
/// apart) for each contract field, the format and time zone of its timestamps, how its durations are written and which
/// values mean true for its boolean columns (e.g. what means abandoned). The JSON document (docs/formats.md) is the same
/// for the command line's <c>--mapping</c> file and the mappings saved on the web page. Pure: the time zone is found by
/// the caller's <c>findZone</c> (the system's zone database is I/O).
/// </summary>
public sealed class ColumnMapping
{
    public const string CdrKind = "cdr";
    public const string IntervalsKind = "intervals";

    /// <summary>The contract fields a mapping may name, per kind, in the contract's column order.</summary>
    public static IReadOnlyList<string> FieldsOf(string kind) => kind == CdrKind ? CdrColumns.Names : IntervalFactCsv.Header.Split(',');

    /// <summary>The fields a mapping must name; the others have a stated default (docs/formats.md).</summary>
    public static IReadOnlyList<string> RequiredOf(string kind) => kind == CdrKind
        ? ["contact_id", "queue", "team_id", "arrived_at", "ended_at", "wait_seconds", "handle_seconds"]
        : ["team_id", "interval_start", "offered", "answered", "abandoned", "answered_within_threshold", "wait_seconds_answered", "handle_seconds"];

    /// <summary>The fields read as true or false (cdr only): the mapping may list the file's own values for them.</summary>
    public static readonly IReadOnlyList<string> BooleanFields = ["abandoned", "transferred", "resolved_first_contact"];

    public static readonly IReadOnlyList<string> TimestampFields = ["arrived_at", "answered_at", "ended_at", "interval_start"];

    public static readonly IReadOnlyList<string> DurationFields = ["wait_seconds", "handle_seconds", "hold_seconds", "wrap_seconds", "wait_seconds_answered"];

    public static readonly IReadOnlyList<(DurationFormat Format, string Name, string Label)> DurationFormats =
    [
        (DurationFormat.Seconds, "seconds", "Whole seconds (754)"),
        (DurationFormat.MinutesSeconds, "mm:ss", "Minutes and seconds (12:34)"),
        (DurationFormat.HoursMinutesSeconds, "hh:mm:ss", "Hours, minutes and seconds (0:12:34)"),
    ];

    private static readonly string[] s_topFields = ["kind", "delimiter", "columns", "timestamp_format", "time_zone", "duration_format", "values"];

    private ColumnMapping(string kind, char delimiter, IReadOnlyDictionary<string, IReadOnlyList<string>> columns, string? timestampFormat,
        string? timeZoneId, TimeZoneInfo? zone, DurationFormat durations, IReadOnlyDictionary<string, BooleanValues> values)
    {
        Kind = kind;
        Delimiter = delimiter;
        Columns = columns;
        TimestampFormat = timestampFormat;
        TimeZoneId = timeZoneId;
        Zone = zone;
        Durations = durations;
        Values = values;
    }

    /// <summary><see cref="CdrKind"/> or <see cref="IntervalsKind"/>.</summary>
    public string Kind { get; }

    public char Delimiter { get; }

    /// <summary>Contract field to the file's column(s), in the contract's order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Columns { get; }

    /// <summary>A .NET custom date and time format (<c>dd/MM/yyyy HH:mm:ss</c>); null: ISO 8601.</summary>
    public string? TimestampFormat { get; }

    public string? TimeZoneId { get; }

    public TimeZoneInfo? Zone { get; }

    public DurationFormat Durations { get; }

    public IReadOnlyDictionary<string, BooleanValues> Values { get; }

    /// <summary>The file's column(s) of a field as an error line names them (<c>Date + Start</c>).</summary>
    public string SourceOf(string field) => Columns.TryGetValue(field, out var c) ? string.Join(" + ", c) : field;

    /// <summary>
    /// Reads a mapping document. Every problem is a line <c>FILE: field PATH: reason</c> (or <c>FILE: line N: not valid
    /// JSON</c>); then the mapping is null. An unknown field is refused, not ignored: a misspelt one would silently map nothing.
    /// </summary>
    public static ColumnMapping? Parse(string json, string fileName, Func<string, TimeZoneInfo?> findZone, out List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(findZone);
        errors = [];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{fileName}: line {(e.LineNumber ?? 0) + 1}: not valid JSON ({e.Message.Split(" LineNumber:")[0].TrimEnd('.', ' ')})"));
            return null;
        }
        using (document)
        {
            return Read(document.RootElement, fileName, findZone, errors);
        }
    }

    private static ColumnMapping? Read(JsonElement root, string fileName, Func<string, TimeZoneInfo?> findZone, List<string> errors)
    {
        void Error(string field, string reason) => errors.Add($"{fileName}: field {field}: {reason}");
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{fileName}: the mapping is a JSON {PlatformJson.Describe(root.ValueKind)}, expected an object {{ \"kind\": ..., \"columns\": {{ ... }} }}");
            return null;
        }
        foreach (var property in root.EnumerateObject())
        {
            if (!s_topFields.Contains(property.Name, StringComparer.Ordinal))
            {
                Error(property.Name, $"is not a mapping field (the fields are {string.Join(", ", s_topFields)})");
            }
        }

        string? Text(string field, bool required)
        {
            if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Error(field, "is missing");
                }
                return null;
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                Error(field, $"is a JSON {PlatformJson.Describe(value.ValueKind)}, expected text");
                return null;
            }
            return value.GetString();
        }

        var kind = Text("kind", required: true);
        if (kind is not null && kind is not (CdrKind or IntervalsKind))
        {
            Error("kind", $"{PlatformJson.Quote(kind)} is not a kind of file a mapping reads (cdr or intervals)");
            kind = null;
        }

        var delimiter = ',';
        if (Text("delimiter", required: false) is { } d)
        {
            if (d.Length != 1 || d[0] is '"' or '\r' or '\n')
            {
                Error("delimiter", $"{PlatformJson.Quote(d)} must be one character (e.g. \",\", \";\" or \"\\t\" for a tab), not a quote or a line break");
            }
            else
            {
                delimiter = d[0];
            }
        }

        var timestampFormat = Text("timestamp_format", required: false);
        if (timestampFormat is { Length: 0 } || string.Equals(timestampFormat, "iso8601", StringComparison.OrdinalIgnoreCase))
        {
            timestampFormat = null;
        }
        if (timestampFormat is not null && FormatProblem(timestampFormat) is { } formatProblem)
        {
            Error("timestamp_format", formatProblem);
        }

        var zoneId = Text("time_zone", required: false);
        TimeZoneInfo? zone = null;
        if (zoneId is not null)
        {
            zone = zoneId.Length == 0 ? null : findZone(zoneId);
            if (zone is null)
            {
                Error("time_zone", $"{PlatformJson.Quote(zoneId)} is not a time zone this server knows (use an IANA name such as Europe/Paris, or UTC)");
            }
        }
        else if (timestampFormat is not null && !HasOffset(timestampFormat))
        {
            Error("time_zone", "is missing: timestamp_format has no offset (zzz or K), so the times are clock times of a zone that must be named (e.g. Europe/Paris, or UTC)");
        }

        var durations = DurationFormat.Seconds;
        if (Text("duration_format", required: false) is { } df)
        {
            var found = DurationFormats.Where(f => f.Name == df.Trim()).ToList();
            if (found.Count == 0)
            {
                Error("duration_format", $"{PlatformJson.Quote(df)} is not one of {string.Join(", ", DurationFormats.Select(f => f.Name))}");
            }
            else
            {
                durations = found[0].Format;
            }
        }

        var columns = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (!root.TryGetProperty("columns", out var cols) || cols.ValueKind == JsonValueKind.Null)
        {
            Error("columns", "is missing (an object naming the file's column for each field, e.g. { \"contact_id\": \"Call ID\" })");
        }
        else if (cols.ValueKind != JsonValueKind.Object)
        {
            Error("columns", $"is a JSON {PlatformJson.Describe(cols.ValueKind)}, expected an object of field: column");
        }
        else
        {
            foreach (var property in cols.EnumerateObject())
            {
                var path = "columns." + property.Name;
                if (kind is not null && !FieldsOf(kind).Contains(property.Name, StringComparer.Ordinal))
                {
                    Error(path, $"is not a field of the {kind} file (its fields are {string.Join(", ", FieldsOf(kind))})");
                    continue;
                }
                List<string>? names = property.Value.ValueKind switch
                {
                    JsonValueKind.String => [property.Value.GetString()!],
                    JsonValueKind.Array when property.Value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
                        property.Value.EnumerateArray().Select(e => e.GetString()!).ToList(),
                    _ => null,
                };
                if (names is null || names.Count == 0 || names.Any(n => n.Trim().Length == 0))
                {
                    Error(path, "must be the name of a column of the file (text), or a list of names whose values are joined by a space (a date and a time in two columns)");
                    continue;
                }
                if (names.Count > 1 && !TimestampFields.Contains(property.Name))
                {
                    Error(path, "only a timestamp may be read from several columns");
                    continue;
                }
                columns[property.Name] = [.. names.Select(n => n.Trim())];
            }
            if (kind is not null)
            {
                foreach (var required in RequiredOf(kind).Where(r => !columns.ContainsKey(r)))
                {
                    if (!errors.Any(e => e.Contains("field columns." + required + ":", StringComparison.Ordinal)))
                    {
                        Error("columns." + required, "is missing (the file's column for " + required + " must be named)");
                    }
                }
                if (kind == CdrKind && !columns.ContainsKey("abandoned") && !columns.ContainsKey("answered_at"))
                {
                    Error("columns.abandoned", "is missing: name the column that says a contact was abandoned, or the answered_at column (empty when abandoned)");
                }
            }
        }

        var values = new Dictionary<string, BooleanValues>(StringComparer.Ordinal);
        if (root.TryGetProperty("values", out var vals) && vals.ValueKind != JsonValueKind.Null)
        {
            if (vals.ValueKind != JsonValueKind.Object)
            {
                Error("values", $"is a JSON {PlatformJson.Describe(vals.ValueKind)}, expected an object such as {{ \"abandoned\": {{ \"true\": [\"Abandoned\"], \"false\": [\"Answered\"] }} }}");
            }
            else
            {
                foreach (var property in vals.EnumerateObject())
                {
                    var path = "values." + property.Name;
                    if (kind == IntervalsKind || !BooleanFields.Contains(property.Name))
                    {
                        Error(path, kind == IntervalsKind
                            ? "an interval file has counts, not values to read as true or false"
                            : $"is not a field read as true or false (those are {string.Join(", ", BooleanFields)})");
                        continue;
                    }
                    if (!columns.ContainsKey(property.Name))
                    {
                        Error(path, $"gives values for {property.Name}, but columns does not name its column");
                        continue;
                    }
                    if (ReadValues(property.Value, path, Error) is { } pair)
                    {
                        values[property.Name] = pair;
                    }
                }
            }
        }

        if (errors.Count > 0 || kind is null)
        {
            return null;
        }
        var ordered = FieldsOf(kind).Where(columns.ContainsKey).ToDictionary(f => f, f => columns[f], StringComparer.Ordinal);
        return new ColumnMapping(kind, delimiter, ordered, timestampFormat, zoneId, zone, durations, values);
    }

    private static BooleanValues? ReadValues(JsonElement value, string path, Action<string, string> error)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            error(path, "must be an object { \"true\": [...], \"false\": [...] } listing the file's values");
            return null;
        }
        List<string>? trueValues = null;
        List<string>? falseValues = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var side in value.EnumerateObject())
        {
            if (side.Name is not ("true" or "false"))
            {
                error(path + "." + side.Name, "is not allowed here (only \"true\" and \"false\")");
                continue;
            }
            seen.Add(side.Name);
            if (side.Value.ValueKind != JsonValueKind.Array || !side.Value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            {
                error(path + "." + side.Name, "must be a list of texts (e.g. [\"Abandoned\", \"ABN\"]; \"\" stands for an empty cell)");
                continue;
            }
            var list = side.Value.EnumerateArray().Select(e => e.GetString()!.Trim()).ToList();
            if (side.Name == "true")
            {
                trueValues = list;
            }
            else
            {
                falseValues = list;
            }
        }
        foreach (var missing in new[] { "true", "false" }.Where(s => !seen.Contains(s)))
        {
            error(path + "." + missing, "is missing (both lists are needed: a value in neither is an error, not a guess)");
        }
        if (trueValues is null || falseValues is null)
        {
            return null;
        }
        if (trueValues.Count == 0)
        {
            error(path + ".true", "is empty: list at least one value");
            return null;
        }
        if (trueValues.Intersect(falseValues, StringComparer.OrdinalIgnoreCase).FirstOrDefault() is { } both)
        {
            error(path, $"{PlatformJson.Quote(both)} is listed both as true and as false");
            return null;
        }
        return new BooleanValues(trueValues, falseValues);
    }

    /// <summary>Whether a .NET format string carries the offset (<c>z</c>, <c>zz</c>, <c>zzz</c> or <c>K</c>) outside quoted text.</summary>
    public static bool HasOffset(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var quote = '\0';
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '\\')
            {
                i++;
            }
            else if (c is 'z' or 'K')
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A format that cannot give back a date and time written with it (no year, month, day, hour and minute, or not a
    /// format at all) is refused when the mapping is read, not on every row of the file.
    /// </summary>
    private static string? FormatProblem(string format)
    {
        var sample = new DateTimeOffset(2026, 11, 23, 17, 45, 30, TimeSpan.FromHours(1));
        try
        {
            var written = sample.ToString(format, CultureInfo.InvariantCulture);
            var ok = HasOffset(format)
                ? DateTimeOffset.TryParseExact(written, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var back) &&
                  back.Year == 2026 && back.Month == 11 && back.Day == 23 && back.Hour == 17 && back.Minute == 45 && back.Offset == sample.Offset
                : DateTime.TryParseExact(written, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) &&
                  local.Year == 2026 && local.Month == 11 && local.Day == 23 && local.Hour == 17 && local.Minute == 45;
            return ok ? null : $"{PlatformJson.Quote(format)} does not read back a full date and time (it needs the year, month, day, hour and minute, e.g. dd/MM/yyyy HH:mm:ss)";
        }
        catch (FormatException)
        {
            return $"{PlatformJson.Quote(format)} is not a .NET date and time format (e.g. dd/MM/yyyy HH:mm:ss, or iso8601)";
        }
    }

    /// <summary>
    /// The mapping as one JSON document in a fixed order (the stored form, and what the import key hashes: the same file read
    /// with another mapping is another import).
    /// </summary>
    public string ToJson(bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("kind", Kind);
            w.WriteString("delimiter", new string(Delimiter, 1));
            w.WriteStartObject("columns");
            foreach (var (field, names) in Columns)
            {
                if (names.Count == 1)
                {
                    w.WriteString(field, names[0]);
                }
                else
                {
                    w.WriteStartArray(field);
                    foreach (var n in names)
                    {
                        w.WriteStringValue(n);
                    }
                    w.WriteEndArray();
                }
            }
            w.WriteEndObject();
            w.WriteString("timestamp_format", TimestampFormat ?? "iso8601");
            if (TimeZoneId is not null)
            {
                w.WriteString("time_zone", TimeZoneId);
            }
            w.WriteString("duration_format", DurationFormats.First(f => f.Format == Durations).Name);
            if (Values.Count > 0)
            {
                w.WriteStartObject("values");
                foreach (var field in BooleanFields.Where(Values.ContainsKey))
                {
                    w.WriteStartObject(field);
                    w.WriteStartArray("true");
                    foreach (var v in Values[field].True)
                    {
                        w.WriteStringValue(v);
                    }
                    w.WriteEndArray();
                    w.WriteStartArray("false");
                    foreach (var v in Values[field].False)
                    {
                        w.WriteStringValue(v);
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
