using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CertDesk.Data;

/// <summary>What a backup or a restore did: rows and tables, and the key that sealed the manifest.</summary>
public sealed record BackupSummary(long Rows, int Tables, string KeyId);

/// <summary>
/// A logical backup: every table of the model as JSON lines (one row a line, columns by property name, every timestamp
/// in UTC with its offset) in one zip, read in one transaction (a consistent snapshot) and restorable into an empty or
/// populated database of either provider. The manifest lists each table's part with its row count, byte count and
/// SHA-256, and is sealed (HMAC) with the key ring outside the database, so a restore refuses a missing, extra, altered
/// or re-sealed part before it touches anything. Rows stream in and out (memory does not grow with the backup).
/// The cookie key ring (DataProtectionKeys) is never in a backup: it stays with its server, encrypted at rest.
/// The file holds password and token hashes: keep it as safe as the database.
/// </summary>
public sealed class DatabaseBackup(CertDeskDbContext db, SealingKeys keys)
{
    public const int FormatVersion = 2;
    public const string ManifestName = "manifest.json";
    public const string SealName = "manifest.seal";
    public const string SealPurpose = "certdesk-backup-manifest";
    private const int BatchSize = 2000;
    private const int MaxManifestBytes = 1 << 20;

    private static readonly JsonSerializerOptions s_values = new() { Converters = { new JsonStringEnumConverter() } };
    private static readonly JsonSerializerOptions s_manifest = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
    private static readonly MethodInfo s_set = typeof(DbContext).GetMethods().Single(m => m.Name == nameof(DbContext.Set) && m.GetParameters().Length == 0);
    private static readonly MethodInfo s_sharedSet = typeof(DbContext).GetMethods().Single(m => m.Name == nameof(DbContext.Set) && m.GetParameters().Length == 1);

    public sealed record TablePart(string Table, string Part, long Rows, long Bytes, string Sha256);

    public sealed record Manifest(int FormatVersion, DateTimeOffset CreatedAt, string Provider, string? LastMigration, IReadOnlyList<TablePart> Tables);

    private sealed record ManifestSeal(string KeyId, string Hmac);

    /// <summary>One table: its entity type, its columns, and the nullable references set after every table is in (cycles).</summary>
    private sealed record TablePlan(IEntityType Entity, string Table, IReadOnlyList<IProperty> Properties, IReadOnlySet<IProperty> Deferred)
    {
        public string Part => $"tables/{Table}.jsonl";
        public bool IsPropertyBag => Entity.HasSharedClrType;
    }

    /// <summary>The tables a backup holds: every table of the model but the server's own cookie key ring.</summary>
    public static IEnumerable<string> BackedUpTables(IModel model) =>
        TableEntities(model).Select(e => e.GetTableName()!).Order(StringComparer.Ordinal);

