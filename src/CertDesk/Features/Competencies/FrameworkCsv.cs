using CertDesk.Files;
using nietras.SeparatedValues;

namespace CertDesk.Features.Competencies;

/// <summary>
/// <c>import competencies FILE</c> / <c>export competencies</c>: the framework as CSV, one competency a row, keyed by
/// code. Every level 1-5 must be described; a parent must exist (in the file or already) and the parent chain may
/// not loop. All-or-nothing: any error and nothing is written.
/// </summary>
public sealed class FrameworkCsv(CertDeskDbContext db)
{
    public static readonly string[] Columns = ["code", "name", "category", "parent_code", "level_1", "level_2", "level_3", "level_4", "level_5"];

    public async Task<TableImportResult> ImportAsync(Stream file, string fileName, bool dryRun, CancellationToken ct)
    {
        var (_, rows, fileError) = await CsvTable.ReadAsync(file, fileName, 5L * 1024 * 1024, Columns, ct);
        if (fileError is not null)
        {
            return TableImportResult.Fail([fileError]);
        }
        var existing = await db.Competencies.ToListAsync(ct);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.Valid))
        {
            var code = row["code"];
            var input = new CompetencyInput(code, row["name"], row["category"], row["parent_code"],
                [.. Enumerable.Range(1, CompetencyRules.LevelCount).Select(level => row[$"level_{level}"])]);
            var invalid = CompetencyRules.Validate(input);
            foreach (var (field, reasons) in invalid)
            {
                foreach (var reason in reasons)
                {
                    row.Error(field, reason);
                }
            }
            if (!invalid.ContainsKey("code") && !seen.TryAdd(code, row.Number))
            {
                row.Error("code", $"'{code}' is a duplicate of row {seen[code]}");
            }
        }
        // Parents: the hierarchy after the import, file rows over the database.
        var parentOf = existing.ToDictionary(c => c.Code, c => c.ParentId is { } p ? existing.First(x => x.Id == p).Code : null, StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.Valid))
        {
            parentOf[row["code"]] = row["parent_code"].Length > 0 ? row["parent_code"] : null;
        }
        foreach (var row in rows.Where(r => r.Valid && r["parent_code"].Length > 0))
        {
            if (CompetencyRules.ParentError(row["code"], row["parent_code"], parentOf) is { } reason)
            {
                row.Error("parent_code", reason);
            }
        }
        var errors = rows.SelectMany(r => r.Errors).ToList();
        if (errors.Count > 0)
        {
            return new TableImportResult(rows.Count, 0, 0, 0, rows.Count(r => !r.Valid), errors, null);
        }

        var byCode = existing.ToDictionary(c => c.Code, StringComparer.Ordinal);
        int created = 0, updated = 0, unchanged = 0;
        foreach (var row in rows)
        {
            if (!byCode.TryGetValue(row["code"], out var competency))
            {
                competency = new Competency { Code = row["code"], Name = "", Category = "" };
                byCode[competency.Code] = competency;
                db.Competencies.Add(competency);
                created++;
            }
            else if (competency.Name != row["name"] || competency.Category != row["category"] || competency.Level1 != row["level_1"]
                || competency.Level2 != row["level_2"] || competency.Level3 != row["level_3"] || competency.Level4 != row["level_4"]
                || competency.Level5 != row["level_5"] || (existing.FirstOrDefault(x => x.Id == competency.ParentId)?.Code ?? "") != row["parent_code"])
            {
                updated++;
            }
            else
            {
                unchanged++;
            }
            competency.Name = row["name"];
            competency.Category = row["category"];
            (competency.Level1, competency.Level2, competency.Level3, competency.Level4, competency.Level5) =
                (row["level_1"], row["level_2"], row["level_3"], row["level_4"], row["level_5"]);
        }
        foreach (var row in rows)
        {
            var competency = byCode[row["code"]];
            var parentId = row["parent_code"].Length > 0 ? byCode[row["parent_code"]].Id : (Guid?)null;
            if (competency.ParentId != parentId)
            {
                competency.ParentId = parentId;
            }
        }
        if (dryRun)
        {
            db.ChangeTracker.Clear();
        }
        else
        {
            await db.SaveChangesAsync(ct);
        }
        return new TableImportResult(rows.Count, created, updated, unchanged, 0, [], null);
    }

    public async Task ExportAsync(TextWriter output, CancellationToken ct)
    {
        var all = await db.Competencies.AsNoTracking().OrderBy(c => c.Category).ThenBy(c => c.Code).ToListAsync(ct);
        await output.WriteLineAsync(string.Join(',', Columns));
        using var writer = Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = false }).To(output);
        foreach (var c in all)
        {
            using var row = writer.NewRow();
            var parent = all.FirstOrDefault(p => p.Id == c.ParentId)?.Code ?? "";
            string[] values = [c.Code, c.Name, c.Category, parent, c.Level1, c.Level2, c.Level3, c.Level4, c.Level5];
            for (var i = 0; i < Columns.Length; i++)
            {
                row[Columns[i]].Set(CellSafety.Neutralize(values[i]));
            }
        }
    }
}
