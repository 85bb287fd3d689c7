namespace CertDesk.Data;

/// <summary>
/// Background work that must run on one node at a time (several web nodes on one PostgreSQL): a session-level
/// advisory try-lock held on the scope's connection for the duration. A node that does not get the lock skips
/// this round; another node is doing the work. SQLite is one node: the work simply runs.
/// </summary>
public static class NodeLock
{
    public const long MailWorker = 7736103;

    public static async Task<bool> RunAloneAsync(CertDeskDbContext db, long key, Func<Task> work, CancellationToken ct)
    {
        if (!db.IsPostgres)
        {
            await work();
            return true;
        }
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var acquired = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({key}) AS \"Value\"").SingleAsync(ct);
            if (!acquired)
            {
                return false;
            }
            try
            {
                await work();
                return true;
            }
            finally
            {
                await db.Database.SqlQuery<bool>($"SELECT pg_advisory_unlock({key}) AS \"Value\"").SingleAsync(CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
