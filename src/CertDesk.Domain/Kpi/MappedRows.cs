using System.Globalization;

namespace CertDesk.Domain.Kpi;

/// <summary>
/// The rows of a file read through a <see cref="ColumnMapping"/>: its header checked against the columns the mapping names,
/// then each row converted to the contract's <c>cdr</c> row (<see cref="CdrRow"/>) or <c>intervals</c> row
/// (<see cref="IntervalFact"/>). Only the reading is done here (timestamps in the declared format and zone, durations,
/// the file's true/false values); the contract's row rules (answered or abandoned, times in order, repeated contacts,
/// sums) stay with the contract's parsers, which read the converted rows. Errors are
/// <c>FILE: row N (line L), field COLUMN (contract_field): reason</c>.
/// </summary>
public sealed class MappedRows
{
    private readonly ColumnMapping _mapping;
    private readonly string _fileName;
    private readonly Dictionary<string, int[]> _index = new(StringComparer.Ordinal);

    private MappedRows(ColumnMapping mapping, string fileName)
    {
        _mapping = mapping;
        _fileName = fileName;
    }

    public ColumnMapping Mapping => _mapping;

    /// <summary>
    /// The reader of a file whose header row is <paramref name="header"/>, or null with the header's errors: a column the
    /// mapping names that the file lacks (or has twice) is named with the file's columns listed.
    /// </summary>
    public static MappedRows? ForHeader(ColumnMapping mapping, IReadOnlyList<string> header, string fileName, string mappingName, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(errors);
        var rows = new MappedRows(mapping, fileName);
        var names = header.Select(h => h.Trim()).ToList();
        foreach (var (field, columns) in mapping.Columns)
        {
            var indexes = new int[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                var exact = Enumerable.Range(0, names.Count).Where(c => names[c] == columns[i]).ToList();
                var found = exact.Count > 0 ? exact
                    : Enumerable.Range(0, names.Count).Where(c => string.Equals(names[c], columns[i], StringComparison.OrdinalIgnoreCase)).ToList();
                if (found.Count != 1)
                {
                    errors.Add($"{fileName}: row 1 (header), field {columns[i]} ({field}): " + (found.Count == 0
                        ? $"the file has no column {PlatformJson.Quote(columns[i])}, which {mappingName} names for {field} (the file's columns: {string.Join(", ", names.Select(n => PlatformJson.Quote(n)))})"
                        : $"the file has {found.Count} columns named {PlatformJson.Quote(columns[i])}: which one is {field} cannot be told"));
                    continue;
                }
                indexes[i] = found[0];
            }
            rows._index[field] = indexes;
        }
        return errors.Count == 0 ? rows : null;
    }

    /// <summary>One row as the contract's CDR row, or null after adding its errors.</summary>
    public CdrRow? ToCdrRow(IReadOnlyList<string> cells, long row, long line, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var before = errors.Count;
        var r = new RowReader(this, cells, row, line, errors);
        var contactId = r.Text("contact_id") ?? "";
        var queue = r.Text("queue") ?? "";
        var team = r.Text("team_id") ?? "";
        var agent = r.Text("agent_id") is { Length: > 0 } a ? a : null;
        var arrived = r.Time("arrived_at", required: true);
        var answeredMapped = _mapping.Columns.ContainsKey("answered_at");
        var answered = answeredMapped ? r.Time("answered_at", required: false) : null;
        var ended = r.Time("ended_at", required: true);
        var wait = r.Duration("wait_seconds");
        // Without an abandoned column, a contact with no answer time is the abandoned one (the contract's own rule).
        var abandoned = _mapping.Columns.ContainsKey("abandoned") ? r.Boolean("abandoned") : answered is null;
        var handle = r.Duration("handle_seconds");
        var hold = r.Duration("hold_seconds");
        var wrap = r.Duration("wrap_seconds");
        var transferred = r.Boolean("transferred") ?? false;
        var resolved = r.Boolean("resolved_first_contact") ?? false;
        var csat = r.Score("csat");
        if (errors.Count != before || arrived is null || ended is null || abandoned is null)
        {
            return null;
        }
        // Without an answer-time column, an answered contact was answered when its wait ended.
        if (!answeredMapped && abandoned == false)
        {
            answered = arrived.Value.AddSeconds(wait);
        }
        return new CdrRow(contactId, queue, team, agent, arrived.Value, answered, ended.Value, abandoned.Value, wait, handle, hold, wrap, transferred, resolved, csat);
    }

