namespace CertDesk.Features.Scheduling;

public sealed record CoverageRuleDto(Guid Id, Guid SiteId, string Site, Guid? TeamId, string? Team, int AgentsPerSupervisor, int MinimumSupervisors, int Version);

public sealed record CoverageRuleInput(Guid? SiteId, Guid? TeamId, int? AgentsPerSupervisor, int? MinimumSupervisors);

/// <summary>
/// Supervisor coverage rules (one per site, or per team of the site): the rules of a valid rule, create and change, for
/// the API and the form. A change names the version it was read at; another version is stale and writes nothing.
/// </summary>
public sealed class CoverageRuleService(CertDeskDbContext db)
{
    public const int DefaultMinimumSupervisors = 1;

    public static IQueryable<CoverageRuleDto> Project(IQueryable<CoverageRule> rules) => rules.Select(r => new CoverageRuleDto(
        r.Id, r.SiteId, r.Site!.Name, r.TeamId, r.Team != null ? r.Team.Code : null, r.AgentsPerSupervisor, r.MinimumSupervisors, r.Version));

    public IQueryable<CoverageRuleDto> List() =>
        Project(db.CoverageRules.AsNoTracking().OrderBy(r => r.Site!.Name).ThenBy(r => r.Team != null ? r.Team.Code : ""));

    public Task<CoverageRuleDto?> GetAsync(Guid id, CancellationToken ct) => Project(db.CoverageRules.AsNoTracking().Where(r => r.Id == id)).FirstOrDefaultAsync(ct);

    public async Task<Outcome<CoverageRuleDto>> CreateAsync(CoverageRuleInput input, CancellationToken ct)
    {
        var errors = await ValidateAsync(input, null, ct);
        if (errors.Count > 0)
        {
            return Outcome<CoverageRuleDto>.Invalid(errors);
        }
        var rule = new CoverageRule
        {
            SiteId = input.SiteId!.Value,
            TeamId = input.TeamId,
            AgentsPerSupervisor = input.AgentsPerSupervisor!.Value,
            MinimumSupervisors = input.MinimumSupervisors ?? DefaultMinimumSupervisors,
        };
        db.CoverageRules.Add(rule);
        await db.SaveChangesAsync(ct);
        return Outcome<CoverageRuleDto>.Ok((await GetAsync(rule.Id, ct))!);
    }

    /// <summary>Replaces a rule's site, team and figures. <paramref name="expectedVersion"/> null: no check (an API call without If-Match).</summary>
    public async Task<Outcome<CoverageRuleDto>> UpdateAsync(Guid id, CoverageRuleInput input, int? expectedVersion, CancellationToken ct)
    {
        var rule = await db.CoverageRules.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null)
        {
            return Outcome<CoverageRuleDto>.NotFound();
        }
        if (expectedVersion is { } v && v != rule.Version)
        {
            return Outcome<CoverageRuleDto>.Stale((await GetAsync(id, ct))!);
        }
        var errors = await ValidateAsync(input, id, ct);
        if (errors.Count > 0)
        {
            return Outcome<CoverageRuleDto>.Invalid(errors);
        }
        rule.SiteId = input.SiteId!.Value;
        rule.TeamId = input.TeamId;
        rule.AgentsPerSupervisor = input.AgentsPerSupervisor!.Value;
        rule.MinimumSupervisors = input.MinimumSupervisors ?? DefaultMinimumSupervisors;
        db.Entry(rule).Property(r => r.Version).OriginalValue = expectedVersion ?? rule.Version;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Outcome<CoverageRuleDto>.Stale((await GetAsync(id, ct))!);
        }
        catch (DbUpdateException)
        {
            // Someone else created the rule for that site or team meanwhile (the unique index).
            db.ChangeTracker.Clear();
            return Outcome<CoverageRuleDto>.Invalid("team_id", "a rule for that site or team exists");
        }
        return Outcome<CoverageRuleDto>.Ok((await GetAsync(id, ct))!);
    }

    /// <summary>Every field's errors (API field names); <paramref name="id"/> is the rule being changed.</summary>
    public async Task<Shared.FieldErrors> ValidateAsync(CoverageRuleInput input, Guid? id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Shared.FieldErrors();
        if (input.SiteId is not { } siteId || !await db.Sites.AnyAsync(s => s.Id == siteId, ct))
        {
            errors.Add("site_id", "is not a known site");
        }
        if (input.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId && t.SiteId == input.SiteId, ct))
        {
            errors.Add("team_id", "is not a team of that site");
        }
        if (input.AgentsPerSupervisor is not (>= 1 and <= 1000))
        {
            errors.Add("agents_per_supervisor", "is a whole number from 1 to 1000");
        }
        if (input.MinimumSupervisors is { } min && min is < 0 or > 1000)
        {
            errors.Add("minimum_supervisors", "is a whole number from 0 to 1000");
        }
        if (errors.Count == 0 && await db.CoverageRules.AnyAsync(x => x.SiteId == input.SiteId && x.TeamId == input.TeamId && x.Id != id, ct))
        {
            errors.Add("team_id", input.TeamId is null ? "the site has a site-wide rule already" : "the team has a rule already");
        }
        return errors;
    }
}
