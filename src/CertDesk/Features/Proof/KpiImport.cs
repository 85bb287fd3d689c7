using CertDesk.Data;
using CertDesk.Domain.Kpi;
using CertDesk.Features.Audit;
using nietras.SeparatedValues;

namespace CertDesk.Features.Proof;

/// <summary>
/// The outcome of a KPI import: counts, or the error lines (nothing written). With accept-valid a success may carry error
/// lines too: the rows left out, counted in <see cref="Rejected"/> and listed whole with a reason in <see cref="RejectedCsv"/>
/// (the content of FILE.rejected.csv).
/// </summary>
/// <para><see cref="Notes"/> say what a platform file held that is not a contact offered to a queue and was left out (never
/// queued, moved on to another leg), in words.</para>
public sealed record KpiImportResult(bool Succeeded, IReadOnlyList<string> Errors, long Rows, long Facts, bool AlreadyImported,
    long Rejected = 0, string? RejectedCsv = null, IReadOnlyList<string>? Notes = null)
{
    public static KpiImportResult Fail(params string[] errors) => new(false, errors, 0, 0, false);
}

/// <summary>
/// <c>import cdr</c>, <c>import intervals</c> and <c>import qa</c>: all or nothing unless accept-valid (then the valid rows are
/// imported and the others returned as the rejected file), idempotent (an upsert by
/// (team, interval start) that replaces the interval's values), in one transaction, in batches. Row errors name the
/// file, the row, the field and the reason. Facts are written in bulk (prepared upsert on SQLite, COPY into a
/// staging table then one INSERT ... ON CONFLICT on PostgreSQL: <see cref="KpiFactWriter"/>); one
/// <see cref="KpiImportRecord"/> per new file goes into the audit trail. This file holds the CDR import and the steps the
/// importers share; the interval and QA importers are in KpiImport.Intervals.cs and KpiImport.Qa.cs.
/// </summary>
public sealed partial class KpiImport(CertDeskDbContext db, AuditContext audit, TimeProvider clock)
{
    public const int BatchSize = 10_000;
    public const int MaxListedErrors = 100;

    public static readonly string[] IntervalColumns = IntervalFactCsv.Header.Split(',');
    public static readonly string[] QaColumns = ["employee_id", "date", "score"];

