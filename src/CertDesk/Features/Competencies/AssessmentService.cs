using CertDesk.Domain.Gaps;
using CertDesk.Files;
using nietras.SeparatedValues;

namespace CertDesk.Features.Competencies;

public sealed record AssessmentInput(Guid? EmployeeId, string? Competency, string? Source, int? Level, DateOnly? AssessedOn, string? Evidence, string? Comment);

public sealed record AssessmentDto(
    Guid Id, Guid EmployeeId, string EmployeeNumber, string EmployeeName, string Competency, string CompetencyName, string Source,
    int Level, DateOnly AssessedOn, string AssessorEmail, string Evidence, string Comment, int Version);

/// <summary>
/// Recording ratings, with who may record what: an employee records only a self rating, for themself; a manager
/// rating comes from someone above the person in the org chart (or the program manager / admin); a test result
/// from the program manager or admin. <c>import assessments</c> (CLI, run by an operator) is all-or-nothing.
/// </summary>
public sealed class AssessmentService(CertDeskDbContext db, OrganizationScope scope, TimeProvider clock)
{
    public const long MaxFileBytes = 20L * 1024 * 1024;

    public static readonly string[] Columns = ["employee_id", "competency", "source", "level", "assessed_on", "assessor_email", "evidence", "comment"];

    public static RatingSource? ParseSource(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "self" => RatingSource.Self,
        "manager" => RatingSource.Manager,
        "test" => RatingSource.Test,
        _ => null,
    };

    public static string SourceName(RatingSource source) => source.ToString().ToLowerInvariant();

    public IQueryable<AssessmentDto> Project(IQueryable<Assessment> query) => query.Select(a => new AssessmentDto(
        a.Id, a.EmployeeId, a.Employee!.EmployeeNumber, a.Employee.FirstName + " " + a.Employee.LastName, a.Competency!.Code, a.Competency.Name,
        a.Source == RatingSource.Self ? "self" : a.Source == RatingSource.Manager ? "manager" : "test",
        a.Level, a.AssessedOn, a.AssessorEmail, a.Evidence, a.Comment, a.Version));

    /// <summary>The assessments of the people the caller may see.</summary>
    public async Task<IQueryable<Assessment>> VisibleAsync(Caller caller, CancellationToken ct)
    {
        var visible = await scope.VisibleEmployeeIdsAsync(caller, ct);
        var query = db.Assessments.AsNoTracking();
        return visible is null ? query : query.Where(a => visible.Contains(a.EmployeeId));
    }

    /// <summary>Null when the caller may record this kind of rating for this person, else the reason they may not.</summary>
    public async Task<string?> WhyNotAllowedAsync(Caller caller, Guid employeeId, RatingSource source, CancellationToken ct)
    {
        var runsProgram = caller.RunsProgram;
        switch (source)
        {
            case RatingSource.Self:
                return caller.EmployeeId == employeeId ? null : "a self rating is recorded only by the person themself";
            case RatingSource.Test:
                return runsProgram ? null : "test results are recorded by the program manager";
            default:
                if (runsProgram)
                {
                    return null;
                }
                if (caller.EmployeeId == employeeId)
                {
                    return "a manager rating of yourself is not allowed; record a self rating";
                }
                if (caller.IsIn(Roles.Manager) && caller.EmployeeId is not null && await scope.CanSeeAsync(caller, employeeId, ct))
                {
                    return null;
                }
                return "only the person's manager chain or the program manager records manager ratings";
        }
    }

