using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using CertDesk.Data;
using CertDesk.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.Tests.Infrastructure;

public sealed partial class CertDeskApp
{
    private static readonly MethodInfo s_set = typeof(DbContext).GetMethods().Single(m => m.Name == nameof(DbContext.Set) && m.GetParameters().Length == 0);
    private static readonly MethodInfo s_sharedSet = typeof(DbContext).GetMethods().Single(m => m.Name == nameof(DbContext.Set) && m.GetParameters().Length == 1);

    /// <summary>
    /// Every row of every table of the model, as sorted text lines per table (the cookie key ring aside: it belongs to
    /// each server). Values are compared as both providers can hold them: instants in UTC to the microsecond
    /// (PostgreSQL's precision), decimals without trailing zeros, files by their SHA-256.
    /// </summary>
    public async Task<SortedDictionary<string, List<string>>> TableRowsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var tables = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is { } t && t != "DataProtectionKeys"))
        {
            var set = entity.HasSharedClrType
                ? (IQueryable<object>)s_sharedSet.MakeGenericMethod(entity.ClrType).Invoke(db, [entity.Name])!
                : (IQueryable<object>)s_set.MakeGenericMethod(entity.ClrType).Invoke(db, null)!;
            var lines = new List<string>();
            await foreach (var row in set.AsNoTracking().AsAsyncEnumerable())
            {
                lines.Add(string.Join(" | ", entity.GetProperties().Select(p => $"{p.Name}={Text(ValueOf(p, row))}")));
            }
            lines.Sort(StringComparer.Ordinal);
            tables[entity.GetTableName()!] = lines;
        }
        return tables;
    }

    /// <summary>The stored XML of the sign-in key ring, as a database reader sees it.</summary>
    public Task<List<string>> DataProtectionKeyXmlAsync() => QueryAsync(db => db.DataProtectionKeys.Select(k => k.Xml ?? "").ToListAsync());

    private static object? ValueOf(IProperty property, object row) =>
        property.IsIndexerProperty() ? ((IDictionary<string, object>)row).TryGetValue(property.Name, out var value) ? value : null
        : property.PropertyInfo is { } info ? info.GetValue(row)
        : property.FieldInfo!.GetValue(row);

    private static string Text(object? value) => value switch
    {
        null => "null",
        DateTimeOffset t => Microseconds(t.UtcTicks).ToString(CultureInfo.InvariantCulture),
        DateTime t => Microseconds(t.Ticks).ToString(CultureInfo.InvariantCulture),
        decimal d => d.ToString("0.############################", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToHexStringLower(SHA256.HashData(bytes)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static long Microseconds(long ticks) => ticks / TimeSpan.TicksPerMicrosecond;
}

/// <summary>Audit intents: checkpoints, and what an administrator with a SQL prompt (but not the key) can do to the trail.</summary>
public sealed partial class CertDeskApp
{
    /// <summary>One checkpoint now (as the hourly worker or <c>certdesk audit checkpoint</c> writes it).</summary>
    public async Task<AuditCheckpoint?> CheckpointAuditAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditCheckpoints>().WriteAsync(CancellationToken.None);
    }

    /// <summary>The chain alone, without the checkpoint: what the unkeyed check used to say.</summary>
    public Task<AuditVerification> VerifyChainOnlyAsync() =>
        QueryAsync(db => AuditTrail.VerifyAsync(db, CancellationToken.None));

    public Task<long> AuditHeadAsync() => QueryAsync(db => db.AuditEntries.MaxAsync(a => a.Sequence));

    public Task<List<string?>> AuditKeyIdsAsync() => QueryAsync(db => db.AuditEntries.OrderBy(a => a.Sequence).Select(a => a.KeyId).ToListAsync());

    /// <summary>
    /// Rewrites one entry's actor and recomputes its SHA-256 and every later one, as someone who knows the algorithm but
    /// not the key would: the seals stay as they were (or are cleared).
    /// </summary>
    public async Task RewriteAuditEntryAsync(long sequence, string actor, bool clearSeals = false)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        db.Audit.Suppressed = true;
        var entries = await db.AuditEntries.Where(a => a.Sequence >= sequence).OrderBy(a => a.Sequence).ToListAsync();
        var previous = await db.AuditEntries.Where(a => a.Sequence == sequence - 1).Select(a => a.Hash).SingleAsync();
        foreach (var entry in entries)
        {
            if (entry.Sequence == sequence)
            {
                entry.Actor = actor;
            }
            entry.PreviousHash = previous;
            entry.Hash = AuditTrail.ComputeHash(entry);
            if (clearSeals)
            {
                entry.KeyId = null;
                entry.Seal = null;
            }
            previous = entry.Hash;
        }
        await db.SaveChangesAsync();
    }
}
