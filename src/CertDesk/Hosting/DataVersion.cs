namespace CertDesk.Hosting;

/// <summary>
/// A number that changes whenever any data changes, on any node: the last sequence of the audit trail (every change is
/// audited in the same SaveChanges, see AuditTrail). One indexed query, asked at most once per request; caches keyed on
/// it are invalidated by the next change without any messages between nodes.
/// </summary>
public sealed class DataVersion(CertDeskDbContext db)
{
    private long? _current;

    public async ValueTask<long> CurrentAsync(CancellationToken ct)
        => _current ??= await db.AuditEntries.AsNoTracking().MaxAsync(a => (long?)a.Sequence, ct) ?? 0;
}
