using System.Globalization;
using DuckDB.NET.Data;

// usage: CertDesk.Bench.DuckDb CDR OUT [INTERVAL_MINUTES] [THRESHOLD_SECONDS]
// DuckDB with its default threads; the output has the columns, order and formats of `kpi aggregate`. An OUT ending in
// .duckdb is a database file instead: the same facts go into its table `facts` (the anchor of `import cdr`).
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: CertDesk.Bench.DuckDb CDR OUT [INTERVAL_MINUTES] [THRESHOLD_SECONDS]");
    return 2;
}
var cdr = args[0].Replace("'", "''", StringComparison.Ordinal);
var output = args[1].Replace("'", "''", StringComparison.Ordinal);
var intervalSeconds = (args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 15) * 60;
var threshold = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 20;

var select = string.Create(CultureInfo.InvariantCulture, $"""
      SELECT team_id,
             strftime(make_timestamp((epoch_us(arrived_at) // {intervalSeconds * 1_000_000L}) * {intervalSeconds * 1_000_000L}), '%Y-%m-%dT%H:%M:%SZ') AS interval_start,
             count(*) AS offered,
             count(*) FILTER (WHERE answered_at IS NOT NULL) AS answered,
             count(*) FILTER (WHERE abandoned) AS abandoned,
             count(*) FILTER (WHERE answered_at IS NOT NULL AND wait_seconds <= {threshold}) AS answered_within_threshold,
             coalesce(sum(wait_seconds) FILTER (WHERE answered_at IS NOT NULL), 0) AS wait_seconds_answered,
             coalesce(sum(handle_seconds) FILTER (WHERE answered_at IS NOT NULL), 0) AS handle_seconds,
             coalesce(sum(hold_seconds) FILTER (WHERE answered_at IS NOT NULL), 0) AS hold_seconds,
             coalesce(sum(wrap_seconds) FILTER (WHERE answered_at IS NOT NULL), 0) AS wrap_seconds,
             count(*) FILTER (WHERE transferred) AS transferred,
             count(*) FILTER (WHERE resolved_first_contact) AS resolved_first_contact,
             coalesce(sum(csat), 0) AS csat_sum,
             count(csat) AS csat_count
      FROM read_csv('{cdr}', header = true, delim = ',', quote = '"', escape = '"', columns = {"{"}
             'contact_id': 'VARCHAR', 'queue': 'VARCHAR', 'team_id': 'VARCHAR', 'agent_id': 'VARCHAR',
             'arrived_at': 'TIMESTAMPTZ', 'answered_at': 'TIMESTAMPTZ', 'ended_at': 'TIMESTAMPTZ', 'abandoned': 'BOOLEAN',
             'wait_seconds': 'BIGINT', 'handle_seconds': 'BIGINT', 'hold_seconds': 'BIGINT', 'wrap_seconds': 'BIGINT',
             'transferred': 'BOOLEAN', 'resolved_first_contact': 'BOOLEAN', 'csat': 'BIGINT'{"}"})
      GROUP BY ALL
      ORDER BY team_id, interval_start
    """);
var intoTable = output.EndsWith(".duckdb", StringComparison.OrdinalIgnoreCase);
var sql = intoTable ? $"CREATE OR REPLACE TABLE facts AS {select}" : $"COPY ({select}) TO '{output}' (HEADER, DELIMITER ',')";

using var connection = new DuckDBConnection(intoTable ? $"Data Source={args[1]}" : "Data Source=:memory:");
connection.Open();
using var command = connection.CreateCommand();
command.CommandText = sql;
command.ExecuteNonQuery();
return 0;
