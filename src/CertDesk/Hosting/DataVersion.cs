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
        => _current ??= await (db.IsPostgres ? s_postgres : s_sqlite)(db, ct) ?? 0;

    // Compiled once per database kind (a compiled query belongs to one model): nearly every request asks, and the LINQ
    // query's per-call work (building, hashing and looking up its expression) cost more than the indexed read itself.
    private static readonly Func<CertDeskDbContext, CancellationToken, Task<long?>> s_sqlite = Compile();
    private static readonly Func<CertDeskDbContext, CancellationToken, Task<long?>> s_postgres = Compile();

    private static Func<CertDeskDbContext, CancellationToken, Task<long?>> Compile() =>
        EF.CompileAsyncQuery((CertDeskDbContext db, CancellationToken ct) => db.AuditEntries.AsNoTracking().Max(a => (long?)a.Sequence));
}
