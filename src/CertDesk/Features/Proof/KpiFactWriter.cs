using System.Data.Common;
using CertDesk.Domain.Kpi;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CertDesk.Features.Proof;

/// <summary>
/// Upserts batches of interval facts on the open transaction of the context's connection: a prepared upsert on SQLite,
/// binary COPY into a staging table then one INSERT ... ON CONFLICT on PostgreSQL. Finishing rewrites the daily sums
/// (<see cref="KpiDailyRollup"/>) of every team and day the facts touched, in the same transaction.
/// </summary>
internal abstract class KpiFactWriter(DbConnection connection, DbTransaction transaction)
{
    private readonly Dictionary<string, (DateOnly First, DateOnly Last)> _touched = new(StringComparer.Ordinal);
    private Func<CancellationToken, Task> _lockWrites = _ => Task.CompletedTask;

    protected DbConnection Connection { get; } = connection;

    protected DbTransaction Transaction { get; } = transaction;

    /// <summary>The twelve sums of a fact, after its key (team, interval start); the daily sums have the same.</summary>
    internal static readonly string[] SumColumns =
    [
        "Offered", "Answered", "Abandoned", "AnsweredWithinThreshold", "WaitSecondsAnswered",
        "HandleSeconds", "HoldSeconds", "WrapSeconds", "Transferred", "ResolvedFirstContact", "CsatSum", "CsatCount",
    ];

    private static readonly string[] s_factColumns = ["TeamCode", "IntervalStart", .. SumColumns];

    public static async Task<KpiFactWriter> CreateAsync(CertDeskDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        KpiFactWriter writer = db.IsPostgres ? new PostgresWriter((NpgsqlConnection)connection, transaction) : new SqliteWriter(connection, transaction);
        writer._lockWrites = db.TakeWriteLockAsync;
        await writer.StartAsync(ct);
        return writer;
    }

    protected abstract Task StartAsync(CancellationToken ct);

    public async Task WriteAsync(IReadOnlyList<IntervalFact> batch, CancellationToken ct)
    {
        foreach (var f in batch)
        {
            var day = DateOnly.FromDateTime(f.IntervalStart);
            _touched[f.TeamId] = _touched.TryGetValue(f.TeamId, out var known)
                ? (day < known.First ? day : known.First, day > known.Last ? day : known.Last)
                : (day, day);
        }
        await WriteFactsAsync(batch, ct);
    }

    protected abstract Task WriteFactsAsync(IReadOnlyList<IntervalFact> batch, CancellationToken ct);

    /// <summary>The last facts written, then the daily sums of the days they touched.</summary>
    public async Task FinishAsync(CancellationToken ct)
    {
        await FlushAsync(ct);
        // Two imports of the same team and day at once: each day is rewritten by one at a time, from the facts both
        // committed (PostgreSQL reads committed rows per statement; SQLite has one writer anyway).
        await _lockWrites(ct);
        await KpiDailyRollup.RefreshAsync(Connection, Transaction, this is PostgresWriter, _touched, ct);
    }

    protected abstract Task FlushAsync(CancellationToken ct);

    protected static string Quoted(string column) => "\"" + column + "\"";

    protected static string UpdateList => string.Join(", ", SumColumns.Select(c => $"{Quoted(c)} = excluded.{Quoted(c)}"));

    private sealed class SqliteWriter(DbConnection connection, DbTransaction transaction) : KpiFactWriter(connection, transaction)
    {
        private DbCommand? _command;

        protected override Task StartAsync(CancellationToken ct)
        {
            _command = Connection.CreateCommand();
            _command.Transaction = Transaction;
            _command.CommandText =
                $"INSERT INTO \"KpiIntervalFacts\" ({string.Join(", ", s_factColumns.Select(Quoted))}) VALUES ({string.Join(", ", s_factColumns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))}) " +
                $"ON CONFLICT (\"TeamCode\", \"IntervalStart\") DO UPDATE SET {UpdateList}";
            for (var i = 0; i < s_factColumns.Length; i++)
            {
                var p = _command.CreateParameter();
                p.ParameterName = "$p" + i.ToString(CultureInfo.InvariantCulture);
                _command.Parameters.Add(p);
            }
            _command.Prepare();
            return Task.CompletedTask;
        }

