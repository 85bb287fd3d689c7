using System.Text.Json.Nodes;
using CertDesk.Domain.Kpi;

namespace CertDesk.Features.Proof.Mappings;

/// <summary>
/// /Proof/Mappings/Edit: a column mapping for one source, in a form (the file's column for each field, the delimiter, the
/// timestamps' format and zone, how durations are written, the file's values for yes and no). The form is turned into the
/// same JSON document as a <c>--mapping</c> file and saved through <see cref="ColumnMappings"/>, which checks it with the
/// command line's reader.
/// </summary>
[Authorize(Policy = Policies.RunsProgram)]
public sealed class EditModel(ColumnMappings mappings) : PageModel
{
    /// <summary>The contract fields in words, per kind (the same field may mean a count in an interval file).</summary>
    public static string FieldLabel(string kind, string field) => (kind, field) switch
    {
        (_, "contact_id") => "Contact (call) id",
        (_, "queue") => "Queue",
        (_, "team_id") => "Team (its code in CertDesk)",
        (_, "agent_id") => "Agent",
        (_, "arrived_at") => "Arrived at (date and time)",
        (_, "answered_at") => "Answered at (date and time; empty when abandoned)",
        (_, "ended_at") => "Ended at (date and time)",
        (ColumnMapping.CdrKind, "abandoned") => "Abandoned or answered",
        (_, "wait_seconds") => "Wait in the queue",
        (ColumnMapping.CdrKind, "handle_seconds") => "Handle time (talk, hold and wrap-up)",
        (ColumnMapping.CdrKind, "hold_seconds") => "Hold time",
        (ColumnMapping.CdrKind, "wrap_seconds") => "Wrap-up time",
        (ColumnMapping.CdrKind, "transferred") => "Transferred or not",
        (ColumnMapping.CdrKind, "resolved_first_contact") => "Resolved on first contact or not",
        (_, "csat") => "Satisfaction score",
        (_, "interval_start") => "Interval start (date and time)",
        (_, "offered") => "Contacts offered",
        (_, "answered") => "Contacts answered",
        (_, "abandoned") => "Contacts abandoned",
        (_, "answered_within_threshold") => "Answered within the service-level threshold",
        (_, "wait_seconds_answered") => "Total wait of the answered contacts",
        (_, "handle_seconds") => "Total handle time",
        (_, "hold_seconds") => "Total hold time",
        (_, "wrap_seconds") => "Total wrap-up time",
        (_, "transferred") => "Contacts transferred",
        (_, "resolved_first_contact") => "Contacts resolved on first contact",
        (_, "csat_sum") => "Sum of the satisfaction scores",
        (_, "csat_count") => "Number of satisfaction scores",
        _ => Labels.Of(field),
    };

    /// <summary>The words for true and false of a boolean field.</summary>
    public static (string Yes, string No) BooleanWords(string field) => field switch
    {
        "abandoned" => ("abandoned", "answered"),
        "transferred" => ("transferred", "not transferred"),
        _ => ("resolved on first contact", "not resolved on first contact"),
    };

    public static readonly IReadOnlyList<(string Value, string Label)> Delimiters =
    [
        (",", "Comma (,)"),
        (";", "Semicolon (;)"),
        ("\t", "Tab"),
        ("|", "Vertical bar (|)"),
    ];