    /// <summary><c>import cdr</c>: the streaming aggregator of <c>kpi aggregate</c>, then the facts upserted.</summary>
    private async Task<KpiImportResult> ReadCdrAsync(string path, string fileName, KpiSettings settings, bool dryRun, IProgress<double>? progress,
        CancellationToken ct, bool acceptValid = false, ContactRecordFormat format = ContactRecordFormat.Csv, CdrReadAhead? readAhead = null)
    {
        if (format != ContactRecordFormat.Csv)
        {
            return await ImportPlatformCdrAsync(path, fileName, settings, format, dryRun, progress, ct);
        }
        progress?.Report(0);
        if (!File.Exists(path))
        {
            return KpiImportResult.Fail($"{fileName}: file not found");
        }
        // The file's key names the import (ImportKey). When an earlier CDR import had a file of this size, the key comes
        // first, from a read of its own, so a file imported before is answered without aggregating it. Otherwise the file
        // is almost surely new: the aggregation works the key out from the bytes it reads (no second read of the file), and
        // the key is still looked up before anything is written (a record from before sizes were kept has none), so a file
        // imported before is never written again. A record an earlier version kept under the SHA-256 needs the key's own
        // read as well (ImportKey.Legacy), beside the aggregation.
        using var hashing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var known = dryRun ? default : await KnownSizeAsync("cdr", new FileInfo(path).Length, ct);
        var keyFirst = known.Seen || known.LegacyPossible;
        var hashKeyInRead = !dryRun && !keyFirst; // a dry run records nothing
        var started = readAhead is not null && readAhead.Reads(path, settings, hashKeyInRead, acceptValid) && !keyFirst ? readAhead : null;
        if (readAhead is not null && started is null)
        {
            await readAhead.StopAsync(); // its cores are the key's now
        }
        var hash = keyFirst ? ImportKey.OfFileAsync(path, known.LegacyPossible, hashing.Token) : Task.FromResult(ImportKey.Named(""));
        CdrReadAhead? ownRead = null;
        try
        {
            if (known.Seen && await PreviousImportAsync("cdr", CdrKey(await hash, settings), ct) is { } previous)
            {
                return previous;
            }
            if (FirstLineSeparatorProblem(path, fileName) is { } separator)
            {
                return KpiImportResult.Fail(separator);
            }
            // The read begun before the database opened, or the same read begun now; its cells are always disposed here.
            var read = started ?? (ownRead = CdrReadAhead.Start(path, fileName, settings, hashKeyInRead, acceptValid, ct));
            var (outcome, cells) = await read.TakeAsync();
            using (cells)
            {
                if (cells is null)
                {
                    return new KpiImportResult(false, outcome.Errors, outcome.Contacts, 0, false);
                }
                if (outcome.Contacts == 0 && outcome.Rejected == 0)
                {
                    return KpiImportResult.Fail(Files.ImportRules.NoRows(fileName));
                }
                // The same team rule as the interval file, checked on the few distinct teams (the parser itself stays lean);
                // the row is looked up only when one is wrong.
                if (cells.Teams.Select(t => (Team: t, Problem: TeamProblem(t))).FirstOrDefault(t => t.Problem is not null) is { Problem: { } problem } bad)
                {
                    return KpiImportResult.Fail($"{fileName}: row {FirstRowWithTeam(path, bad.Team)}, field team_id: {problem}");
                }
                progress?.Report(0.5);
                if (dryRun)
                {
                    return await StoreCdrFactsAsync(cells, outcome, fileName, ImportKey.Named(""), dryRun, null, progress, ct);
                }
                // Every byte went through the hash once the aggregation succeeded (a failed read imports nothing).
                var key = CdrKey(read.Hash is { } hashedInRead ? ImportKey.Of(hashedInRead, cells.FileBytes) : await hash, settings);
                if (!known.Seen && await PreviousImportAsync("cdr", key, ct) is { } earlier)
                {
                    return earlier;
                }
                return await StoreCdrFactsAsync(cells, outcome, fileName, key, dryRun, null, progress, ct);
            }
        }
        finally
        {
            if (ownRead is not null)
            {
                await ownRead.DisposeAsync(); // taken: only its token source is left to free
            }
            // An import that stops early leaves no read of its file behind (and a failed read is observed, not left to the finalizer).
            await hashing.CancelAsync();
            await ((Task)hash).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _ = hash.Exception; // reading it marks a failed read as observed
        }
    }

    /// <summary>
    /// The facts depend on the file and on the interval and threshold settings: the same file aggregated with other settings
    /// is another import (the default settings keep the plain file key).
    /// </summary>
    private static ImportKey CdrKey(ImportKey file, KpiSettings settings) =>
        settings == new KpiSettings(KpiSettings.DefaultIntervalMinutes, KpiSettings.DefaultSlThresholdSeconds)
            ? file
            : file.With(string.Create(CultureInfo.InvariantCulture, $"interval={settings.IntervalMinutes}|sl={settings.SlThresholdSeconds}"));

