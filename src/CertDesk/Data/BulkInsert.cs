using System.Data.Common;
using CertDesk.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CertDesk.Data;

/// <summary>
/// Inserts new rows of one entity type, and their audit entries, with multi-row INSERT statements instead of EF's change
/// tracker. For imports of tens of thousands of people: tracking each entity, detecting its changes and snapshotting it
/// through the tracker costs several times the write itself. The statements are built from the EF model (table, columns,
/// the provider's type mappings and value converters), so a row is stored as SaveChanges would store it; the audit
/// entries come from <see cref="AuditTrail"/> (same content, hash and seal as a tracked save of an added entity).
/// </summary>
public static class BulkInsert
{
    /// <summary>Parameters per statement: well under SQLite's limit (32,766) and PostgreSQL's (65,535).</summary>
    private const int MaxParameters = 2000;

    /// <summary>
    /// Inserts <paramref name="entities"/> (new, not tracked) and appends one "Added" audit entry each to the chain, in
    /// order. Runs in the caller's transaction and takes the write lock first, as an audited SaveChanges does, so the
    /// chain is extended from a head no other writer can move. Keep the batches moderate: the entries are held until written.
    /// </summary>
    public static async Task AddAuditedAsync<T>(CertDeskDbContext db, IReadOnlyCollection<T> entities, CancellationToken ct)
        where T : class
    {
        if (entities.Count == 0)
        {
            return;
        }
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("a bulk insert runs in the caller's transaction (all or nothing with the rest of its work)");
        }
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity of the model");
        await db.TakeWriteLockAsync(ct);
        await InsertAsync(db, type, entities, explicitKeys: false, ct);
        if (!db.Audit.Suppressed && AuditTrail.IsAudited(typeof(T)))
        {
            var chain = await AuditTrail.HeadAsync(db, ct);
            var read = Reader(type, entities.Count);
            var entries = entities.Select(e => AuditTrail.Added(chain, type, e, read)).ToList();
            await InsertAsync(db, db.Model.FindEntityType(typeof(AuditEntry))!, entries, explicitKeys: false, ct);
        }
    }

    /// <summary>
    /// Inserts rows exactly as they are, keys included (a key the database numbers too), with no audit entries: a
    /// restore writes back what a backup holds, and the backup's own seal is its evidence. In the caller's transaction.
    /// </summary>
    public static Task InsertAsIsAsync(CertDeskDbContext db, IEntityType type, IEnumerable<object> rows, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("a bulk insert runs in the caller's transaction (all or nothing with the rest of its work)");
        }
        return InsertAsync(db, type, rows, explicitKeys: true, ct);
    }

    private static async Task InsertAsync(CertDeskDbContext db, IEntityType type, IEnumerable<object> rows, bool explicitKeys, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var properties = type.GetProperties().ToList();
        // Every column is written from the entity: a key the database numbers (identity) has no value yet.
        if (!explicitKeys && type.FindPrimaryKey()!.Properties.FirstOrDefault(p => p.ValueGenerated != ValueGenerated.Never && p.ClrType != typeof(Guid)) is { } generated)
        {
            throw new InvalidOperationException($"{type.ClrType.Name}.{generated.Name} is numbered by the database; a bulk insert writes every column");
        }
        var table = sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema());
        var columns = string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName())));
        var mappings = properties.Select(p => p.GetRelationalTypeMapping()).ToList();
        var read = Reader(type, rows.TryGetNonEnumeratedCount(out var count) ? count : null);
        var getters = properties.Select(read).ToList();
        // SQLite: one row per statement, prepared once and re-executed with new values (as KpiFactWriter does). Binding
        // looks each parameter up by name in the statement, a scan of its parameters, so a many-row statement costs
        // the square of its parameters per execution: at 2,000 it was half of the import's time. PostgreSQL: many rows
        // per statement, each a network round trip.
        var rowsPerStatement = db.Database.IsSqlite() ? 1 : Math.Max(1, MaxParameters / properties.Count);

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        DbCommand? full = null; // the statement of a whole batch, kept for the next one of the same size
        try
        {
            foreach (var batch in rows.Chunk(rowsPerStatement))
            {
                if (full is not null && batch.Length == rowsPerStatement)
                {
                    var p = 0;
                    foreach (var row in batch)
                    {
                        for (var i = 0; i < properties.Count; i++)
                        {
                            full.Parameters[p++].Value = ProviderValue(mappings[i], getters[i](row));
                        }
                    }
                    await full.ExecuteNonQueryAsync(ct);
                    continue;
                }
                var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandTimeout = db.Database.GetCommandTimeout() ?? command.CommandTimeout;
                var text = new StringBuilder("INSERT INTO ").Append(table).Append(" (").Append(columns).Append(") VALUES ");
                var n = 0;
                foreach (var row in batch)
                {
                    text.Append(n == 0 ? "(" : ", (");
                    for (var i = 0; i < properties.Count; i++)
                    {
                        var name = "p" + n.ToString(CultureInfo.InvariantCulture);
                        n++;
                        text.Append(i == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                        command.Parameters.Add(mappings[i].CreateParameter(command, sql.GenerateParameterName(name), getters[i](row), properties[i].IsNullable));
                    }
                    text.Append(')');
                }
                command.CommandText = text.ToString();
                await command.ExecuteNonQueryAsync(ct);
                if (batch.Length == rowsPerStatement && full is null)
                {
                    full = command;
                }
                else
                {
                    await command.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    /// <summary>At most this many rows are read by reflection rather than through EF's compiled getters.</summary>
    private const int FewRows = 16;

    /// <summary>
    /// How the property values of <paramref name="rows"/> rows of <paramref name="type"/> are read, one getter per property.
    /// EF's getters compile an expression per property the first time (about ninety of them for an import's record and its
    /// audit entry: tens of milliseconds of a command that writes one of each) and pay off over many rows; a few rows are
    /// read by reflection, from where EF reads them: the backing field when EF accesses the field, else the property. A
    /// shadow or indexer property is left to EF.
    /// </summary>
    private static Func<IProperty, Func<object, object?>> Reader(IEntityType type, int? rows)
    {
        var getters = type.GetProperties().ToDictionary(p => p, p => rows <= FewRows ? Reflected(p) : p.GetGetter().GetClrValue);
        return p => getters[p];
    }

    /// <summary>A property's value read by reflection where EF reads it (tests compare it with EF's getter on every entity type).</summary>
    internal static Func<object, object?> Reflected(IProperty p) =>
        p.IsIndexerProperty() ? p.GetGetter().GetClrValue // a property bag's value (a join table's row): EF reads it through the indexer
        : p.FieldInfo is { } field && (p.PropertyInfo?.GetMethod is null || p.GetPropertyAccessMode() is PropertyAccessMode.Field or PropertyAccessMode.PreferField)
            ? field.GetValue
            : p.PropertyInfo?.GetMethod is not null ? p.PropertyInfo.GetValue : p.GetGetter().GetClrValue;

    /// <summary>The value as the type mapping's <c>CreateParameter</c> stores it: through its converter, null as DBNull.</summary>
    private static object ProviderValue(RelationalTypeMapping mapping, object? value) =>
        value is null ? DBNull.Value : mapping.Converter is { } converter ? converter.ConvertToProvider(value) ?? DBNull.Value : value;
}
