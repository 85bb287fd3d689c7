using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using CertDesk.Data;
using CertDesk.Domain.Kpi;
using CertDesk.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using nietras.SeparatedValues;

namespace CertDesk.Features.Proof;

/// <summary>
/// The outcome of a KPI import: counts, or the error lines (nothing written). With accept-valid a success may carry error
/// lines too: the rows left out, counted in <see cref="Rejected"/> and listed whole with a reason in <see cref="RejectedCsv"/>
/// (the content of FILE.rejected.csv).
/// </summary>
public sealed record KpiImportResult(bool Succeeded, IReadOnlyList<string> Errors, long Rows, long Facts, bool AlreadyImported,
    long Rejected = 0, string? RejectedCsv = null)
{
    public static KpiImportResult Fail(params string[] errors) => new(false, errors, 0, 0, false);
}

/// <summary>
/// <c>import cdr</c>, <c>import intervals</c> and <c>import qa</c>: all or nothing unless accept-valid (then the valid rows are
/// imported and the others returned as the rejected file), idempotent (an upsert by
/// (team, interval start) that replaces the interval's values), in one transaction, in batches. Row errors name the
/// file, the row, the field and the reason. Facts are written in bulk (prepared upsert on SQLite, binary COPY into a
/// staging table then one INSERT ... ON CONFLICT on PostgreSQL); one <see cref="KpiImportRecord"/> per new file goes
/// into the audit trail.
/// </summary>
public sealed class KpiImport(CertDeskDbContext db, AuditContext audit, TimeProvider clock)
{
    public const int BatchSize = 10_000;
    public const int MaxListedErrors = 100;

    public static readonly string[] IntervalColumns = IntervalFactCsv.Header.Split(',');
    public static readonly string[] QaColumns = ["employee_id", "date", "score"];

    private static readonly string[] s_factColumns =
    [
        "TeamCode", "IntervalStart", "Offered", "Answered", "Abandoned", "AnsweredWithinThreshold", "WaitSecondsAnswered",
        "HandleSeconds", "HoldSeconds", "WrapSeconds", "Transferred", "ResolvedFirstContact", "CsatSum", "CsatCount",
    ];

