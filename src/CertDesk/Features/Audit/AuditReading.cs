using System.Text.Json;
using System.Text.RegularExpressions;

namespace CertDesk.Features.Audit;

/// <summary>
/// Audit entries as people read them: the record type and fields in words, enum numbers as their labels, ids as the
/// names of the people and things they point to, JSON lists as lists and times to the second in UTC (labelled).
/// Built once per page of entries: the ids of that page are looked up in one query per kind of record. The entries of
/// the trail never change, so a reading (and each entry's changes in words, worked out at its first showing) is kept for
/// the data version (<see cref="VersionedCache"/>): a new name behind an id is a new version.
/// </summary>
public sealed partial class AuditReading
{
    private readonly Dictionary<Guid, string> _names;
    private readonly Dictionary<string, string> _actors;
    private readonly Dictionary<string, Type> _types;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, IReadOnlyList<string>> _changes = new();

    private AuditReading(Dictionary<Guid, string> names, Dictionary<string, string> actors, Dictionary<string, Type> types)
    {
        _names = names;
        _actors = actors;
        _types = types;
    }

    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss 'UTC'";

    /// <summary>Reads the names behind every id the entries mention, and who each actor is (kept for the data version).</summary>
    public static Task<AuditReading> ForAsync(CertDeskDbContext db, VersionedCache versioned, IReadOnlyCollection<AuditEntry> entries, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(versioned);
        return versioned.GetOrCreateAsync(("audit reading", string.Join(',', entries.Select(e => e.Sequence))), () => ReadAsync(db, entries, ct), ct);
    }

