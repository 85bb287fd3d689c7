using System.Data.Common;

namespace CertDesk.Features.Proof;

/// <summary>
/// Keeps <see cref="KpiDailyFact"/> equal to the interval facts summed per team and UTC day. Set-based SQL on the
/// caller's transaction: the database groups the facts it already holds, so nothing is read back into the process.
/// </summary>
internal static class KpiDailyRollup
{
    /// <summary>Rewrites each team's days from the first to the last one its new facts fall on.</summary>
    public static async Task RefreshAsync(DbConnection connection, DbTransaction transaction, bool postgres,
        IReadOnlyDictionary<string, (DateOnly First, DateOnly Last)> touched, CancellationToken ct)
    {
        foreach (var (team, (first, last)) in touched)
        {
            await ExecuteAsync(connection, transaction,
                "DELETE FROM \"KpiDailyFacts\" WHERE \"TeamCode\" = @team AND \"Day\" >= @first AND \"Day\" <= @last", ct,
                ("team", team), ("first", Day(first, postgres)), ("last", Day(last, postgres)));
            await ExecuteAsync(connection, transaction,
                Summing(postgres, "WHERE \"TeamCode\" = @team AND \"IntervalStart\" >= @from AND \"IntervalStart\" < @until"), ct,
                ("team", team), ("from", Instant(first, postgres)), ("until", Instant(last.AddDays(1), postgres)));
        }
    }

    /// <summary>Every day of every team from the facts (after a restore, whatever version the backup came from).</summary>
    public static async Task RebuildAsync(DbConnection connection, DbTransaction? transaction, bool postgres, CancellationToken ct)
    {
        await ExecuteAsync(connection, transaction, "DELETE FROM \"KpiDailyFacts\"", ct);
        await ExecuteAsync(connection, transaction, Summing(postgres, ""), ct);
    }

    /// <summary>
    /// PostgreSQL, when no stored fact lies between any team's first and last staged interval: each day's sums become the
    /// stored ones (facts outside that span, unchanged) plus those of the staged facts, all added in one statement from
    /// the stage, instead of each touched team's days summed again from the table (a statement pair per team).
    /// </summary>
    public static string AddingStaged(string stage) => Summing(true, "", stage) + s_addedToStoredDay;

    /// <summary>
    /// PostgreSQL: days already summed (a team's facts copied straight to the table, each day once) added to the stored
    /// days' sums, as <see cref="AddingStaged"/> adds staged facts'.
    /// </summary>
    public static string AddingDays(string days)
    {
        var columns = string.Join(", ", KpiFactWriter.SumColumns.Select(c => $"\"{c}\""));
        return $"INSERT INTO \"KpiDailyFacts\" (\"TeamCode\", \"Day\", {columns}) SELECT \"TeamCode\", \"Day\", {columns} FROM {days}" + s_addedToStoredDay;
    }

    /// <summary>PostgreSQL: a day already stored gets the new sums added to its own.</summary>
    private static readonly string s_addedToStoredDay = " ON CONFLICT (\"TeamCode\", \"Day\") DO UPDATE SET " +
        string.Join(", ", KpiFactWriter.SumColumns.Select(c => $"\"{c}\" = \"KpiDailyFacts\".\"{c}\" + excluded.\"{c}\""));

    /// <summary>The statement that sums facts (of <paramref name="facts"/>, the table by default) per team and day; also the migration's first fill.</summary>
    public static string Summing(bool postgres, string where, string facts = "\"KpiIntervalFacts\"")
    {
        // EF Core keeps a SQLite DateTime as 'yyyy-MM-dd HH:mm:ss' text and a DateOnly as 'yyyy-MM-dd': the day is the prefix.
        var day = postgres ? "(\"IntervalStart\" AT TIME ZONE 'UTC')::date" : "substr(\"IntervalStart\", 1, 10)";
        var columns = string.Join(", ", KpiFactWriter.SumColumns.Select(c => $"\"{c}\""));
        var sums = string.Join(", ", KpiFactWriter.SumColumns.Select(c => $"SUM(\"{c}\")"));
        return $"INSERT INTO \"KpiDailyFacts\" (\"TeamCode\", \"Day\", {columns}) " +
            $"SELECT \"TeamCode\", {day}, {sums} FROM {facts} {where} GROUP BY \"TeamCode\", {day}";
    }

    private static object Day(DateOnly day, bool postgres) =>
        postgres ? day : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static object Instant(DateOnly day, bool postgres) =>
        postgres ? day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00";

    /// <summary>A statement on the caller's connection and transaction (the fact writers' too), with named parameters.</summary>
    internal static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 600;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }
        await command.ExecuteNonQueryAsync(ct);
    }
}