    /// <summary>
    /// The facts of a valid CDR file upserted in one transaction as they are merged, and the file recorded; or only counted
    /// on a dry run. The progress goes by the facts the cells may give at most (a cell held by two workers counts twice).
    /// </summary>
    private async Task<KpiImportResult> StoreCdrFactsAsync(CdrCells cells, CdrAggregationResult outcome, string fileName, ImportKey key,
        bool dryRun, IReadOnlyList<string>? notes, IProgress<double>? progress, CancellationToken ct)
    {
        if (dryRun)
        {
            return new KpiImportResult(true, outcome.Errors, outcome.Contacts, cells.CountFacts(ct), false, outcome.Rejected, outcome.RejectedCsv, notes);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        using var writer = await KpiFactWriter.CreateAsync(db, ct, cells.MostFacts, ordered: true); // the merge's order
        long written = 0;
        var facts = await WriteInBatchesAsync(writer, cells.Facts(ct),
            batch => progress?.Report(0.5 + 0.5 * Math.Min(1, (written += batch.Count) / (double)Math.Max(1, cells.MostFacts))), ct);
        await writer.FinishAsync(ct);
        var already = await RecordAsync("cdr", fileName, key, outcome.Contacts, facts, ct);
        await tx.CommitAsync(ct);
        progress?.Report(1);
        return new KpiImportResult(true, outcome.Errors, outcome.Contacts, facts, already, outcome.Rejected, outcome.RejectedCsv, notes);
    }

    /// <summary>Facts handed to the writer <see cref="BatchSize"/> at a time; <paramref name="written"/> hears of each batch. Returns how many.</summary>
    private static async Task<long> WriteInBatchesAsync(KpiFactWriter writer, IEnumerable<IntervalFact> facts, Action<List<IntervalFact>>? written, CancellationToken ct)
    {
        var batch = new List<IntervalFact>(BatchSize);
        long count = 0;
        foreach (var fact in facts)
        {
            batch.Add(fact);
            if (batch.Count == BatchSize)
            {
                await writer.WriteAsync(batch, ct);
                written?.Invoke(batch);
                count += batch.Count;
                batch.Clear();
            }
        }
        await writer.WriteAsync(batch, ct);
        written?.Invoke(batch);
        return count + batch.Count;
    }

    /// <summary>
    /// <c>import cdr --format amazon-connect|genesys-cloud</c>: the platform's records converted to the contract's CDR rows
    /// (<see cref="AmazonConnectRecords"/>, <see cref="GenesysConversations"/>), written as a CDR CSV to a temporary file and
    /// aggregated by the same parser as a CSV import, so every row rule (and the same facts) apply; then the same
    /// transactional upsert. All or nothing: a record that is wrong stops the whole file. Errors name the file, the record
    /// (line, or conversation index), the platform's field and the reason.
    /// </summary>
    private async Task<KpiImportResult> ImportPlatformCdrAsync(string path, string fileName, KpiSettings settings, ContactRecordFormat format, bool dryRun,
        IProgress<double>? progress, CancellationToken ct)
    {
        progress?.Report(0);
        if (!File.Exists(path))
        {
            return KpiImportResult.Fail($"{fileName}: file not found");
        }
        // The same bytes read as another format, or with other settings, are another import.
        var key = (await KeyOfFileAsync("cdr", path, ct)).With(string.Create(CultureInfo.InvariantCulture,
            $"format={ContactRecordFormats.NameOf(format)}|interval={settings.IntervalMinutes}|sl={settings.SlThresholdSeconds}"));
        if (!dryRun && await PreviousImportAsync("cdr", key, ct) is { } previous)
        {
            return previous;
        }
        var bytes = await File.ReadAllBytesAsync(path, ct);
        var conversion = await Task.Run(() => format == ContactRecordFormat.AmazonConnect
            ? AmazonConnectRecords.Convert(bytes, fileName)
            : GenesysConversations.Convert(bytes, fileName), ct);
        if (!conversion.Succeeded)
        {
            return new KpiImportResult(false, conversion.Errors, 0, 0, false);
        }
        if (conversion.Contacts.Count == 0)
        {
            return new KpiImportResult(false, [$"{fileName}: no contact offered to a queue in the file", .. conversion.Notes.Select(n => $"{fileName}: {n}")], 0, 0, false);
        }
        // The queue is the team of its contacts: named by the platform's field.
        var teamField = format == ContactRecordFormat.AmazonConnect ? "Queue.Name" : "queueId";
        return await ImportConvertedCdrAsync(conversion.Contacts, conversion.Notes, fileName, key, settings, dryRun, progress,
            e => InPlatformTerms(e, fileName, conversion.Contacts), (source, problem) => $"{fileName}: {source}, field {teamField}: {problem}", ct);
    }

    /// <summary>
    /// Contacts converted from another file's records (a platform's export, or a file read through a column mapping) written as
    /// the contract's CDR CSV to a temporary file and aggregated by the same parser as a CSV import, so every row rule (and the
    /// same facts) apply; then the same transactional upsert. <paramref name="inSourceTerms"/> says a converted row's error of the
    /// record it came from; <paramref name="teamError"/> words a bad team for the record (by its source) that first names it.
    /// </summary>
    private async Task<KpiImportResult> ImportConvertedCdrAsync(IReadOnlyList<PlatformContact> contacts, IReadOnlyList<string> notes, string fileName,
        ImportKey key, KpiSettings settings, bool dryRun, IProgress<double>? progress, Func<string, string> inSourceTerms, Func<string, string, string> teamError,
        CancellationToken ct)
    {
        var csvPath = Path.Combine(Path.GetTempPath(), "certdesk-cdr-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            await using (var csv = new StreamWriter(csvPath, false, new System.Text.UTF8Encoding(false)))
            {
                await csv.WriteAsync(CdrRow.Header + "\n");
                foreach (var contact in contacts)
                {
                    await csv.WriteAsync(contact.Row.ToCsvLine() + "\n");
                }
            }
            var (outcome, cells) = await Task.Run(() => CdrAggregation.Read(csvPath, settings, fileName, ct: ct, uniqueContactIds: true), CancellationToken.None);
            using (cells)
            {
                if (cells is null)
                {
                    return new KpiImportResult(false, [.. outcome.Errors.Select(inSourceTerms)], outcome.Contacts, 0, false);
                }
                if (cells.Teams.Select(t => (Team: t, Problem: TeamProblem(t))).FirstOrDefault(t => t.Problem is not null) is { Problem: { } problem } bad)
                {
                    return KpiImportResult.Fail(teamError(contacts.First(c => c.Row.TeamId == bad.Team).Source, problem));
                }
                progress?.Report(0.5);
                // No size recorded: the size says whether a plain CDR file may have been imported before, and this file was another format.
                return await StoreCdrFactsAsync(cells, outcome, fileName, key with { Bytes = null }, dryRun, notes, progress, ct);
            }
        }
        finally
        {
            File.Delete(csvPath);
        }
    }

    /// <summary>
    /// A row error of the converted CSV (<c>FILE: row N (line L), field F: reason</c>) said of the platform record it came from:
    /// row N is the contact converted (N - 2), whose record is named instead, and the CDR column is named as such.
    /// </summary>
    private static string InPlatformTerms(string error, string fileName, IReadOnlyList<PlatformContact> contacts)
    {
        var match = System.Text.RegularExpressions.Regex.Match(error, "^" + System.Text.RegularExpressions.Regex.Escape(fileName) + @": row (\d+) \(line \d+\), (.*)$");
        if (!match.Success || !int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var row) || row < 2 || row - 2 >= contacts.Count)
        {
            return error;
        }
        var reason = System.Text.RegularExpressions.Regex.Replace(match.Groups[2].Value, @"repeats row (\d+)",
            m => int.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out var r) && r >= 2 && r - 2 < contacts.Count ? "repeats " + contacts[r - 2].Source : m.Value);
        return $"{fileName}: {contacts[row - 2].Source}, converted to a CDR row: {reason}";
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
    private static string? TeamProblem(string team) =>
        team.Length is 0 or > 64 ? $"{Files.ImportRules.Quote(team)} must be 1 to 64 characters" : Files.ImportRules.Formula(team);