    public async Task<BackupSummary> WriteAsync(Stream output, CancellationToken ct)
    {
        var plans = Plan();
        var parts = new List<TablePart>();
        string? lastMigration;
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            // One serializable transaction: a consistent snapshot of every table, streamed out row by row.
            await using (var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct))
            {
                foreach (var plan in plans)
                {
                    parts.Add(await WritePartAsync(zip, plan, ct));
                }
                lastMigration = (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault();
                await transaction.CommitAsync(ct);
            }
            var manifest = new Manifest(FormatVersion, db.Audit.Clock.GetUtcNow(), db.IsPostgres ? "postgres" : "sqlite", lastMigration, parts);
            var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, s_manifest);
            var (keyId, seal) = keys.Seal(SealPurpose, Encoding.UTF8.GetString(manifestBytes));
            await WriteEntryAsync(zip, ManifestName, manifestBytes, ct);
            await WriteEntryAsync(zip, SealName, JsonSerializer.SerializeToUtf8Bytes(new ManifestSeal(keyId, seal), s_manifest), ct);
            return new BackupSummary(parts.Sum(p => p.Rows), parts.Count, keyId);
        }
    }

    /// <summary>
    /// Checks the whole backup (seal, every part's presence, size, count and SHA-256), then replaces everything in the
    /// database with it in one transaction: all or nothing. Throws <see cref="InvalidDataException"/> naming what is wrong.
    /// </summary>
    public async Task<BackupSummary> RestoreAsync(Stream input, CancellationToken ct)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw new InvalidDataException("not a CertDesk backup (not a zip file)");
        }
        using (zip)
        {
            var (manifest, keyId) = await ReadManifestAsync(zip, ct);
            var plans = Plan();
            var byTable = CheckParts(zip, manifest, plans);
            foreach (var part in manifest.Tables)
            {
                await CheckPartContentAsync(zip.GetEntry(part.Part)!, part, ct);
            }

            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Audit.Suppressed = true;
            db.Audit.Restoring = true;
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                // The audit chain's write lock for the whole restore (PostgreSQL; a SQLite writer is alone anyway): the
                // rows go in by BulkInsert, not by an audited save that would take it, and no other node may extend the
                // chain from the head being replaced.
                await db.TakeWriteLockAsync(ct);
                await ClearAsync(plans, ct);
                foreach (var plan in plans.Where(p => byTable.ContainsKey(p.Table)))
                {
                    await InsertAsync(zip.GetEntry(plan.Part)!, plan, ct);
                }
                foreach (var plan in plans.Where(p => p.Deferred.Count > 0 && byTable.ContainsKey(p.Table)))
                {
                    await SetDeferredAsync(zip.GetEntry(plan.Part)!, plan, ct);
                }
                if (!byTable.ContainsKey("KpiDailyFacts"))
                {
                    // A backup made before the daily sums existed: they are derived from the facts it brought.
                    await Features.Proof.KpiDailyRollup.RebuildAsync(db.Database.GetDbConnection(), transaction.GetDbTransaction(), db.IsPostgres, ct);
                }
                if (db.IsPostgres)
                {
                    await ResetIdentitySequencesAsync(plans, ct);
                }
                await transaction.CommitAsync(ct);
            }
            finally
            {
                db.ChangeTracker.Clear();
                db.ChangeTracker.AutoDetectChangesEnabled = true;
                db.Audit.Suppressed = false;
                db.Audit.Restoring = false;
            }
            return new BackupSummary(manifest.Tables.Sum(t => t.Rows), manifest.Tables.Count, keyId);
        }
    }

    // ---- the plan: tables in insertion order ----

    private static IEnumerable<IEntityType> TableEntities(IModel model) =>
        model.GetEntityTypes().Where(e => e.GetTableName() is not null && e.ClrType != typeof(DataProtectionKey));

    private List<TablePlan> Plan()
    {
        var entities = TableEntities(db.Model).ToList();
        foreach (var group in entities.GroupBy(e => e.GetTableName()).Where(g => g.Count() > 1))
        {
            throw new InvalidOperationException($"table {group.Key} holds several entity types; the backup writes one entity type per table");
        }
        foreach (var entity in entities.Where(e => e.IsOwned() || e.GetProperties().Any(p => p.IsShadowProperty() && !e.HasSharedClrType)))
        {
            throw new InvalidOperationException($"{entity.DisplayName()} has owned or shadow properties, which the backup cannot read without tracking");
        }

        // Parents before children along required references (Kahn, ties by name); other references may point forward.
        var order = new List<IEntityType>();
        var remaining = entities.OrderBy(e => e.GetTableName(), StringComparer.Ordinal).ToList();
        while (remaining.Count > 0)
        {
            var next = remaining.FirstOrDefault(e => !e.GetForeignKeys().Any(fk => fk.IsRequired && fk.PrincipalEntityType != e && remaining.Contains(fk.PrincipalEntityType)))
                ?? throw new InvalidOperationException($"required references form a cycle among {string.Join(", ", remaining.Select(e => e.GetTableName()))}");
            order.Add(next);
            remaining.Remove(next);
        }
        return [.. order.Select((entity, index) =>
        {
            var deferred = entity.GetForeignKeys()
                .Where(fk => !fk.IsRequired && order.IndexOf(fk.PrincipalEntityType) >= index)
                .SelectMany(fk => fk.Properties)
                .Where(p => p.IsNullable && !p.IsPrimaryKey())
                .ToHashSet();
            return new TablePlan(entity, entity.GetTableName()!, [.. entity.GetProperties()], deferred);
        })];
    }

    // ---- writing ----

    private async Task<TablePart> WritePartAsync(ZipArchive zip, TablePlan plan, CancellationToken ct)
    {
        var entry = zip.CreateEntry(plan.Part, CompressionLevel.Fastest);
        await using var stream = entry.Open();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new ArrayBufferWriter<byte>(128 * 1024);
        await using var writer = new Utf8JsonWriter(buffer);
        long rows = 0;
        long bytes = 0;
        await foreach (var row in Rows(plan).WithCancellation(ct))
        {
            writer.WriteStartObject();
            foreach (var property in plan.Properties)
            {
                writer.WritePropertyName(property.Name);
                WriteValue(writer, Get(property, row));
            }
            writer.WriteEndObject();
            writer.Flush();
            writer.Reset();
            buffer.Write("\n"u8);
            rows++;
            if (buffer.WrittenCount >= 96 * 1024)
            {
                bytes += await FlushAsync(buffer, hash, stream, ct);
            }
        }
        bytes += await FlushAsync(buffer, hash, stream, ct);
        return new TablePart(plan.Table, plan.Part, rows, bytes, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static async Task<long> FlushAsync(ArrayBufferWriter<byte> buffer, IncrementalHash hash, Stream stream, CancellationToken ct)
    {
        var count = buffer.WrittenCount;
        hash.AppendData(buffer.WrittenSpan);
        await stream.WriteAsync(buffer.WrittenMemory, ct);
        buffer.ResetWrittenCount();
        return count;
    }

    private static async Task WriteEntryAsync(ZipArchive zip, string name, byte[] bytes, CancellationToken ct)
    {
        await using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        await stream.WriteAsync(bytes, ct);
    }

    private IAsyncEnumerable<object> Rows(TablePlan plan)
    {
        var set = plan.IsPropertyBag
            ? (IQueryable<object>)s_sharedSet.MakeGenericMethod(plan.Entity.ClrType).Invoke(db, [plan.Entity.Name])!
            : (IQueryable<object>)s_set.MakeGenericMethod(plan.Entity.ClrType).Invoke(db, null)!;
        return set.AsNoTracking().AsAsyncEnumerable();
    }

    private static object? Get(IProperty property, object row) =>
        property.IsIndexerProperty() ? ((IDictionary<string, object>)row).TryGetValue(property.Name, out var value) ? value : null
        : property.PropertyInfo is { } info ? info.GetValue(row)
        : property.FieldInfo!.GetValue(row);

    private static void Set(IProperty property, object row, object? value)
    {
        if (property.IsIndexerProperty())
        {
            ((IDictionary<string, object>)row)[property.Name] = value!;
        }
        else if (property.PropertyInfo is { SetMethod: not null } info)
        {
            info.SetValue(row, value);
        }
        else
        {
            property.FieldInfo!.SetValue(row, value);
        }
    }

    /// <summary>Timestamps are written in UTC with their offset ("Z"): a SQLite value read without one is UTC by the model's rule.</summary>
    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case decimal d: writer.WriteNumberValue(d); break;
            case double d: writer.WriteNumberValue(d); break;
            case Guid g: writer.WriteStringValue(g); break;
            case DateTimeOffset t: writer.WriteStringValue(t.ToUniversalTime()); break;
            case DateTime t: writer.WriteStringValue(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc)); break;
            case DateOnly d: writer.WriteStringValue(d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)); break;
            default: JsonSerializer.Serialize(writer, value, value.GetType(), s_values); break;
        }
    }

    // ---- checking ----

    private async Task<(Manifest Manifest, string KeyId)> ReadManifestAsync(ZipArchive zip, CancellationToken ct)
    {
        var manifestEntry = zip.GetEntry(ManifestName) ?? throw new InvalidDataException($"not a CertDesk backup (no {ManifestName})");
        var sealEntry = zip.GetEntry(SealName) ?? throw new InvalidDataException($"the backup is not sealed (no {SealName})");
        var manifestBytes = await ReadSmallAsync(manifestEntry, ct);
        ManifestSeal seal;
        try
        {
            seal = JsonSerializer.Deserialize<ManifestSeal>(await ReadSmallAsync(sealEntry, ct), s_manifest) ?? throw new InvalidDataException($"{SealName} is empty");
        }
        catch (JsonException)
        {
            throw new InvalidDataException($"{SealName} is not a seal");
        }
        var problem = keys.Check(SealPurpose, Encoding.UTF8.GetString(manifestBytes), seal.KeyId, seal.Hmac);
        if (problem is not null)
        {
            throw new InvalidDataException(problem.StartsWith("sealed with key", StringComparison.Ordinal)
                ? $"the backup was {problem}: put the key file of the server that made it in place ({SealingKeys.FileVariable} or data/certdesk.keys) and restore again"
                : $"the manifest's seal does not hold ({problem}): the backup was altered or sealed with another key");
        }
        Manifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(manifestBytes, s_manifest) ?? throw new InvalidDataException("empty manifest");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{ManifestName}: {e.Message}");
        }
        if (manifest.FormatVersion != FormatVersion)
        {
            throw new InvalidDataException($"backup format {manifest.FormatVersion} is not supported (expected {FormatVersion})");
        }
        return (manifest, seal.KeyId);
    }

    private static async Task<byte[]> ReadSmallAsync(ZipArchiveEntry entry, CancellationToken ct)
    {
        if (entry.Length > MaxManifestBytes)
        {
            throw new InvalidDataException($"{entry.FullName} is larger than {MaxManifestBytes} bytes");
        }
        await using var stream = entry.Open();
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory, ct);
        return memory.Length > MaxManifestBytes ? throw new InvalidDataException($"{entry.FullName} is larger than {MaxManifestBytes} bytes") : memory.ToArray();
    }

    /// <summary>The manifest's tables against the model, and the zip's members against the manifest: nothing missing, nothing extra.</summary>
    private Dictionary<string, TablePart> CheckParts(ZipArchive zip, Manifest manifest, List<TablePlan> plans)
    {
        var known = db.Database.GetMigrations().Select(MigrationName).ToList();
        if (manifest.LastMigration is not null && !known.Contains(MigrationName(manifest.LastMigration), StringComparer.Ordinal))
        {
            throw new InvalidDataException($"the backup was made by a newer CertDesk (migration {manifest.LastMigration})");
        }
        var sameVersion = manifest.LastMigration is not null && MigrationName(manifest.LastMigration) == known.LastOrDefault();
        var byTable = new Dictionary<string, TablePart>(StringComparer.Ordinal);
        foreach (var part in manifest.Tables)
        {
            var plan = plans.FirstOrDefault(p => p.Table == part.Table) ?? throw new InvalidDataException($"the manifest lists table {part.Table}, which CertDesk does not have");
            if (part.Part != plan.Part || !byTable.TryAdd(part.Table, part))
            {
                throw new InvalidDataException($"the manifest lists table {part.Table} twice or under another name ({part.Part})");
            }
        }
        // A backup of an older version may lack tables added since (they stay empty); one of this version has them all.
        var missingTables = plans.Where(p => !byTable.ContainsKey(p.Table)).Select(p => p.Table).ToList();
        if (sameVersion && missingTables.Count > 0)
        {
            throw new InvalidDataException($"the manifest lacks table(s) {string.Join(", ", missingTables)}");
        }
        var expected = byTable.Values.Select(p => p.Part).Append(ManifestName).Append(SealName).ToHashSet(StringComparer.Ordinal);
        var members = zip.Entries.Select(e => e.FullName).ToList();
        var extra = members.Where(m => !expected.Contains(m)).ToList();
        if (extra.Count > 0)
        {
            throw new InvalidDataException($"the backup holds part(s) its manifest does not list: {string.Join(", ", extra)}");
        }
        if (members.Count != members.Distinct(StringComparer.Ordinal).Count())
        {
            throw new InvalidDataException("the backup holds a part twice");
        }
        var missing = expected.Where(e => !members.Contains(e, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"the backup lacks part(s) its manifest lists: {string.Join(", ", missing)}");
        }
        return byTable;
    }

    /// <summary>Reads a part once, stopping at its declared size: its SHA-256 and its line count must be the manifest's.</summary>
    private static async Task CheckPartContentAsync(ZipArchiveEntry entry, TablePart part, CancellationToken ct)
    {
        if (entry.Length != part.Bytes)
        {
            throw new InvalidDataException($"{part.Part}: {entry.Length} bytes, the manifest says {part.Bytes}");
        }
        await using var stream = entry.Open();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            long bytes = 0;
            long lines = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0)
            {
                bytes += read;
                if (bytes > part.Bytes)
                {
                    throw new InvalidDataException($"{part.Part}: longer than the {part.Bytes} bytes the manifest says");
                }
                hash.AppendData(buffer, 0, read);
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }
            if (bytes != part.Bytes || lines != part.Rows)
            {
                throw new InvalidDataException($"{part.Part}: {lines} rows in {bytes} bytes, the manifest says {part.Rows} rows in {part.Bytes} bytes");
            }
            if (!CryptographicOperations.FixedTimeEquals(hash.GetHashAndReset(), Convert.FromHexString(part.Sha256)))
            {
                throw new InvalidDataException($"{part.Part}: its SHA-256 is not the manifest's (the part was altered)");
            }
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"{part.Part}: the manifest's SHA-256 is not hexadecimal");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // ---- restoring ----

    private async Task InsertAsync(ZipArchiveEntry entry, TablePlan plan, CancellationToken ct)
    {
        // Written by BulkInsert (prepared statements, values through the model's own type mappings), not tracked by the
        // change tracker: tracking each of a million facts cost several times the write itself.
        var batch = new List<object>(BatchSize);
        await foreach (var (row, _) in ReadRowsAsync(entry, plan, ct))
        {
            foreach (var property in plan.Deferred)
            {
                Set(property, row, null);
            }
            batch.Add(row);
            if (batch.Count == BatchSize)
            {
                await BulkInsert.InsertAsIsAsync(db, plan.Entity, batch, ct);
                batch.Clear();
            }
        }
        await BulkInsert.InsertAsIsAsync(db, plan.Entity, batch, ct);
    }

    /// <summary>The references left out on insert (they point at rows inserted later, or at their own table), set now.</summary>
    private async Task SetDeferredAsync(ZipArchiveEntry entry, TablePlan plan, CancellationToken ct)
    {
        var pending = 0;
        await foreach (var (row, hasDeferred) in ReadRowsAsync(entry, plan, ct))
        {
            if (!hasDeferred)
            {
                continue;
            }
            var tracked = EntryOf(plan, row);
            tracked.State = EntityState.Unchanged;
            foreach (var property in plan.Deferred)
            {
                tracked.Property(property.Name).IsModified = true;
            }
            if (++pending == BatchSize)
            {
                await SaveBatchAsync(ct);
                pending = 0;
            }
        }
        await SaveBatchAsync(ct);
    }

    private Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry EntryOf(TablePlan plan, object row) =>
        plan.IsPropertyBag ? db.Set<Dictionary<string, object>>(plan.Entity.Name).Entry((Dictionary<string, object>)row) : db.Entry(row);

    private async Task SaveBatchAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>Streams a part's rows (one JSON object a line); each with whether any deferred reference is set.</summary>
    private static async IAsyncEnumerable<(object Row, bool HasDeferred)> ReadRowsAsync(ZipArchiveEntry entry, TablePlan plan, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var properties = plan.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        await using var stream = entry.Open();
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 128 * 1024));
        long line = 0;
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            var buffer = result.Buffer;
            var rows = new List<(object, bool)>();
            while (TryReadLine(ref buffer, out var text))
            {
                line++;
                rows.Add(ParseRow(text, plan, properties, line));
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            foreach (var row in rows)
            {
                yield return row;
            }
            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    throw new InvalidDataException($"{plan.Part}: the last line does not end");
                }
                break;
            }
        }
        await reader.CompleteAsync();
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var end = buffer.PositionOf((byte)'\n');
        if (end is null)
        {
            line = default;
            return false;
        }
        line = buffer.Slice(0, end.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, end.Value));
        return true;
    }

    private static (object Row, bool HasDeferred) ParseRow(ReadOnlySequence<byte> text, TablePlan plan, Dictionary<string, IProperty> properties, long line)
    {
        var row = plan.IsPropertyBag ? new Dictionary<string, object>(StringComparer.Ordinal) : Activator.CreateInstance(plan.Entity.ClrType, nonPublic: true)!;
        var hasDeferred = false;
        var reader = new Utf8JsonReader(text);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidDataException("not a JSON object");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (!properties.TryGetValue(name, out var property))
                {
                    throw new InvalidDataException($"column {name} is not in CertDesk's table");
                }
                reader.Read();
                var value = ReadValue(ref reader, property.ClrType);
                if (value is null && !property.IsNullable)
                {
                    throw new InvalidDataException($"column {name} is empty");
                }
                hasDeferred |= value is not null && plan.Deferred.Contains(property);
                Set(property, row, value);
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or InvalidDataException)
        {
            throw new InvalidDataException($"{plan.Part} row {line}: {e.Message}");
        }
        return (row, hasDeferred);
    }

    private static object? ReadValue(ref Utf8JsonReader reader, Type type)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(string) => reader.GetString(),
            _ when underlying == typeof(int) => reader.GetInt32(),
            _ when underlying == typeof(long) => reader.GetInt64(),
            _ when underlying == typeof(bool) => reader.GetBoolean(),
            _ when underlying == typeof(decimal) => reader.GetDecimal(),
            _ when underlying == typeof(double) => reader.GetDouble(),
            _ when underlying == typeof(Guid) => reader.GetGuid(),
            // PostgreSQL stores instants in UTC only: every timestamp is brought to offset zero.
            _ when underlying == typeof(DateTimeOffset) => reader.GetDateTimeOffset().ToUniversalTime(),
            _ when underlying == typeof(DateTime) => DateTime.SpecifyKind(reader.GetDateTimeOffset().UtcDateTime, DateTimeKind.Utc),
            _ => JsonSerializer.Deserialize(ref reader, underlying, s_values),
        };
    }

    private async Task ClearAsync(List<TablePlan> plans, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        // Break nullable references first, then delete children before parents (the insertion order reversed).
#pragma warning disable EF1002 // identifiers come from the model, not from input
        foreach (var plan in plans)
        {
            foreach (var fk in plan.Entity.GetForeignKeys().Where(fk => !fk.IsRequired))
            {
                var sets = string.Join(", ", fk.Properties.Select(p => $"{sql.DelimitIdentifier(p.GetColumnName())} = NULL"));
                await db.Database.ExecuteSqlRawAsync($"UPDATE {sql.DelimitIdentifier(plan.Table)} SET {sets}", ct);
            }
        }
        foreach (var plan in Enumerable.Reverse(plans))
        {
            await db.Database.ExecuteSqlRawAsync($"DELETE FROM {sql.DelimitIdentifier(plan.Table)}", ct);
        }
#pragma warning restore EF1002
    }

    private async Task ResetIdentitySequencesAsync(List<TablePlan> plans, CancellationToken ct)
    {
        foreach (var plan in plans)
        {
            var key = plan.Entity.FindPrimaryKey();
            if (key is { Properties.Count: 1 } && key.Properties[0].ValueGenerated == ValueGenerated.OnAdd && key.Properties[0].ClrType is var type && (type == typeof(int) || type == typeof(long)))
            {
                var column = key.Properties[0].GetColumnName();
#pragma warning disable EF1002 // identifiers come from the model
                await db.Database.ExecuteSqlRawAsync(
                    $"SELECT setval(pg_get_serial_sequence('\"{plan.Table}\"', '{column}'), COALESCE((SELECT MAX(\"{column}\") FROM \"{plan.Table}\"), 0) + 1, false)", ct);
#pragma warning restore EF1002
            }
        }
    }

    private static string MigrationName(string id) => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..];
}