    private static async Task<AuditReading> ReadAsync(CertDeskDbContext db, IReadOnlyCollection<AuditEntry> entries, CancellationToken ct)
    {
        var ids = new HashSet<Guid>();
        foreach (var e in entries)
        {
            if (Guid.TryParse(e.EntityId, out var own))
            {
                ids.Add(own);
            }
            foreach (Match m in GuidPattern().Matches((e.Before ?? "") + (e.After ?? "")))
            {
                ids.Add(Guid.Parse(m.Value));
            }
        }
        var queries = s_queries.GetValue(db.Model, _ => new Queries());
        var names = new Dictionary<Guid, string>();
        if (ids.Count > 0)
        {
            await foreach (var x in queries.Names(db, [.. ids]).WithCancellation(ct))
            {
                names[x.Id] = x.Name;
            }
            await foreach (var x in queries.Users(db, [.. ids.Select(g => g.ToString())]).WithCancellation(ct))
            {
                names[Guid.Parse(x.Id)] = string.IsNullOrEmpty(x.DisplayName) ? x.Email ?? "a user" : x.DisplayName;
            }
        }
        var emails = entries.Select(e => e.Actor).Where(a => a.StartsWith("user:", StringComparison.Ordinal)).Select(a => a[5..]).Distinct().ToList();
        var actors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var x in queries.Actors(db, emails).WithCancellation(ct))
        {
            if (!string.IsNullOrEmpty(x.DisplayName))
            {
                actors[x.Email!] = x.DisplayName;
            }
        }
        s_types ??= db.Model.GetEntityTypes().Where(t => !t.HasSharedClrType)
            .GroupBy(t => t.ClrType.Name).ToDictionary(g => g.Key, g => g.First().ClrType, StringComparer.Ordinal);
        return new AuditReading(names, actors, s_types);
    }

    /// <summary>The record types by the name the audit trail stores (the same for every database).</summary>
    private static Dictionary<string, Type>? s_types;

    private sealed record NamedId(Guid Id, string Name);

    private sealed record UserName(string Id, string? DisplayName, string? Email);

    /// <summary>
    /// The reading's three queries, compiled once per model (a compiled query belongs to the model it first ran with): pages with a
    /// history read one on every view, and building, hashing and looking up the nine-way union's expression tree each
    /// time was most of such a page's server time under load.
    /// </summary>
    private sealed class Queries
    {
        /// <summary>The records an entry may name (a certification's issuer and competencies, a competency's parent: the
        /// catalog's own histories name them); the UNION ALL of nine lookups costs one round trip.</summary>
        public Func<CertDeskDbContext, List<Guid>, IAsyncEnumerable<NamedId>> Names { get; } = EF.CompileAsyncQuery((CertDeskDbContext db, List<Guid> list) =>
            db.Employees.AsNoTracking().Where(x => list.Contains(x.Id)).Select(x => new { x.Id, Name = x.FirstName + " " + x.LastName })
                .Concat(db.Certifications.AsNoTracking().Where(x => list.Contains(x.Id)).Select(x => new { x.Id, Name = x.Code + " " + x.Name }))
                .Concat(db.Issuers.AsNoTracking().Where(x => list.Contains(x.Id)).Select(x => new { x.Id, x.Name }))
                .Concat(db.Competencies.AsNoTracking().Where(x => list.Contains(x.Id)).Select(x => new { x.Id, x.Name }))
                .Concat(db.Teams.AsNoTracking().Where(x => list.Contains(x.Id)).Select(x => new { x.Id, x.Name }))
                .Concat(db.Sites.AsNoTracking().Where(x => list.Contains(x.Id)).Select(x => new { x.Id, x.Name }))
                .Concat(db.TuitionPolicies.AsNoTracking().Where(x => list.Contains(x.Id)).Select(x => new { x.Id, x.Name }))
                .Concat(db.Queues.AsNoTracking().Where(x => list.Contains(x.Id)).Select(x => new { x.Id, x.Name }))
                .Concat(db.Sessions.AsNoTracking().Where(x => list.Contains(x.Id)).Select(x => new { x.Id, Name = x.Title }))
                .Select(x => new NamedId(x.Id, x.Name)));

        public Func<CertDeskDbContext, List<string>, IAsyncEnumerable<UserName>> Users { get; } = EF.CompileAsyncQuery((CertDeskDbContext db, List<string> ids) =>
            db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new UserName(u.Id, u.DisplayName, u.Email)));

        public Func<CertDeskDbContext, List<string>, IAsyncEnumerable<UserName>> Actors { get; } = EF.CompileAsyncQuery((CertDeskDbContext db, List<string> emails) =>
            db.Users.AsNoTracking().Where(u => u.Email != null && emails.Contains(u.Email)).Select(u => new UserName(u.Id, u.DisplayName, u.Email)));
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Microsoft.EntityFrameworkCore.Metadata.IModel, Queries> s_queries = [];

    /// <summary>Who made the change: the person's name, or what part of CertDesk did it.</summary>
    public string Actor(string actor) => actor switch
    {
        _ when actor.StartsWith("user:", StringComparison.Ordinal) => _actors.GetValueOrDefault(actor[5..]) ?? actor[5..],
        _ when actor.StartsWith("system:", StringComparison.Ordinal) => $"CertDesk ({Labels.Of(actor[7..].Replace('-', '_'))})",
        "anonymous" => "Someone not signed in",
        _ => actor,
    };

    public static string Action(string action) => action switch
    {
        "Added" => "Added",
        "Modified" => "Changed",
        "Deleted" => "Removed",
        _ => action,
    };

    public static string When(DateTimeOffset at) => at.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>The record in words: its type and, when known, the name of what it is.</summary>
    public string Record(AuditEntry entry) =>
        Guid.TryParse(entry.EntityId, out var id) && _names.TryGetValue(id, out var name)
            ? $"{Labels.Record(entry.EntityType)}: {name}"
            : Labels.Record(entry.EntityType);

    /// <summary>
    /// "Field: old → new" for every field the entry changed, in words. Who and what the record is about (its
    /// references to people, certifications, teams) come first: the screen shows the first few lines of an added record.
    /// </summary>
    public IReadOnlyList<string> Changes(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _changes.GetOrAdd(entry.Sequence, _ => Describe(entry));
    }

    private IReadOnlyList<string> Describe(AuditEntry entry)
    {
        var type = _types.GetValueOrDefault(entry.EntityType);
        return [.. AuditChange.Of(entry)
            .Where(c => !IsSecretOrNoise(c.Field))
            .OrderBy(c => IsReference(type, c.Field) ? 0 : 1)
            .Select(c => (Field: Labels.Field(c.Field), Before: Value(type, c.Field, c.Before), After: Value(type, c.Field, c.After)))
            .Where(c => c.Before != c.After)
            .Select(c => (c.Before, c.After) switch
            {
                (null, not null) => $"{c.Field}: {c.After}",
                (not null, null) => $"{c.Field}: {c.Before} → (empty)",
                _ => $"{c.Field}: {c.Before} → {c.After}",
            })];
    }

    // CostSource is the code behind CostBasis, which says the same in words.
    private static bool IsSecretOrNoise(string field) =>
        field is "ConcurrencyStamp" or "SecurityStamp" or "NormalizedEmail" or "NormalizedUserName" or "Hash" or "PreviousHash" or "CostSource";

    private static bool IsReference(Type? type, string field) =>
        type?.GetProperty(field)?.PropertyType is { } t && (Nullable.GetUnderlyingType(t) ?? t) == typeof(Guid) && field != "Id";

    private string? Value(Type? type, string field, string? raw)
    {
        if (raw is null)
        {
            return null;
        }
        var property = type?.GetProperty(field);
        var clr = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (clr is { IsEnum: true } && long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return Labels.Of(Enum.ToObject(clr, number).ToString());
        }
        if (clr == typeof(Guid) || GuidPattern().IsMatch(raw) && raw.Length == 36)
        {
            return Guid.TryParse(raw, out var id) && _names.TryGetValue(id, out var name) ? name : "another record";
        }
        if ((clr == typeof(DateTimeOffset) || clr == typeof(DateTime)) &&
            DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return When(at);
        }
        if ((raw.StartsWith('[') || raw.StartsWith('{')) && TryJson(raw) is { } json)
        {
            return json;
        }
        if (CodeList().IsMatch(raw))
        {
            return Labels.List(raw.Split(','));
        }
        return raw;
    }

    // A JSON list reads as a list; a JSON object (a certification's sources, keyed by fact code) as "Fact: value; ...".
    private string? TryJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var facts = root.EnumerateObject().Select(p => $"{Labels.Of(p.Name)}: {Item(p.Value)}").ToList();
                return facts.Count == 0 ? "none" : string.Join("; ", facts);
            }
            if (root.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var items = root.EnumerateArray().Select(Item).ToList();
            return items.Count == 0 ? "none" : string.Join(", ", items);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private string Item(JsonElement item)
    {
        var text = item.ValueKind == JsonValueKind.String ? item.GetString() ?? "" : item.GetRawText();
        return Guid.TryParse(text, out var id) ? _names.GetValueOrDefault(id, "another record") : text;
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();

    // Codes stored as text ("resignation,for_cause"): every item is lower-case words joined by underscores.
    [GeneratedRegex("^(?=.*[_,])[a-z]+(_[a-z]+)*(,[a-z]+(_[a-z]+)*)*$")]
    private static partial Regex CodeList();
}