    /// <summary><c>import cdr</c>: the streaming aggregator of <c>kpi aggregate</c>, then the facts upserted.</summary>
    public async Task<KpiImportResult> ImportCdrAsync(string path, string fileName, KpiSettings settings, bool dryRun, IProgress<double>? progress,
        CancellationToken ct, bool acceptValid = false)
    {
        progress?.Report(0);
        // The facts depend on the file and on the interval and threshold settings: the same file aggregated with
        // other settings is another import (the default settings keep the plain file hash of earlier versions).
        var sha = await HashAsync(path, ct);
        var key = settings == new KpiSettings(KpiSettings.DefaultIntervalMinutes, KpiSettings.DefaultSlThresholdSeconds)
            ? sha
            : Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
                string.Create(CultureInfo.InvariantCulture, $"{sha}|interval={settings.IntervalMinutes}|sl={settings.SlThresholdSeconds}"))));
        if (!dryRun && await PreviousImportAsync("cdr", key, ct) is { } previous)
        {
            return previous;
        }
        var aggregation = await Task.Run(() => CdrAggregation.Aggregate(path, settings, out var f, fileName, ct: ct, acceptValid: acceptValid) is var r ? (r, f) : default, ct);
        var outcome = aggregation.r;
        if (!outcome.Succeeded)
        {
            return new KpiImportResult(false, outcome.Errors, outcome.Contacts, 0, false);
        }
        progress?.Report(0.5);
        var facts = aggregation.f;
        if (dryRun)
        {
            return new KpiImportResult(true, outcome.Errors, outcome.Contacts, facts.Count, false, outcome.Rejected, outcome.RejectedCsv);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var writer = await FactWriter.CreateAsync(db, ct);
        for (var i = 0; i < facts.Count; i += BatchSize)
        {
            var batch = facts.Skip(i).Take(BatchSize).ToList();
            await writer.WriteAsync(batch, ct);
            progress?.Report(0.5 + 0.5 * Math.Min(1, (i + batch.Count) / (double)Math.Max(1, facts.Count)));
        }
        await writer.FinishAsync(ct);
        var already = await RecordAsync("cdr", fileName, key, outcome.Contacts, facts.Count, ct);
        await tx.CommitAsync(ct);
        progress?.Report(1);
        return new KpiImportResult(true, outcome.Errors, outcome.Contacts, facts.Count, already, outcome.Rejected, outcome.RejectedCsv);
    }

    /// <summary><c>import intervals</c>: an already aggregated file (contract columns), validated row by row while it streams.</summary>
    public async Task<KpiImportResult> ImportIntervalsAsync(string path, string fileName, bool dryRun, IProgress<double>? progress, CancellationToken ct,
        bool acceptValid = false)
    {
        if (!File.Exists(path))
        {
            return KpiImportResult.Fail($"{fileName}: file not found");
        }
        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            return KpiImportResult.Fail($"{fileName}: the file is empty (a header row is required)");
        }
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var reader = OpenCsv(() => Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(stream), fileName, out var headerError);
        if (reader is null)
        {
            return KpiImportResult.Fail(headerError!);
        }
        var header = reader.Header.ColNames.Select(c => c.Trim()).ToArray();
        var missing = IntervalColumns.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            var unknown = header.Where(h => !IntervalColumns.Contains(h, StringComparer.Ordinal)).ToList();
            return KpiImportResult.Fail($"{fileName}: row 1 (header): missing column(s) {string.Join(", ", missing)}" +
                (unknown.Count > 0 ? $"; unexpected {string.Join(", ", unknown)}" : "") + $"; expected {IntervalFactCsv.Header}");
        }
        var index = IntervalColumns.Select(c => Array.IndexOf(header, c)).ToArray();
        var sha = await HashAsync(path, ct);
        if (!dryRun && await PreviousImportAsync("intervals", sha, ct) is { } earlier)
        {
            return earlier;
        }

        var errors = new List<string>();
        long errorCount = 0;
        long rows = 0;
        long facts = 0;
        var batch = new List<IntervalFact>(BatchSize);
        await using var tx = dryRun ? null : await db.Database.BeginTransactionAsync(ct);
        var writer = dryRun ? null : await FactWriter.CreateAsync(db, ct);
        (string Team, DateTime Start)? previous = null;
        var values = new long[12];
        var rejected = new List<(string[] Raw, IEnumerable<string> Errors)>();
        List<string>? rowReasons = null;
        foreach (var record in reader)
        {
            ct.ThrowIfCancellationRequested();
            rows++;
            var row = rows + 1; // the header is row 1
            var line = record.LineNumberFrom;
            rowReasons = null;
            void Error(string field, string reason)
            {
                errorCount++;
                var text = string.Create(CultureInfo.InvariantCulture, $"{fileName}: row {row} (line {line}), field {field}: {reason}");
                if (errors.Count < MaxListedErrors)
                {
                    errors.Add(text);
                }
                if (acceptValid)
                {
                    (rowReasons ??= []).Add(text);
                }
            }

            if (record.ColCount != header.Length)
            {
                Error("*", string.Create(CultureInfo.InvariantCulture, $"has {record.ColCount} fields, the header has {header.Length} (a truncated or broken row?)"));
                if (rowReasons is not null)
                {
                    rejected.Add((Cells(record, header.Length), rowReasons));
                }
                continue;
            }
            var team = record[index[0]].ToString().Trim();
            var startText = record[index[1]].ToString().Trim();
            var before = errorCount;
            if (team.Length == 0 || team.Length > 64)
            {
                Error("team_id", "must be 1 to 64 characters");
            }
            var start = ParseUtc(startText);
            if (start is null)
            {
                Error("interval_start", $"'{startText}' is not an ISO 8601 date-time with an offset (e.g. 2026-03-02T14:15:00Z)");
            }
            for (var c = 0; c < 12; c++)
            {
                var text = record[index[c + 2]].Span.Trim();
                if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out values[c]))
                {
                    Error(IntervalColumns[c + 2], text.StartsWith("-") ? $"'{text}' is negative: counts and seconds are whole numbers >= 0" : $"'{text}' is not a whole number >= 0");
                }
            }
            if (errorCount == before)
            {
                if (values[1] + values[2] != values[0])
                {
                    Error("offered", string.Create(CultureInfo.InvariantCulture, $"{values[0]} is not answered + abandoned ({values[1]} + {values[2]})"));
                }
                if (values[3] > values[1])
                {
                    Error("answered_within_threshold", "is more than answered");
                }
                if (values[9] > values[1] || values[11] > values[0])
                {
                    Error(values[9] > values[1] ? "resolved_first_contact" : "csat_count", "is more than the contacts it counts");
                }
                if (previous is { } p && (string.CompareOrdinal(p.Team, team) > 0 || (p.Team == team && p.Start >= start!.Value)))
                {
                    Error("interval_start", "the file is not sorted by team_id then interval_start, or repeats an interval");
                }
            }
            if (errorCount != before)
            {
                if (rowReasons is not null)
                {
                    rejected.Add((Cells(record, header.Length), rowReasons));
                }
                continue;
            }
            previous = (team, start!.Value);
            facts++;
            if (writer is not null && (errorCount == 0 || acceptValid))
            {
                batch.Add(new IntervalFact(team, start.Value, values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7],
                    values[8], values[9], values[10], values[11]));
                if (batch.Count == BatchSize)
                {
                    await writer.WriteAsync(batch, ct);
                    batch.Clear();
                    progress?.Report(Math.Min(0.99, stream.Position / (double)length));
                }
            }
        }
        if (errorCount > errors.Count)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{fileName}: {errorCount - errors.Count} more errors not shown ({errorCount} in all)"));
        }
        if (errors.Count > 0 && !acceptValid)
        {
            return new KpiImportResult(false, errors, rows, 0, false); // the transaction is disposed uncommitted: nothing written
        }
        var rejectedCsv = rejected.Count > 0 ? Files.CsvTable.Rejected(header, rejected) : null;
        if (writer is null || tx is null)
        {
            return new KpiImportResult(true, errors, rows, facts, false, rejected.Count, rejectedCsv);
        }
        await writer.WriteAsync(batch, ct);
        await writer.FinishAsync(ct);
        var already = await RecordAsync("intervals", fileName, sha, rows, facts, ct);
        await tx.CommitAsync(ct);
        progress?.Report(1);
        return new KpiImportResult(true, errors, rows, facts, already, rejected.Count, rejectedCsv);
    }

    /// <summary>The cells of a row as read, for the rejected file (a short row gets empty cells at the end).</summary>
    private static string[] Cells(SepReader.Row record, int count)
    {
        var raw = new string[count];
        for (var c = 0; c < count; c++)
        {
            raw[c] = c < record.ColCount ? record[c].ToString() : "";
        }
        return raw;
    }

    /// <summary>Sep refuses some headers (a column name twice) with an exception: invalid input (exit 3), not a crash.</summary>
    private static SepReader? OpenCsv(Func<SepReader> open, string fileName, out string? error)
    {
        try
        {
            error = null;
            return open();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException)
        {
            error = $"{fileName}: row 1 (header): not a readable CSV header: {e.Message}";
            return null;
        }
    }

    /// <summary><c>import qa</c>: <c>employee_id,date,score</c> (score 0-100); several scores of one agent on one date are averaged.</summary>
    public async Task<KpiImportResult> ImportQaAsync(string path, string fileName, bool dryRun, CancellationToken ct, bool acceptValid = false)
    {
        var (text, readError) = await Files.CsvInput.ReadTextAsync(File.OpenRead(path), fileName, 200L << 20, ct);
        if (text is null)
        {
            return KpiImportResult.Fail(readError!);
        }
        var teams = await db.Employees.AsNoTracking().Select(e => new { e.EmployeeNumber, Team = e.Team != null ? e.Team.Code : "" })
            .ToDictionaryAsync(e => e.EmployeeNumber, e => e.Team, StringComparer.Ordinal, ct);
        var errors = new List<string>();
        var rejected = new List<(string[] Raw, IEnumerable<string> Errors)>();
        string[] qaHeader = [];
        var scores = new Dictionary<(string, DateOnly), (decimal Sum, int Count)>();
        long rows = 0;
        using (var reader = OpenCsv(() => Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromText(text), fileName, out var headerError))
        {
            if (reader is null)
            {
                return KpiImportResult.Fail(headerError!);
            }
            var header = qaHeader = reader.Header.ColNames.Select(c => c.Trim()).ToArray();
            if (QaColumns.Any(c => !header.Contains(c, StringComparer.Ordinal)))
            {
                return KpiImportResult.Fail($"{fileName}: row 1 (header): expected columns {string.Join(",", QaColumns)}");
            }
            var index = QaColumns.Select(c => Array.IndexOf(header, c)).ToArray();
            foreach (var record in reader)
            {
                rows++;
                var row = rows + 1;
                var errorsBefore = errors.Count;
                if (record.ColCount != header.Length)
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture, $"{fileName}: row {row}: has {record.ColCount} fields, the header has {header.Length} (a truncated or broken row?)"));
                    rejected.Add((Cells(record, header.Length), errors.Skip(errorsBefore).ToList()));
                    continue;
                }
                var id = record[index[0]].ToString().Trim();
                var dateText = record[index[1]].ToString().Trim();
                var scoreText = record[index[2]].ToString().Trim();
                if (!teams.ContainsKey(id))
                {
                    errors.Add($"{fileName}: row {row}, field employee_id: '{id}' is not in the roster");
                }
                if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    errors.Add($"{fileName}: row {row}, field date: '{dateText}' is not a date (yyyy-MM-dd)");
                }
                if (!decimal.TryParse(scoreText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var score) || score > 100)
                {
                    errors.Add($"{fileName}: row {row}, field score: '{scoreText}' is not a number from 0 to 100");
                }
                else if (teams.ContainsKey(id) && date != default)
                {
                    var key = (id, date);
                    scores[key] = scores.TryGetValue(key, out var s) ? (s.Sum + score, s.Count + 1) : (score, 1);
                }
                if (errors.Count > errorsBefore)
                {
                    // A row with any error is left out whole (accept-valid) or fails the file.
                    rejected.Add((Cells(record, header.Length), errors.Skip(errorsBefore).ToList()));
                }
            }
        }
        if (errors.Count > 0 && !acceptValid)
        {
            return new KpiImportResult(false, [.. errors.Take(MaxListedErrors)], rows, 0, false);
        }
        IReadOnlyList<string> listed = [.. errors.Take(MaxListedErrors)];
        var rejectedCsv = rejected.Count > 0 ? Files.CsvTable.Rejected(qaHeader, rejected) : null;
        if (dryRun)
        {
            return new KpiImportResult(true, listed, rows, scores.Count, false, rejected.Count, rejectedCsv);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.QaScores.ToDictionaryAsync(q => (q.EmployeeNumber, q.Date), ct);
        audit.Suppressed = true; // one import record is audited instead of every score
        foreach (var ((id, date), (sum, count)) in scores)
        {
            var value = Math.Round(sum / count, 2, MidpointRounding.AwayFromZero);
            if (existing.TryGetValue((id, date), out var q))
            {
                q.Score = value;
                q.TeamCode = teams[id];
            }
            else
            {
                db.QaScores.Add(new QaScore { EmployeeNumber = id, Date = date, Score = value, TeamCode = teams[id] });
            }
        }
        await db.SaveChangesAsync(ct);
        audit.Suppressed = false;
        var already = await RecordAsync("qa", fileName, await HashAsync(path, ct), rows, scores.Count, ct);
        await tx.CommitAsync(ct);
        return new KpiImportResult(true, listed, rows, scores.Count, already, rejected.Count, rejectedCsv);
    }

    /// <summary>Writes generated facts (the large demo data set) through the same bulk path, in one transaction.</summary>
    public async Task<long> WriteFactsAsync(IEnumerable<IntervalFact> facts, string source, IProgress<double>? progress, long expected, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(facts);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var writer = await FactWriter.CreateAsync(db, ct);
        var batch = new List<IntervalFact>(BatchSize);
        long count = 0;
        foreach (var fact in facts)
        {
            batch.Add(fact);
            if (batch.Count == BatchSize)
            {
                await writer.WriteAsync(batch, ct);
                count += batch.Count;
                batch.Clear();
                progress?.Report(count / (double)Math.Max(1, expected));
            }
        }
        await writer.WriteAsync(batch, ct);
        count += batch.Count;
        await writer.FinishAsync(ct);
        await RecordAsync("generated", source, source, count, count, ct);
        await tx.CommitAsync(ct);
        return count;
    }

    /// <summary>
    /// A file already imported (same kind and hash) is answered from its record at once: its facts are in the database
    /// and nothing is read or rewritten again.
    /// </summary>
    private async Task<KpiImportResult?> PreviousImportAsync(string kind, string sha, CancellationToken ct)
    {
        var record = await db.KpiImports.AsNoTracking().Where(r => r.Kind == kind && r.Sha256 == sha)
            .OrderBy(r => r.Id).FirstOrDefaultAsync(ct);
        return record is null ? null : new KpiImportResult(true, [], record.Rows, record.Facts, AlreadyImported: true);
    }

    /// <summary>Records the import once per (kind, SHA-256); returns true when that file was already imported.</summary>
    private async Task<bool> RecordAsync(string kind, string fileName, string sha, long rows, long facts, CancellationToken ct)
    {
        if (await db.KpiImports.AnyAsync(r => r.Kind == kind && r.Sha256 == sha, ct))
        {
            return true;
        }
        db.KpiImports.Add(new KpiImportRecord
        {
            Kind = kind, FileName = Path.GetFileName(fileName), Sha256 = sha, Rows = rows, Facts = facts,
            ImportedAt = clock.GetUtcNow(), Actor = audit.Actor,
        });
        await db.SaveChangesAsync(ct);
        return false;
    }

    private static async Task<string> HashAsync(string path, CancellationToken ct)
    {
        await using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(s, ct));
    }

    /// <summary>ISO 8601 with an offset (Z or ±hh:mm), to UTC; null without an offset or when malformed.</summary>
    public static DateTime? ParseUtc(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"];
        return DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value.UtcDateTime
            : null;
    }

    /// <summary>Upserts batches of facts on the open transaction of the context's connection.</summary>
    private abstract class FactWriter
    {
        public static async Task<FactWriter> CreateAsync(CertDeskDbContext db, CancellationToken ct)
        {
            var connection = db.Database.GetDbConnection();
            var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            FactWriter writer = db.IsPostgres ? new PostgresWriter((NpgsqlConnection)connection, transaction) : new SqliteWriter(connection, transaction);
            await writer.StartAsync(ct);
            return writer;
        }

        protected abstract Task StartAsync(CancellationToken ct);

        public abstract Task WriteAsync(IReadOnlyList<IntervalFact> batch, CancellationToken ct);

        public abstract Task FinishAsync(CancellationToken ct);

        protected static string Quoted(string column) => "\"" + column + "\"";

        protected static string UpdateList => string.Join(", ", s_factColumns.Skip(2).Select(c => $"{Quoted(c)} = excluded.{Quoted(c)}"));
    }

    private sealed class SqliteWriter(DbConnection connection, DbTransaction transaction) : FactWriter
    {
        private DbCommand? _command;

        protected override Task StartAsync(CancellationToken ct)
        {
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
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

        public override Task WriteAsync(IReadOnlyList<IntervalFact> batch, CancellationToken ct)
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

        public override Task FinishAsync(CancellationToken ct)
        {
            _command?.Dispose();
            return Task.CompletedTask;
        }
    }

    private sealed class PostgresWriter(NpgsqlConnection connection, DbTransaction transaction) : FactWriter
    {
        protected override async Task StartAsync(CancellationToken ct)
        {
            await using var create = connection.CreateCommand();
            create.Transaction = (NpgsqlTransaction)transaction;
            create.CommandText = "CREATE TEMP TABLE kpi_fact_stage (LIKE \"KpiIntervalFacts\") ON COMMIT DROP";
            await create.ExecuteNonQueryAsync(ct);
        }

        public override async Task WriteAsync(IReadOnlyList<IntervalFact> batch, CancellationToken ct)
        {
            if (batch.Count == 0)
            {
                return;
            }
            await using var copy = await connection.BeginBinaryImportAsync(
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

        public override async Task FinishAsync(CancellationToken ct)
        {
            await using var merge = connection.CreateCommand();
            merge.Transaction = (NpgsqlTransaction)transaction;
            var columns = string.Join(", ", s_factColumns.Select(Quoted));
            merge.CommandText = $"INSERT INTO \"KpiIntervalFacts\" ({columns}) SELECT {columns} FROM kpi_fact_stage " +
                $"ON CONFLICT (\"TeamCode\", \"IntervalStart\") DO UPDATE SET {UpdateList}";
            merge.CommandTimeout = 600;
            await merge.ExecuteNonQueryAsync(ct);
            await using var clear = connection.CreateCommand();
            clear.Transaction = (NpgsqlTransaction)transaction;
            clear.CommandText = "TRUNCATE kpi_fact_stage";
            await clear.ExecuteNonQueryAsync(ct);
        }
    }
}
