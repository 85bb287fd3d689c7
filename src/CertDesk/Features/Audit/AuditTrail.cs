using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CertDesk.Data;
using CertDesk.Features.Accounts;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CertDesk.Features.Audit;

/// <summary>Writes every change into the hash-chained trail, in the same SaveChanges, and checks the chain.</summary>
public static class AuditTrail
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

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
            .Where(e => e.Entity is not AuditEntry and not DataProtectionKey and not IUnaudited)
            .ToList();
        if (changes.Count == 0)
        {
            return;
        }

        var last = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(a => a.Sequence)
            .Select(a => new { a.Sequence, a.Hash })
            .FirstOrDefaultAsync(ct);
        var sequence = last?.Sequence ?? 0;
        var previous = last?.Hash ?? Genesis;
        var at = db.Audit.Clock.GetUtcNow();
        at = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

        foreach (var change in changes)
        {
            if (change.State == EntityState.Modified && change.Entity is IVersioned versioned)
            {
                versioned.Version++;
            }
            var entry = new AuditEntry
            {
                Sequence = ++sequence,
                At = at,
                Actor = db.Audit.Actor,
                Action = change.State.ToString(),
                EntityType = change.Metadata.ClrType.Name,
                EntityId = KeyOf(change),
                Before = change.State == EntityState.Added ? null : Snapshot(change, original: true),
                After = change.State == EntityState.Deleted ? null : Snapshot(change, original: false),
                PreviousHash = previous,
                Hash = "",
            };
            entry.Hash = ComputeHash(entry);
            previous = entry.Hash;
            db.AuditEntries.Add(entry);
        }
    }

    public static string ComputeHash(AuditEntry e)
    {
        var content = string.Join('\u001f',
            e.PreviousHash,
            e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            e.At.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            e.Actor, e.Action, e.EntityType, e.EntityId, e.Before ?? "\u0000", e.After ?? "\u0000");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
    }

    /// <summary>Walks the chain; returns the first broken link, or null when intact.</summary>
    public static async Task<AuditVerification> VerifyAsync(CertDeskDbContext db, CancellationToken ct)
    {
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
            previous = e.Hash;
        }
        return new AuditVerification(true, count, null, null);
    }

    private static string KeyOf(EntityEntry change)
    {
        var key = change.Metadata.FindPrimaryKey();
        if (key is null)
        {
            return "";
        }
        return string.Join("/", key.Properties.Select(p => Convert.ToString(change.Property(p.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static string Snapshot(EntityEntry change, bool original)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in change.Properties)
        {
            var name = property.Metadata.Name;
            if (s_secretProperties.Contains(name))
            {
                continue;
            }
            if (change.State == EntityState.Modified && !original && !property.IsModified && !property.Metadata.IsPrimaryKey())
            {
                continue; // "after" of an update shows only what changed
            }
            if (change.State == EntityState.Modified && original && !property.IsModified && !property.Metadata.IsPrimaryKey())
            {
                continue;
            }
            var value = original ? property.OriginalValue : property.CurrentValue;
            // Files (receipts, evidence) are named by length here; their SHA-256 sits beside them in the row.
            values[name] = value is byte[] bytes ? $"({bytes.Length} bytes)" : value;
        }
        return JsonSerializer.Serialize(values);
    }
}

public sealed record AuditVerification(bool Intact, long EntriesChecked, long? BrokenAt, string? Problem);
