using CertDesk.Data;
using CertDesk.Files;
using Microsoft.EntityFrameworkCore;
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
        var (text, readError) = await CsvInput.ReadTextAsync(file, fileName, 5L * 1024 * 1024, ct);
        if (text is null)
        {
            return TableImportResult.Fail([readError!]);
        }
        var (_, rows, fileError) = CsvTable.Read(text, fileName, Columns);
        if (fileError is not null)
        {
            return TableImportResult.Fail([fileError]);
        }
        var existing = await db.Competencies.ToListAsync(ct);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.Valid))
        {
            var code = row["code"];
            if (code.Length is 0 or > 32 || code.Contains(' ', StringComparison.Ordinal))
            {
                row.Error("code", "is required (at most 32 characters, no spaces)");
            }
            else if (!seen.TryAdd(code, row.Number))
            {
                row.Error("code", $"'{code}' is a duplicate of row {seen[code]}");
            }
            if (row["name"].Length is 0 or > 120)
            {
                row.Error("name", "is required (at most 120 characters)");
            }
            if (row["category"].Length is 0 or > 80)
            {
                row.Error("category", "is required (at most 80 characters)");
            }
            for (var level = 1; level <= 5; level++)
            {
                var description = row[$"level_{level}"];
                if (description.Length is 0 or > 500)
                {
                    row.Error($"level_{level}", $"level {level} must be described (at most 500 characters): every competency describes levels 1-5");
                }
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
            var parent = row["parent_code"];
            if (!parentOf.ContainsKey(parent))
            {
                row.Error("parent_code", $"'{parent}' is not a competency (in the file or the framework)");
                continue;
            }
            var path = new List<string> { row["code"] };
            var current = parent;
            while (current is not null)
            {
                if (path.Contains(current, StringComparer.Ordinal))
                {
                    row.Error("parent_code", $"the hierarchy loops: {string.Join(" -> ", path)} -> {current}");
                    break;
                }
                path.Add(current);
                current = parentOf.GetValueOrDefault(current);
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
