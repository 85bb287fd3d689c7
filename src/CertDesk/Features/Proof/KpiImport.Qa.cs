using CertDesk.Domain.Kpi;
using nietras.SeparatedValues;

namespace CertDesk.Features.Proof;

/// <summary><c>import qa</c>: quality scores per agent and date, averaged into the team's intervals (the shared steps are in KpiImport.cs).</summary>
public sealed partial class KpiImport
{
    /// <summary><c>import qa</c>: <c>employee_id,date,score</c> (score 0-100); several scores of one agent on one date are averaged.</summary>
    private async Task<KpiImportResult> ReadQaAsync(string path, string fileName, bool dryRun, CancellationToken ct, bool acceptValid = false)
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
            if (Files.ImportRules.Separator(fileName, header, QaColumns) is { } separator)
            {
                return KpiImportResult.Fail(separator);
            }
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
                if (Files.ImportRules.Formula(id) is { } formula)
                {
                    errors.Add($"{fileName}: row {row}, field employee_id: {formula}");
                }
                else if (!teams.ContainsKey(id))
                {
                    errors.Add($"{fileName}: row {row}, field employee_id: {Files.ImportRules.Quote(id)} is not in the roster");
                }
                if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    errors.Add($"{fileName}: row {row}, field date: {Files.ImportRules.Quote(dateText)} is not a date (yyyy-MM-dd)");
                }
                if (!decimal.TryParse(scoreText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var score) || score > 100)
                {
                    errors.Add($"{fileName}: row {row}, field score: {Files.ImportRules.Quote(scoreText)} is not a number from 0 to 100");
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
        if (rows == 0)
        {
            return KpiImportResult.Fail(Files.ImportRules.NoRows(fileName));
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
        var already = await RecordAsync("qa", fileName, await KeyOfFileAsync("qa", path, ct), rows, scores.Count, ct);
        await tx.CommitAsync(ct);
        return new KpiImportResult(true, listed, rows, scores.Count, already, rejected.Count, rejectedCsv);
    }
}