    /// <summary>The spreadsheet row (header = 1) of the first contact of a team, by a plain second read of the file.</summary>
    private static long FirstRowWithTeam(string path, string team)
    {
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromFile(path);
        var column = Array.IndexOf(reader.Header.ColNames.Select(c => c.Trim()).ToArray(), "team_id");
        long row = 1;
        foreach (var record in reader)
        {
            row++;
            if (column >= 0 && column < record.ColCount && record[column].ToString().Trim() == team)
            {
                return row;
            }
        }
        return row;
    }

    /// <summary>The wrong-separator line for a CDR file (its parser reads the header itself), from the first line only.</summary>
    private static string? FirstLineSeparatorProblem(string path, string fileName)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[4096];
        var read = reader.ReadBlock(buffer, 0, buffer.Length);
        var first = new string(buffer, 0, read).Split('\n')[0].TrimEnd('\r');
        return first.Contains(',', StringComparison.Ordinal) ? null
            : Files.ImportRules.Separator(fileName, [first], [.. CertDesk.Domain.Kpi.CdrColumns.Names]);
    }

    private static SepReader? OpenCsv(Func<SepReader> open, string fileName, out string? error)
    {
        try
        {
            error = null;
            return open();
        }
        catch (System.Text.DecoderFallbackException)
        {
            // The reader decodes ahead of the header: bad bytes in the first rows surface here.
            error = Files.ImportRules.NotUtf8(fileName);
            return null;
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException)
        {
            error = $"{fileName}: row 1 (header): not a readable CSV header: {e.Message}";
            return null;
        }
    }

    /// <summary>
    /// Writes generated facts (the large demo data set) through the same bulk path, in one transaction: each (team,
    /// interval) once, as the generator gives them.
    /// </summary>
    public async Task<long> WriteFactsAsync(IEnumerable<IntervalFact> facts, string source, IProgress<double>? progress, long expected, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(facts);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        using var writer = await KpiFactWriter.CreateAsync(db, ct, expected);
        long written = 0;
        var count = await WriteInBatchesAsync(writer, facts, batch => progress?.Report((written += batch.Count) / (double)Math.Max(1, expected)), ct);
        await writer.FinishAsync(ct);
        await RecordAsync("generated", source, ImportKey.Named(source), count, count, ct);
        await tx.CommitAsync(ct);
        return count;
    }

    /// <summary>
    /// A file already imported (same kind and key) is answered from its record at once: its facts are in the database
    /// and nothing is read or rewritten again.
    /// </summary>
    private async Task<KpiImportResult?> PreviousImportAsync(string kind, ImportKey key, CancellationToken ct)
    {
        // Plain SQL: for a file imported before this is the command's only query, and a LINQ query's first compile
        // would cost more than the rest of the answer.
        var records = await db.ReadRowsAsync(
            "SELECT \"Rows\", \"Facts\" FROM \"KpiImports\" WHERE \"Kind\" = @p0 AND \"Sha256\" IN (@p1, @p2) ORDER BY \"Id\" LIMIT 1",
            r => (Rows: r.GetInt64(0), Facts: r.GetInt64(1)), ct, kind, key.Current, key.Legacy ?? key.Current);
        return records is [var record] ? new KpiImportResult(true, [], record.Rows, record.Facts, AlreadyImported: true) : null;
    }

    /// <summary>
    /// Whether an import of this kind recorded a file of this size, and whether one recorded under a SHA-256 (by an earlier
    /// version) could be this file.
    /// </summary>
    private async Task<(bool Seen, bool LegacyPossible)> KnownSizeAsync(string kind, long bytes, CancellationToken ct) =>
        (await db.AnyRowAsync("SELECT 1 FROM \"KpiImports\" WHERE \"Kind\" = @p0 AND \"Bytes\" = @p1 LIMIT 1", ct, kind, bytes),
         await LegacyRecordPossibleAsync(kind, bytes, ct));

    /// <summary>Whether a record an earlier version wrote under the SHA-256 could be a file of this size: of this size, or from before sizes were kept.</summary>
    private Task<bool> LegacyRecordPossibleAsync(string kind, long bytes, CancellationToken ct) =>
        db.AnyRowAsync("SELECT 1 FROM \"KpiImports\" WHERE \"Kind\" = @p0 AND \"Sha256\" NOT LIKE '" + ImportKey.Prefix + "%' " +
            "AND (\"Bytes\" IS NULL OR \"Bytes\" = @p1) LIMIT 1", ct, kind, bytes);

    /// <summary>The key of a file to import as <paramref name="kind"/>, with its SHA-256 too when an earlier version's record could be it.</summary>
    private async Task<ImportKey> KeyOfFileAsync(string kind, string path, CancellationToken ct) =>
        await ImportKey.OfFileAsync(path, await LegacyRecordPossibleAsync(kind, new FileInfo(path).Length, ct), ct);

    /// <summary>Records the import once per (kind, key); returns true when that file was already imported.</summary>
    private async Task<bool> RecordAsync(string kind, string fileName, ImportKey key, long rows, long facts, CancellationToken ct)
    {
        if (await PreviousImportAsync(kind, key, ct) is not null)
        {
            return true;
        }
        // Written and audited without the change tracker: an import's one tracked save cost 0.23 s of first-use set-up
        // (the state manager, the update pipeline) for one row.
        KpiImportRecord[] record =
        [
            new()
            {
                Kind = kind,
                FileName = Path.GetFileName(fileName),
                Sha256 = key.Current,
                Bytes = key.Bytes,
                Rows = rows,
                Facts = facts,
                ImportedAt = clock.GetUtcNow(),
                Actor = audit.Actor,
            },
        ];
        await BulkInsert.AddAuditedAsync(db, record, ct);
        return false;
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
}