        protected override Task WriteFactsAsync(IReadOnlyList<IntervalFact> batch, CancellationToken ct)
        {
            var p = _command!.Parameters;
            foreach (var f in batch)
            {
                ct.ThrowIfCancellationRequested();
                p[0].Value = f.TeamId;
                // EF Core's SQLite text format for DateTime, so EF queries compare the same strings.
                p[1].Value = f.IntervalStart.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                p[2].Value = f.Offered;
                p[3].Value = f.Answered;
                p[4].Value = f.Abandoned;
                p[5].Value = f.AnsweredWithinThreshold;
                p[6].Value = f.WaitSecondsAnswered;
                p[7].Value = f.HandleSeconds;
                p[8].Value = f.HoldSeconds;
                p[9].Value = f.WrapSeconds;
                p[10].Value = f.Transferred;
                p[11].Value = f.ResolvedFirstContact;
                p[12].Value = f.CsatSum;
                p[13].Value = f.CsatCount;
                _command.ExecuteNonQuery();
            }
            return Task.CompletedTask;
        }

        protected override Task FlushAsync(CancellationToken ct)
        {
            _command?.Dispose();
            return Task.CompletedTask;
        }
    }

    private sealed class PostgresWriter(NpgsqlConnection connection, DbTransaction transaction) : KpiFactWriter(connection, transaction)
    {
        private NpgsqlConnection Npgsql => (NpgsqlConnection)Connection;

        protected override async Task StartAsync(CancellationToken ct)
        {
            await using var create = Npgsql.CreateCommand();
            create.Transaction = (NpgsqlTransaction)Transaction;
            create.CommandText = "CREATE TEMP TABLE kpi_fact_stage (LIKE \"KpiIntervalFacts\") ON COMMIT DROP";
            await create.ExecuteNonQueryAsync(ct);
        }

        protected override async Task WriteFactsAsync(IReadOnlyList<IntervalFact> batch, CancellationToken ct)
        {
            if (batch.Count == 0)
            {
                return;
            }
            await using var copy = await Npgsql.BeginBinaryImportAsync(
                $"COPY kpi_fact_stage ({string.Join(", ", s_factColumns.Select(Quoted))}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var f in batch)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(f.TeamId, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(DateTime.SpecifyKind(f.IntervalStart, DateTimeKind.Utc), NpgsqlDbType.TimestampTz, ct);
                foreach (var v in new[] { f.Offered, f.Answered, f.Abandoned, f.AnsweredWithinThreshold, f.WaitSecondsAnswered, f.HandleSeconds,
                    f.HoldSeconds, f.WrapSeconds, f.Transferred, f.ResolvedFirstContact, f.CsatSum, f.CsatCount })
                {
                    await copy.WriteAsync(v, NpgsqlDbType.Bigint, ct);
                }
            }
            await copy.CompleteAsync(ct);
        }

        protected override async Task FlushAsync(CancellationToken ct)
        {
            await using var merge = Npgsql.CreateCommand();
            merge.Transaction = (NpgsqlTransaction)Transaction;
            var columns = string.Join(", ", s_factColumns.Select(Quoted));
            merge.CommandText = $"INSERT INTO \"KpiIntervalFacts\" ({columns}) SELECT {columns} FROM kpi_fact_stage " +
                $"ON CONFLICT (\"TeamCode\", \"IntervalStart\") DO UPDATE SET {UpdateList}";
            merge.CommandTimeout = 600;
            await merge.ExecuteNonQueryAsync(ct);
            await using var clear = Npgsql.CreateCommand();
            clear.Transaction = (NpgsqlTransaction)Transaction;
            clear.CommandText = "TRUNCATE kpi_fact_stage";
            await clear.ExecuteNonQueryAsync(ct);
        }
    }
}