    /// <summary>One row as the contract's interval row, or null after adding its errors.</summary>
    public IntervalFact? ToIntervalFact(IReadOnlyList<string> cells, long row, long line, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var before = errors.Count;
        var r = new RowReader(this, cells, row, line, errors);
        var team = r.Text("team_id") ?? "";
        var start = r.Time("interval_start", required: true);
        var offered = r.Count("offered");
        var answered = r.Count("answered");
        var abandoned = r.Count("abandoned");
        var within = r.Count("answered_within_threshold");
        var wait = r.Duration("wait_seconds_answered");
        var handle = r.Duration("handle_seconds");
        var hold = r.Duration("hold_seconds");
        var wrap = r.Duration("wrap_seconds");
        var transferred = r.Count("transferred");
        var resolved = r.Count("resolved_first_contact");
        var csatSum = r.Count("csat_sum");
        var csatCount = r.Count("csat_count");
        if (errors.Count != before || start is null)
        {
            return null;
        }
        return new IntervalFact(team, start.Value.UtcDateTime, offered, answered, abandoned, within, wait, handle, hold, wrap, transferred, resolved, csatSum, csatCount);
    }

    /// <summary>The error line of a field of a row (also used to say contract row errors in the file's own terms).</summary>
    public string ErrorLine(long row, long line, string field, string reason) =>
        string.Create(CultureInfo.InvariantCulture, $"{_fileName}: row {row} (line {line}), field {_mapping.SourceOf(field)} ({field}): {reason}");

    /// <summary>Reads the mapped cells of one row, adding an error per cell that does not read.</summary>
    private sealed class RowReader(MappedRows owner, IReadOnlyList<string> cells, long row, long line, List<string> errors)
    {
        private void Error(string field, string reason) => errors.Add(owner.ErrorLine(row, line, field, reason));

        /// <summary>The cell (or the cells joined by a space), trimmed; null when the mapping does not name the field.</summary>
        private string? Cell(string field)
        {
            if (!owner._index.TryGetValue(field, out var indexes))
            {
                return null;
            }
            if (indexes.Length == 1)
            {
                return indexes[0] < cells.Count ? cells[indexes[0]].Trim() : "";
            }
            var parts = indexes.Select(i => i < cells.Count ? cells[i].Trim() : "").ToList();
            return parts.All(p => p.Length == 0) ? "" : string.Join(' ', parts);
        }

        public string? Text(string field) => Cell(field);

        public DateTimeOffset? Time(string field, bool required)
        {
            if (Cell(field) is not { } text)
            {
                return null;
            }
            if (text.Length == 0)
            {
                if (required)
                {
                    Error(field, "is empty (a date and time is required)");
                }
                return null;
            }
            if (ReadTime(text, owner._mapping, out var reason) is { } value)
            {
                return value;
            }
            Error(field, reason!);
            return null;
        }

        public long Duration(string field)
        {
            if (Cell(field) is not { Length: > 0 } text)
            {
                return 0; // not mapped, or an empty cell: no time of that kind (docs/formats.md)
            }
            if (ReadDuration(text, owner._mapping.Durations, out var seconds, out var reason))
            {
                return seconds;
            }
            Error(field, reason!);
            return 0;
        }

        public long Count(string field)
        {
            if (Cell(field) is not { Length: > 0 } text)
            {
                return 0;
            }
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= CdrValues.MaxWholeNumber)
            {
                return value;
            }
            Error(field, $"{PlatformJson.Quote(text)} is not a whole number >= 0");
            return 0;
        }

