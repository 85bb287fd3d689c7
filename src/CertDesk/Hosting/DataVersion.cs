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
        => _current ??= await s_latest.GetValue(db.Model, _ => Compile())(db, ct) ?? 0;

    // Compiled once per model (a compiled query belongs to the model it first ran with): nearly every request asks, and
    // the LINQ query's per-call work (building, hashing and looking up its expression) cost more than the indexed read.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Microsoft.EntityFrameworkCore.Metadata.IModel,
        Func<CertDeskDbContext, CancellationToken, Task<long?>>> s_latest = [];

    private static Func<CertDeskDbContext, CancellationToken, Task<long?>> Compile() =>
        EF.CompileAsyncQuery((CertDeskDbContext db, CancellationToken ct) => db.AuditEntries.AsNoTracking().Max(a => (long?)a.Sequence));
}
