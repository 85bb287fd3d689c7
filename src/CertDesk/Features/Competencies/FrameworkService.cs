namespace CertDesk.Features.Competencies;

/// <summary>Creating a competency of the framework (page and API); the import has its own bulk path over the same rules.</summary>
public sealed class FrameworkService(CertDeskDbContext db)
{
    public async Task<Outcome<Competency>> CreateAsync(CompetencyInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = CompetencyRules.Validate(input);
        var code = input.Code?.Trim() ?? "";
        var parentCode = string.IsNullOrWhiteSpace(input.ParentCode) ? null : input.ParentCode.Trim();
        var existing = await db.Competencies.AsNoTracking().Select(c => new { c.Id, c.Code, c.ParentId }).ToListAsync(ct);
        if (!errors.ContainsKey("code") && existing.Any(c => c.Code == code))
        {
            errors["code"] = [$"'{code}' is already a competency of the framework"];
        }
        if (parentCode is not null && !errors.ContainsKey("code"))
        {
            var codes = existing.ToDictionary(c => c.Id, c => c.Code);
            var parentOf = existing.ToDictionary(c => c.Code, c => c.ParentId is { } p ? codes[p] : null, StringComparer.Ordinal);
            parentOf[code] = parentCode;
            if (CompetencyRules.ParentError(code, parentCode, parentOf) is { } reason)
            {
                errors["parent_code"] = [reason];
            }
        }
        if (errors.Count > 0)
        {
            return Outcome<Competency>.Invalid(errors);
        }
        var levels = input.Levels!.Select(l => l!.Trim()).ToArray();
        var competency = new Competency
        {
            Code = code,
            Name = input.Name!.Trim(),
            Category = input.Category!.Trim(),
            ParentId = parentCode is null ? null : existing.First(c => c.Code == parentCode).Id,
            Level1 = levels[0],
            Level2 = levels[1],
            Level3 = levels[2],
            Level4 = levels[3],
            Level5 = levels[4],
        };
        db.Competencies.Add(competency);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone created the same code meanwhile (the unique index): theirs stays, this one is refused.
            db.ChangeTracker.Clear();
            if (!await db.Competencies.AsNoTracking().AnyAsync(c => c.Code == code, ct))
            {
                throw;
            }
            return Outcome<Competency>.Invalid("code", $"'{code}' is already a competency of the framework");
        }
        return Outcome<Competency>.Ok(competency);
    }
}