        public int? Score(string field)
        {
            if (Cell(field) is not { Length: > 0 } text)
            {
                return null;
            }
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= CdrValues.MaxWholeNumber)
            {
                return value;
            }
            Error(field, $"{PlatformJson.Quote(text)} is not a whole number >= 0");
            return null;
        }

        public bool? Boolean(string field)
        {
            if (Cell(field) is not { } text)
            {
                return null;
            }
            if (owner._mapping.Values.TryGetValue(field, out var values))
            {
                if (values.True.Contains(text, StringComparer.OrdinalIgnoreCase))
                {
                    return true;
                }
                if (values.False.Contains(text, StringComparer.OrdinalIgnoreCase))
                {
                    return false;
                }
                Error(field, $"{PlatformJson.Quote(text)} is neither a value the mapping lists for true ({List(values.True)}) nor one for false ({List(values.False)})");
                return null;
            }
            if (CdrValues.TryParseBoolean(System.Text.Encoding.UTF8.GetBytes(text), out var value))
            {
                return value;
            }
            Error(field, $"{PlatformJson.Quote(text)} is not true, false, 1 or 0 (list the file's own values under values.{field} in the mapping)");
            return null;
        }

        private static string List(IReadOnlyList<string> values) => values.Count == 0 ? "none" : string.Join(", ", values.Select(PlatformJson.Quote));
    }

    private static readonly string[] s_isoLocal =
    [
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm",
    ];

    /// <summary>
    /// A timestamp in the mapping's format: with its offset when the format (or ISO 8601 text) carries one, else a clock time
    /// of the mapping's zone. A clock time the zone skips or repeats at a daylight-saving change is refused, not guessed.
    /// </summary>
    public static DateTimeOffset? ReadTime(string text, ColumnMapping mapping, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(mapping);
        reason = null;
        var format = mapping.TimestampFormat;
        DateTime local;
        if (format is null)
        {
            if (PlatformJson.ParseInstant(text.Replace(' ', 'T')) is { } instant)
            {
                return instant;
            }
            if (!DateTime.TryParseExact(text, s_isoLocal, CultureInfo.InvariantCulture, DateTimeStyles.None, out local))
            {
                reason = $"{PlatformJson.Quote(text)} is not an ISO 8601 date and time (the mapping's timestamp_format)";
                return null;
            }
            if (mapping.Zone is null)
            {
                reason = $"{PlatformJson.Quote(text)} has no offset and the mapping names no time_zone (a clock time is ambiguous without one)";
                return null;
            }
        }
        else if (ColumnMapping.HasOffset(format))
        {
            if (DateTimeOffset.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
            {
                return withOffset;
            }
            reason = $"{PlatformJson.Quote(text)} does not match the mapping's timestamp_format {PlatformJson.Quote(format)}";
            return null;
        }
        else if (!DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out local))
        {
            reason = $"{PlatformJson.Quote(text)} does not match the mapping's timestamp_format {PlatformJson.Quote(format)}";
            return null;
        }
        var zone = mapping.Zone ?? TimeZoneInfo.Utc;
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            reason = $"{PlatformJson.Quote(text)} does not exist in {mapping.TimeZoneId} (the clocks skipped it at a daylight-saving change)";
            return null;
        }
        if (zone.IsAmbiguousTime(local))
        {
            reason = $"{PlatformJson.Quote(text)} happens twice in {mapping.TimeZoneId} (the clocks went back): which one cannot be told; export the times in UTC or with their offset";
            return null;
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>A duration as the mapping declares them, to whole seconds.</summary>
    public static bool ReadDuration(string text, DurationFormat format, out long seconds, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(text);
        seconds = 0;
        reason = null;
        var parts = text.Split(':');
        var expected = format switch
        {
            DurationFormat.Seconds => 1,
            DurationFormat.MinutesSeconds => 2,
            _ => 3,
        };
        var values = new long[parts.Length];
        var ok = parts.Length == expected;
        for (var i = 0; ok && i < parts.Length; i++)
        {
            ok = parts[i].Length is > 0 and <= 9 && long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) &&
                 (i == 0 || (parts[i].Length == 2 && values[i] < 60));
        }
        if (ok)
        {
            seconds = format switch
            {
                DurationFormat.Seconds => values[0],
                DurationFormat.MinutesSeconds => values[0] * 60 + values[1],
                _ => values[0] * 3600 + values[1] * 60 + values[2],
            };
            if (seconds <= CdrValues.MaxWholeNumber)
            {
                return true;
            }
        }
        var name = ColumnMapping.DurationFormats.First(f => f.Format == format);
        reason = $"{PlatformJson.Quote(text)} is not a duration in the mapping's duration_format {name.Name} ({name.Label.ToLowerInvariant()})";
        return false;
    }
}
