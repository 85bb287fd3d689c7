using System.Collections;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CertDesk.Data;

/// <summary>
/// A logical backup: every table of the model as JSON in one zip, read in one transaction (a consistent
/// snapshot), restorable into either provider. Provider dump tools (pg_dump, sqlite .backup) would tie a
/// backup to one database and one server version; this one moves an organization from SQLite to PostgreSQL too.
/// The file holds password and token hashes: keep it as safe as the database.
/// </summary>
public sealed class DatabaseBackup(CertDeskDbContext db)
{
    public const int FormatVersion = 1;
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = false };
    private static readonly MethodInfo s_setMethod = typeof(DbContext).GetMethods().Single(m => m.Name == nameof(DbContext.Set) && m.GetParameters().Length == 0);

    private sealed record Manifest(int FormatVersion, DateTimeOffset CreatedAt, string Provider, string? LastMigration, Dictionary<string, int> Rows);

    public async Task<IReadOnlyDictionary<string, int>> WriteAsync(Stream output, CancellationToken ct)
    {
        // Read in one serializable transaction (a consistent snapshot), run through the execution strategy: the
        // PostgreSQL provider's retrying strategy refuses a transaction started outside it.
        var tables = new List<(string Name, IList Items)>();
        IEnumerable<string> migrations = [];
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            tables.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct);
            foreach (var entity in Tables())
            {
                tables.Add((entity.ClrType.Name, await LoadAsync(entity.ClrType, ct)));
            }
            migrations = await db.Database.GetAppliedMigrationsAsync(ct);
            await transaction.CommitAsync(ct);
        });

        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, items) in tables)
            {
                rows[name] = items.Count;
                var part = zip.CreateEntry($"{name}.json", CompressionLevel.Optimal);
                await using var stream = part.Open();
                await JsonSerializer.SerializeAsync(stream, items, items.GetType(), s_json, ct);
            }
            var manifest = new Manifest(FormatVersion, db.Audit.Clock.GetUtcNow(), db.IsPostgres ? "postgres" : "sqlite", migrations.LastOrDefault(), rows);
            await using var manifestStream = zip.CreateEntry("manifest.json").Open();
            await JsonSerializer.SerializeAsync(manifestStream, manifest, s_json, ct);
        }
        return rows;
    }

    /// <summary>Replaces everything in the database with the backup, in one transaction: all or nothing.</summary>
    public async Task<IReadOnlyDictionary<string, int>> RestoreAsync(Stream input, CancellationToken ct)
    {
        using var zip = new ZipArchive(input, ZipArchiveMode.Read);
        var manifestEntry = zip.GetEntry("manifest.json") ?? throw new InvalidDataException("not a CertDesk backup (no manifest.json)");
        Manifest manifest;
        await using (var stream = manifestEntry.Open())
        {
            manifest = await JsonSerializer.DeserializeAsync<Manifest>(stream, s_json, ct) ?? throw new InvalidDataException("empty manifest");
        }
        if (manifest.FormatVersion != FormatVersion)
        {
            throw new InvalidDataException($"backup format {manifest.FormatVersion} is not supported (expected {FormatVersion})");
        }
        // Each provider's folder has the same migration names (one script adds each to both); the timestamps differ.
        var known = db.Database.GetMigrations().Select(MigrationName).ToList();
        if (manifest.LastMigration is not null && !known.Contains(MigrationName(manifest.LastMigration), StringComparer.Ordinal))
        {
            throw new InvalidDataException($"the backup was made by a newer CertDesk (migration {manifest.LastMigration})");
        }

        var tables = Tables().ToList();
        var data = new Dictionary<IEntityType, IList>();
        foreach (var entity in tables)
        {
            var part = zip.GetEntry($"{entity.ClrType.Name}.json");
            var listType = typeof(List<>).MakeGenericType(entity.ClrType);
            if (part is null)
            {
                data[entity] = (IList)Activator.CreateInstance(listType)!;
                continue;
            }
            await using var stream = part.Open();
            data[entity] = (IList)(await JsonSerializer.DeserializeAsync(stream, listType, s_json, ct) ?? Activator.CreateInstance(listType)!);
        }

        db.Audit.Suppressed = true;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await ClearAsync(tables, ct);

            // Nullable foreign keys can form cycles (a team's lead is a member of the team): insert without them, then set them.
            var deferred = new List<(object Entity, PropertyInfo Property, object? Value)>();
            foreach (var (entity, items) in data)
            {
                var nullableForeignKeys = entity.GetForeignKeys().Where(fk => !fk.IsRequired).SelectMany(fk => fk.Properties).Select(p => p.PropertyInfo).OfType<PropertyInfo>().ToList();
                foreach (var item in items)
                {
                    foreach (var property in nullableForeignKeys)
                    {
                        var value = property.GetValue(item);
                        if (value is not null)
                        {
                            deferred.Add((item, property, value));
                            property.SetValue(item, null);
                        }
                    }
                    db.Add(item);
                }
            }
            await db.SaveChangesAsync(ct);
            foreach (var (entity, property, value) in deferred)
            {
                property.SetValue(entity, value);
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            if (db.IsPostgres)
            {
                await ResetIdentitySequencesAsync(tables, ct);
            }
            await transaction.CommitAsync(ct);
        });
        db.ChangeTracker.Clear();
        db.Audit.Suppressed = false;
        return manifest.Rows;
    }

    private static string MigrationName(string id) => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..];

    private IEnumerable<IEntityType> Tables() =>
        db.Model.GetEntityTypes().Where(e => !e.IsOwned() && e.GetTableName() is not null && e.ClrType != typeof(Dictionary<string, object>))
            .OrderBy(e => e.ClrType.Name, StringComparer.Ordinal);

    private async Task<IList> LoadAsync(Type type, CancellationToken ct)
    {
        var set = (IQueryable<object>)s_setMethod.MakeGenericMethod(type).Invoke(db, null)!;
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(type))!;
        await foreach (var item in set.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            list.Add(item);
        }
        return list;
    }

    private async Task ClearAsync(List<IEntityType> tables, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        // Break nullable references first, then delete children before parents.
        foreach (var entity in tables)
        {
            foreach (var fk in entity.GetForeignKeys().Where(fk => !fk.IsRequired))
            {
                var table = sql.DelimitIdentifier(entity.GetTableName()!);
                var sets = string.Join(", ", fk.Properties.Select(p => $"{sql.DelimitIdentifier(p.GetColumnName())} = NULL"));
#pragma warning disable EF1002 // identifiers come from the model, not from input
                await db.Database.ExecuteSqlRawAsync($"UPDATE {table} SET {sets}", ct);
#pragma warning restore EF1002
            }
        }
        var remaining = tables.ToList();
        while (remaining.Count > 0)
        {
            var leaf = remaining.FirstOrDefault(t => !remaining.Any(other => other != t && other.GetForeignKeys().Any(fk => fk.IsRequired && fk.PrincipalEntityType == t)))
                ?? remaining[0];
#pragma warning disable EF1002
            await db.Database.ExecuteSqlRawAsync($"DELETE FROM {sql.DelimitIdentifier(leaf.GetTableName()!)}", ct);
#pragma warning restore EF1002
            remaining.Remove(leaf);
        }
    }

    private async Task ResetIdentitySequencesAsync(List<IEntityType> tables, CancellationToken ct)
    {
        foreach (var entity in tables)
        {
            var key = entity.FindPrimaryKey();
            if (key is { Properties.Count: 1 } && key.Properties[0].ValueGenerated == ValueGenerated.OnAdd && key.Properties[0].ClrType == typeof(int))
            {
                var table = entity.GetTableName()!;
                var column = key.Properties[0].GetColumnName();
#pragma warning disable EF1002
                await db.Database.ExecuteSqlRawAsync(
                    $"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), COALESCE((SELECT MAX(\"{column}\") FROM \"{table}\"), 0) + 1, false)", ct);
#pragma warning restore EF1002
            }
        }
    }
}
