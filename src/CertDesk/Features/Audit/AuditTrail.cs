using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CertDesk.Features.Audit;

/// <summary>Writes every change into the hash-chained, sealed trail, in the same SaveChanges, and checks the chain.</summary>
public static class AuditTrail
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The purpose of an entry's seal (HMAC of its chained hash): a seal of another kind never passes for it.</summary>
    public const string SealPurpose = "certdesk-audit-entry";

    // Secrets never enter the trail: it is readable by auditors.
    private static readonly HashSet<string> s_secretProperties = new(StringComparer.Ordinal)
    {
        nameof(AppUser.PasswordHash), nameof(AppUser.SecurityStamp), nameof(AppUser.ConcurrencyStamp), nameof(ApiToken.TokenHash),
    };

    public static void Stamp(CertDeskDbContext db) => StampAsync(db, CancellationToken.None).GetAwaiter().GetResult();

    public static async Task StampAsync(CertDeskDbContext db, CancellationToken ct)
    {
        if (db.Audit.Suppressed)
        {
            return;
        }
        db.ChangeTracker.DetectChanges();
        var changes = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Where(e => IsAudited(e.Entity.GetType()))
            .ToList();
        if (changes.Count == 0)
        {
            return;
        }

        var chain = await HeadAsync(db, ct);
        foreach (var change in changes)
        {
            if (change.State == EntityState.Modified && change.Entity is IVersioned versioned)
            {
                versioned.Version++;
            }
            db.AuditEntries.Add(chain.Next(
                change.State.ToString(),
                change.Metadata.ClrType.Name,
                KeyOf(change.Metadata, p => change.Property(p.Name).CurrentValue),
                before: change.State == EntityState.Added ? null : Snapshot(change, original: true),
                after: change.State == EntityState.Deleted ? null : Snapshot(change, original: false)));
        }
    }

    /// <summary>
    /// The chain as it stands, to be extended: read under the write lock (the caller's transaction holds it), so no
    /// other writer can take the same sequence numbers. In plain SQL: every audited save asks, and in a command that
    /// saves once a LINQ query's first compile cost more than the save (0.14 s of a CDR import's 0.28 s record).
    /// </summary>
    public static async Task<AuditChain> HeadAsync(CertDeskDbContext db, CancellationToken ct)
    {
        var last = await db.ReadRowsAsync(
            "SELECT \"Sequence\", \"Hash\" FROM \"AuditEntries\" ORDER BY \"Sequence\" DESC LIMIT 1",
            r => (Sequence: r.GetInt64(0), Hash: r.GetString(1)), ct);
        var at = db.Audit.Clock.GetUtcNow();
        at = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
        return last is [var head] ? new AuditChain(db.Audit, head.Sequence, head.Hash, at) : new AuditChain(db.Audit, 0, Genesis, at);
    }

    /// <summary>
    /// The entry of an entity inserted without the change tracker (<see cref="Data.BulkInsert"/>): the same content, hash
    /// and seal a tracked save gives an added entity, its values read through the model as the change tracker reads them.
    /// </summary>
    /// <param name="read">How a property's value is read (the caller picks EF's compiled getters or reflection).</param>
    public static AuditEntry Added(AuditChain chain, IEntityType type, object entity, Func<IProperty, Func<object, object?>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var after = Serialize(type.GetProperties().Select(p => (p.Name, read(p)(entity))));
        return chain.Next(nameof(EntityState.Added), type.ClrType.Name, KeyOf(type, p => read(p)(entity)), before: null, after);
    }

    /// <summary>Whether a change of this entity type enters the trail (its own entries, keys and technical rows do not).</summary>
    public static bool IsAudited(Type type) =>
        type != typeof(AuditEntry) && type != typeof(DataProtectionKey) && !typeof(IUnaudited).IsAssignableFrom(type);

    public static string ComputeHash(AuditEntry e)
    {
        var content = string.Join('\u001f',
            e.PreviousHash,
            e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            e.At.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            e.Actor, e.Action, e.EntityType, e.EntityId, e.Before ?? "\u0000", e.After ?? "\u0000");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
    }

    /// <summary>
    /// Walks the chain: every sequence number present, each entry following the previous one, its hash recomputed and
    /// its seal holding under the key it names (so a rewrite that recomputes the hashes is caught). Returns the first
    /// broken link. Truncation of the newest entries leaves a chain intact: <see cref="AuditCheckpoints.VerifyAsync"/>
    /// compares with the last checkpoint as well.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(CertDeskDbContext db, CancellationToken ct)
    {
        var keys = db.Audit.Keys ?? throw new InvalidOperationException("the audit trail is verified with the sealing keys");
        var previous = Genesis;
        long expectedSequence = 0;
        long count = 0;
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            expectedSequence++;
            count++;
            if (e.Sequence != expectedSequence)
            {
                return new AuditVerification(false, count, e.Sequence, $"entry {expectedSequence} is missing");
            }
            if (e.PreviousHash != previous)
            {
                return new AuditVerification(false, count, e.Sequence, $"entry {e.Sequence} does not follow entry {e.Sequence - 1}");
            }
            if (ComputeHash(e) != e.Hash)
            {
                return new AuditVerification(false, count, e.Sequence, $"entry {e.Sequence} was altered");
            }
            if (keys.Check(SealPurpose, e.Hash, e.KeyId, e.Seal) is { } problem)
            {
                return new AuditVerification(false, count, e.Sequence, $"entry {e.Sequence}: {problem} (rewritten without the key?)");
            }
            previous = e.Hash;
        }
        return new AuditVerification(true, count, null, null);
    }

    /// <summary>
    /// Seals the entries an older CertDesk wrote unsealed, if their chain holds: only those before the first sealed
    /// entry (an unsealed entry after it stays unsealed, and fails verify). Returns whether any was sealed.
    /// </summary>
    public static async Task<bool> SealLegacyAsync(CertDeskDbContext db, CancellationToken ct)
    {
        // Plain SQL for the question every start asks (see CertDeskDbContext.ReadRowsAsync); almost always "none".
        if (db.Audit.Keys is not { } keys
            || !await db.AnyRowAsync("SELECT 1 FROM \"AuditEntries\" WHERE \"Seal\" IS NULL LIMIT 1", ct))
        {
            return false;
        }
        var firstSealed = await db.AuditEntries.Where(a => a.Seal != null).MinAsync(a => (long?)a.Sequence, ct) ?? long.MaxValue;
        var previous = Genesis;
        long expected = 0;
        var legacy = db.AuditEntries.Where(a => a.Sequence < firstSealed).OrderBy(a => a.Sequence).AsAsyncEnumerable();
        await foreach (var e in legacy.WithCancellation(ct))
        {
            if (e.Sequence != ++expected || e.PreviousHash != previous || ComputeHash(e) != e.Hash)
            {
                db.ChangeTracker.Clear();
                return false; // a broken chain is not sealed: verify reports it
            }
            (e.KeyId, e.Seal) = keys.Seal(SealPurpose, e.Hash);
            previous = e.Hash;
        }
        var sealedAny = await db.SaveChangesAsync(ct) > 0;
        db.ChangeTracker.Clear();
        return sealedAny;
    }

    private static string KeyOf(IEntityType type, Func<IProperty, object?> value)
    {
        var key = type.FindPrimaryKey();
        if (key is null)
        {
            return "";
        }
        return string.Join("/", key.Properties.Select(p => Convert.ToString(value(p), System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static string Snapshot(EntityEntry change, bool original)
    {
        var values = new List<(string Name, object? Value)>();
        foreach (var property in change.Properties)
        {
            if (change.State == EntityState.Modified && !property.IsModified && !property.Metadata.IsPrimaryKey())
            {
                continue; // "before" and "after" of an update show only what changed
            }
            values.Add((property.Metadata.Name, original ? property.OriginalValue : property.CurrentValue));
        }
        return Serialize(values);
    }

    /// <summary>
    /// The properties as one JSON object, names in ordinal order: the text <c>JsonSerializer.Serialize</c> gives for a
    /// sorted dictionary of them (<c>AuditJsonTests</c> compares the two for every property type of the model).
    /// </summary>
    internal static string Serialize(IEnumerable<(string Name, object? Value)> properties)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in properties)
        {
            if (s_secretProperties.Contains(name))
            {
                continue;
            }
            // Files (receipts, evidence) are named by length here; their SHA-256 sits beside them in the row.
            values[name] = value is byte[] bytes ? $"({bytes.Length} bytes)" : value;
        }
        var json = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in values)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(json.WrittenSpan);
    }

    /// <summary>
    /// A value as the serializer's built-in converter writes it. Written here because the serializer's first use in a
    /// process sets up its reflection-based converters (about 30 ms of every command's first audited save, before the
    /// save itself); a type not listed still goes through the serializer.
    /// </summary>
    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case Guid id:
                writer.WriteStringValue(id);
                break;
            case DateTime at:
                writer.WriteStringValue(at);
                break;
            case DateTimeOffset at:
                writer.WriteStringValue(at);
                break;
            case DateOnly day:
                writer.WriteStringValue(day.ToString("O", CultureInfo.InvariantCulture));
                break;
            case TimeOnly time:
                writer.WriteStringValue(time.ToTimeSpan().ToString("c", CultureInfo.InvariantCulture));
                break;
            case Enum when value.GetType() is var type && Enum.GetUnderlyingType(type) == typeof(int)
                && !type.IsDefined(typeof(System.Text.Json.Serialization.JsonConverterAttribute), inherit: false):
                writer.WriteNumberValue((int)value);
                break;
            case IReadOnlyDictionary<string, string> map when value.GetType() == typeof(Dictionary<string, string>):
                writer.WriteStartObject();
                foreach (var (key, text) in map)
                {
                    writer.WritePropertyName(key);
                    writer.WriteStringValue(text);
                }
                writer.WriteEndObject();
                break;
            default:
                writer.WriteRawValue(JsonSerializer.Serialize(value, value.GetType()), skipInputValidation: true);
                break;
        }
    }
}

/// <summary>The head of the audit chain during one save: each entry takes the next sequence number and follows the last hash.</summary>
public sealed class AuditChain(AuditContext audit, long sequence, string previous, DateTimeOffset at)
{
    public AuditEntry Next(string action, string entityType, string entityId, string? before, string? after)
    {
        var entry = new AuditEntry
        {
            Sequence = ++sequence,
            At = at,
            Actor = audit.Actor,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Before = before,
            After = after,
            PreviousHash = previous,
            Hash = "",
        };
        entry.Hash = AuditTrail.ComputeHash(entry);
        if (audit.Keys is { } keys)
        {
            (entry.KeyId, entry.Seal) = keys.Seal(AuditTrail.SealPurpose, entry.Hash);
        }
        previous = entry.Hash;
        return entry;
    }
}

/// <summary>The outcome of <c>audit verify</c>: the chain and, when there is one, the last checkpoint it was compared with.</summary>
public sealed record AuditVerification(bool Intact, long EntriesChecked, long? BrokenAt, string? Problem)
{
    public long? CheckpointSequence { get; init; }
    public DateTimeOffset? CheckpointAt { get; init; }
}