    public async Task<Outcome<Assessment>> RecordAsync(Caller caller, AssessmentInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var source = ParseSource(input.Source);
        if (source is null)
        {
            errors["source"] = ["must be self, manager or test"];
        }
        if (input.Level is not (>= 0 and <= 5))
        {
            errors["level"] = ["must be a whole number 0-5"];
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (input.AssessedOn is null || input.AssessedOn > today)
        {
            errors["assessed_on"] = ["is required and cannot be in the future"];
        }
        var competency = await db.Competencies.FirstOrDefaultAsync(c => c.Code == (input.Competency ?? "").Trim(), ct);
        if (competency is null)
        {
            errors["competency"] = [$"'{input.Competency}' is not a competency of the framework"];
        }
        var employee = input.EmployeeId is { } id && await scope.CanSeeAsync(caller, id, ct) ? await db.Employees.FirstOrDefaultAsync(e => e.Id == id, ct) : null;
        if (employee is null)
        {
            errors["employee_id"] = ["is not a person you can see"];
        }
        if ((input.Evidence?.Length ?? 0) > 2000 || (input.Comment?.Length ?? 0) > 2000)
        {
            errors["evidence"] = ["evidence and comment are at most 2000 characters each"];
        }
        if (errors.Count > 0)
        {
            return Outcome<Assessment>.Invalid(errors);
        }
        var assessment = new Assessment
        {
            EmployeeId = employee!.Id,
            CompetencyId = competency!.Id,
            Source = source!.Value,
            Level = input.Level!.Value,
            AssessedOn = input.AssessedOn!.Value,
            AssessorEmail = caller.Email,
            Evidence = input.Evidence?.Trim() ?? "",
            Comment = input.Comment?.Trim() ?? "",
        };
        var same = await db.Assessments.FirstOrDefaultAsync(a => a.EmployeeId == assessment.EmployeeId && a.CompetencyId == assessment.CompetencyId
            && a.Source == assessment.Source && a.AssessedOn == assessment.AssessedOn && a.AssessorEmail == assessment.AssessorEmail, ct);
        if (same is not null)
        {
            (same.Level, same.Evidence, same.Comment) = (assessment.Level, assessment.Evidence, assessment.Comment);
            assessment = same;
        }
        else
        {
            db.Assessments.Add(assessment);
        }
        await db.SaveChangesAsync(ct);
        return Outcome<Assessment>.Ok(assessment);
    }

    /// <summary>The CSV import: unknown person or competency is a row error; all-or-nothing unless accept-valid; idempotent.</summary>
    public async Task<TableImportResult> ImportAsync(Stream file, string fileName, bool dryRun, bool acceptValid, CancellationToken ct)
    {
        var (header, rows, fileError) = await CsvTable.ReadAsync(file, fileName, MaxFileBytes, Columns, ct);
        if (fileError is not null)
        {
            return TableImportResult.Fail([fileError]);
        }
        var employees = await db.Employees.AsNoTracking().ToDictionaryAsync(e => e.EmployeeNumber, e => e.Id, StringComparer.Ordinal, ct);
        var competencies = await db.Competencies.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Id, StringComparer.Ordinal, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var parsed = new Dictionary<CsvRow, Assessment>();
        var seen = new Dictionary<(Guid, Guid, RatingSource, DateOnly, string), int>();
        foreach (var row in rows.Where(r => r.Valid))
        {
            if (!employees.TryGetValue(row["employee_id"], out var employeeId))
            {
                row.Error("employee_id", $"'{row["employee_id"]}' is not a known employee");
            }
            if (!competencies.TryGetValue(row["competency"], out var competencyId))
            {
                row.Error("competency", $"'{row["competency"]}' is not a competency of the framework");
            }
            var source = ParseSource(row["source"]);
            if (source is null)
            {
                row.Error("source", $"'{row["source"]}' is not self, manager or test");
            }
            if (!int.TryParse(row["level"], NumberStyles.None, CultureInfo.InvariantCulture, out var level) || level > 5)
            {
                row.Error("level", $"'{row["level"]}' is not a whole number 0-5");
            }
            if (!DateOnly.TryParseExact(row["assessed_on"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var on))
            {
                row.Error("assessed_on", $"'{row["assessed_on"]}' is not a date (yyyy-MM-dd)");
            }
            else if (on > today)
            {
                row.Error("assessed_on", $"{row["assessed_on"]} is in the future");
            }
            var assessor = row["assessor_email"];
            if (assessor.Length > 254 || (assessor.Length > 0 && !assessor.Contains('@', StringComparison.Ordinal)))
            {
                row.Error("assessor_email", $"'{assessor}' is not an e-mail address");
            }
            if (row["evidence"].Length > 2000 || row["comment"].Length > 2000)
            {
                row.Error("evidence", "evidence and comment are at most 2000 characters each");
            }
            if (!row.Valid)
            {
                continue;
            }
            var key = (employeeId, competencyId, source!.Value, on, assessor);
            if (seen.TryGetValue(key, out var first))
            {
                row.Error("employee_id", $"the same rating (person, competency, source, date, assessor) is on row {first}");
                continue;
            }
            seen[key] = row.Number;
            parsed[row] = new Assessment
            {
                EmployeeId = employeeId,
                CompetencyId = competencyId,
                Source = source.Value,
                Level = level,
                AssessedOn = on,
                AssessorEmail = assessor,
                Evidence = row["evidence"],
                Comment = row["comment"],
            };
        }
        var errors = rows.SelectMany(r => r.Errors).ToList();
        var rejected = rows.Count(r => !r.Valid);
        if (errors.Count > 0 && !acceptValid)
        {
            return new TableImportResult(rows.Count, 0, 0, 0, rejected, errors, null);
        }
        var people = parsed.Values.Select(a => a.EmployeeId).Distinct().ToList();
        var existing = await db.Assessments.Where(a => people.Contains(a.EmployeeId)).ToListAsync(ct);
        var index = existing.ToDictionary(a => (a.EmployeeId, a.CompetencyId, a.Source, a.AssessedOn, a.AssessorEmail));
        int created = 0, updated = 0, unchanged = 0;
        foreach (var a in parsed.Values)
        {
            if (!index.TryGetValue((a.EmployeeId, a.CompetencyId, a.Source, a.AssessedOn, a.AssessorEmail), out var current))
            {
                db.Assessments.Add(a);
                created++;
            }
            else if (current.Level != a.Level || current.Evidence != a.Evidence || current.Comment != a.Comment)
            {
                (current.Level, current.Evidence, current.Comment) = (a.Level, a.Evidence, a.Comment);
                updated++;
            }
            else
            {
                unchanged++;
            }
        }
        return await TableImportResult.SaveAsync(db, dryRun, header, rows, (created, updated, unchanged, rejected), errors, ct);
    }

    public async Task ExportAsync(TextWriter output, CancellationToken ct)
    {
        var all = await Project(db.Assessments.AsNoTracking().OrderBy(a => a.Employee!.EmployeeNumber).ThenBy(a => a.Competency!.Code).ThenBy(a => a.AssessedOn))
            .ToListAsync(ct);
        await output.WriteLineAsync(string.Join(',', Columns));
        using var writer = Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = false }).To(output);
        foreach (var a in all)
        {
            using var row = writer.NewRow();
            string[] values = [a.EmployeeNumber, a.Competency, a.Source, a.Level.ToString(CultureInfo.InvariantCulture),
                a.AssessedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), a.AssessorEmail, a.Evidence, a.Comment];
            for (var i = 0; i < Columns.Length; i++)
            {
                row[Columns[i]].Set(CellSafety.Neutralize(values[i]));
            }
        }
    }
}