    public static string KindLabel(string kind) => kind == ColumnMapping.CdrKind ? "Call detail records" : "Interval report";

    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string Kind { get; set; } = ColumnMapping.CdrKind;
    [BindProperty] public int? Version { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string Delimiter { get; set; } = ",";

    /// <summary>Contract field to the file's column(s), several joined by " + ".</summary>
    [BindProperty] public Dictionary<string, string?> Columns { get; set; } = [];
    [BindProperty] public string? TimestampFormat { get; set; }
    [BindProperty] public string? TimeZone { get; set; }
    [BindProperty] public string Durations { get; set; } = "seconds";

    /// <summary>Boolean field to the file's values for true / for false, comma-separated.</summary>
    [BindProperty] public Dictionary<string, string?> TrueValues { get; set; } = [];
    [BindProperty] public Dictionary<string, string?> FalseValues { get; set; } = [];

    public IReadOnlyList<string> Zones { get; } = [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Order(StringComparer.Ordinal)];

    public IReadOnlyList<string> Fields => ColumnMapping.FieldsOf(Kind);

    public bool IsRequired(string field) => ColumnMapping.RequiredOf(Kind).Contains(field);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            if (await mappings.FindAsync(id, ct) is not { } record)
            {
                return NotFound();
            }
            Fill(record);
        }
        else if (Kind is not (ColumnMapping.CdrKind or ColumnMapping.IntervalsKind))
        {
            return NotFound();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Kind is not (ColumnMapping.CdrKind or ColumnMapping.IntervalsKind))
        {
            return BadRequest();
        }
        var outcome = await mappings.SaveAsync(Caller.From(User), Id, Version, Name ?? "", ToJson(), ct);
        return await this.AnswerAsync(outcome, saved =>
        {
            TempData["Message"] = $"Mapping \"{saved.Name}\" saved: choose it on the KPI import page.";
            return RedirectToPage("Index");
        }, async () =>
        {
            if (outcome.Kind == OutcomeKind.Stale && (outcome.Value ?? (Id is { } id ? await mappings.FindAsync(id, ct) : null)) is { } current)
            {
                var differs = Differences(current);
                var who = current.UpdatedBy.StartsWith("user:", StringComparison.Ordinal) ? current.UpdatedBy[5..] : current.UpdatedBy;
                var when = current.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                Fill(current); // clears the form's state: the message goes after
                ModelState.AddModelError(string.Empty,
                    $"{who} saved this mapping at {when} UTC, after you opened it. Nothing of yours was saved; their version is shown"
                    + (differs.Count > 0 ? $" (it differs from yours in: {string.Join(", ", differs)})" : "")
                    + ". Make your change again on it.");
                Response.StatusCode = StatusCodes.Status409Conflict;
            }
            return Page();
        }, stale: _ => { }, invalid: errors => ModelState.AddFieldErrors(errors, FormFields()));
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        if (Id is not { } id)
        {
            return NotFound();
        }
        var outcome = await mappings.DeleteAsync(Caller.From(User), id, ct);
        return await this.AnswerAsync(outcome, _ =>
        {
            TempData["Message"] = "Mapping deleted. Imports made with it keep their facts.";
            return RedirectToPage("Index");
        }, () => Task.FromResult<IActionResult>(Page()));
    }

    /// <summary>
    /// The form's fields, in words, where the stored mapping differs from the one posted (both read by the same reader, so
    /// only a difference of meaning counts, not of spelling).
    /// </summary>
    private List<string> Differences(KpiColumnMappingRecord current)
    {
        var posted = ToJson();
        var mine = Flatten(Name ?? "", ColumnMapping.Parse(posted, "mapping", ColumnMappings.FindZone, out _)?.ToJson() ?? posted);
        var theirs = Flatten(current.Name, current.MappingJson);
        var labels = FormFields();
        return [.. mine.Keys.Union(theirs.Keys).Order(StringComparer.Ordinal)
            .Where(key => mine.GetValueOrDefault(key) != theirs.GetValueOrDefault(key))
            .Select(key => labels.TryGetValue(key, out var field) ? field.Label : key == "kind" ? "Kind of file" : key)
            .Distinct()];

        static Dictionary<string, string> Flatten(string name, string json)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = name.Trim() };
            if (JsonNode.Parse(json) is JsonObject document)
            {
                foreach (var (key, value) in document)
                {
                    if (value is JsonObject inner && key is "columns" or "values")
                    {
                        foreach (var (field, part) in inner)
                        {
                            fields[$"{key}.{field}"] = part?.ToJsonString() ?? "";
                        }
                    }
                    else
                    {
                        fields[key] = value?.ToJsonString() ?? "";
                    }
                }
            }
            return fields;
        }
    }

    /// <summary>The mapping fields named in the reader's errors, to the form's inputs and their labels.</summary>
    private Dictionary<string, (string Key, string Label)> FormFields()
    {
        var fields = new Dictionary<string, (string Key, string Label)>(StringComparer.Ordinal)
        {
            ["name"] = (nameof(Name), "Source name"),
            ["delimiter"] = (nameof(Delimiter), "Columns separated by"),
            ["timestamp_format"] = (nameof(TimestampFormat), "Date and time format"),
            ["time_zone"] = (nameof(TimeZone), "Time zone of the times"),
            ["duration_format"] = (nameof(Durations), "Durations written as"),
            ["mapping"] = (string.Empty, "Mapping"),
        };
        foreach (var field in ColumnMapping.FieldsOf(Kind))
        {
            fields["columns." + field] = ($"Columns[{field}]", FieldLabel(Kind, field));
        }
        foreach (var field in ColumnMapping.BooleanFields)
        {
            var (yes, no) = BooleanWords(field);
            fields["values." + field] = ($"TrueValues[{field}]", $"Values meaning {yes}");
            fields["values." + field + ".true"] = ($"TrueValues[{field}]", $"Values meaning {yes}");
            fields["values." + field + ".false"] = ($"FalseValues[{field}]", $"Values meaning {no}");
        }
        return fields;
    }

    /// <summary>The form as the mapping document (the reader decides what is wrong with it, as for a file).</summary>
    private string ToJson()
    {
        var columns = new JsonObject();
        foreach (var field in ColumnMapping.FieldsOf(Kind))
        {
            if (Columns.GetValueOrDefault(field) is not { } text || text.Trim().Length == 0)
            {
                continue;
            }
            var parts = text.Split('+', StringSplitOptions.TrimEntries);
            columns[field] = parts.Length == 1 ? JsonValue.Create(parts[0]) : new JsonArray(parts.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
        }
        var document = new JsonObject
        {
            ["kind"] = Kind,
            ["delimiter"] = Delimiter,
            ["columns"] = columns,
            ["timestamp_format"] = string.IsNullOrWhiteSpace(TimestampFormat) ? "iso8601" : TimestampFormat.Trim(),
            ["duration_format"] = Durations,
        };
        if (!string.IsNullOrWhiteSpace(TimeZone))
        {
            document["time_zone"] = TimeZone.Trim();
        }
        if (Kind == ColumnMapping.CdrKind)
        {
            var values = new JsonObject();
            foreach (var field in ColumnMapping.BooleanFields)
            {
                var yes = TrueValues.GetValueOrDefault(field);
                var no = FalseValues.GetValueOrDefault(field);
                if (string.IsNullOrWhiteSpace(yes) && string.IsNullOrWhiteSpace(no))
                {
                    continue;
                }
                values[field] = new JsonObject { ["true"] = List(yes), ["false"] = List(no) };
            }
            if (values.Count > 0)
            {
                document["values"] = values;
            }
        }
        return document.ToJsonString();

        static JsonArray List(string? text) =>
            new((text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
    }

    private void Fill(KpiColumnMappingRecord record)
    {
        Id = record.Id;
        Version = record.Version;
        Name = record.Name;
        Kind = record.Kind;
        ModelState.Clear();
        if (ColumnMappings.Read(record, out var errors) is not { } mapping)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError(string.Empty, error);
            }
            return;
        }
        Delimiter = new string(mapping.Delimiter, 1);
        Columns = mapping.Columns.ToDictionary(c => c.Key, c => (string?)string.Join(" + ", c.Value));
        TimestampFormat = mapping.TimestampFormat;
        TimeZone = mapping.TimeZoneId;
        Durations = ColumnMapping.DurationFormats.First(f => f.Format == mapping.Durations).Name;
        TrueValues = mapping.Values.ToDictionary(v => v.Key, v => (string?)string.Join(", ", v.Value.True));
        FalseValues = mapping.Values.ToDictionary(v => v.Key, v => (string?)string.Join(", ", v.Value.False));
    }
}
