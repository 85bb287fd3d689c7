namespace CertDesk.Features.Scheduling;

public sealed record QueueDto(Guid Id, string Name, Guid SiteId, string Site, IReadOnlyList<string> Teams, decimal ServiceLevel, int TargetSeconds, int? PatienceSeconds, decimal? MaxOccupancy, decimal? Shrinkage, int Version);

/// <summary>A queue as the API and the form give it: fractions (0.8 = 80 %), seconds, team codes.</summary>
public sealed record QueueInput(string? Name, Guid? SiteId, IReadOnlyList<string>? Teams, decimal? ServiceLevel, int? TargetSeconds, int? PatienceSeconds, decimal? MaxOccupancy, decimal? Shrinkage);

/// <summary>
/// Queues and their service-level targets: the rules of a valid queue, create and change (the API and the form share
/// them). A change names the version it was read at; another version is stale and writes nothing. The program team
/// (admin, program manager) edits queues: the callers are authorized by policy before they get here.
/// </summary>
public sealed class QueueService(CertDeskDbContext db)
{
    public static IQueryable<QueueDto> Project(IQueryable<Queue> queues) => queues.Select(q => new QueueDto(
        q.Id, q.Name, q.SiteId, q.Site!.Name, q.Teams.OrderBy(t => t.Code).Select(t => t.Code).ToList(), q.ServiceLevel, q.TargetSeconds,
        q.PatienceSeconds, q.MaxOccupancy, q.Shrinkage, q.Version));

    public IQueryable<QueueDto> List() => Project(db.Queues.AsNoTracking().OrderBy(q => q.Name));

    public Task<QueueDto?> GetAsync(Guid id, CancellationToken ct) => Project(db.Queues.AsNoTracking().Where(q => q.Id == id)).FirstOrDefaultAsync(ct);

    public async Task<Outcome<QueueDto>> CreateAsync(QueueInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (errors, teams) = await ValidateAsync(input, null, ct);
        if (errors.Count > 0)
        {
            return Outcome<QueueDto>.Invalid(errors);
        }
        var queue = new Queue { Name = input.Name!.Trim(), Teams = teams };
        Apply(queue, input);
        db.Queues.Add(queue);
        await db.SaveChangesAsync(ct);
        return Outcome<QueueDto>.Ok((await GetAsync(queue.Id, ct))!);
    }

    /// <summary>Replaces a queue's name, site, teams and targets. <paramref name="expectedVersion"/> null: no check (an API call without If-Match).</summary>
    public async Task<Outcome<QueueDto>> UpdateAsync(Guid id, QueueInput input, int? expectedVersion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var queue = await db.Queues.Include(q => q.Teams).FirstOrDefaultAsync(q => q.Id == id, ct);
        if (queue is null)
        {
            return Outcome<QueueDto>.NotFound();
        }
        if (expectedVersion is { } v && v != queue.Version)
        {
            return Outcome<QueueDto>.Stale((await GetAsync(id, ct))!);
        }
        var (errors, teams) = await ValidateAsync(input, id, ct);
        if (errors.Count > 0)
        {
            return Outcome<QueueDto>.Invalid(errors);
        }
        var sameTeams = queue.Teams.Select(t => t.Id).ToHashSet().SetEquals(teams.Select(t => t.Id));
        queue.Name = input.Name!.Trim();
        Apply(queue, input);
        if (!sameTeams)
        {
            queue.Teams.Clear();
            queue.Teams.AddRange(teams);
        }
        db.ChangeTracker.DetectChanges();
        if (db.Entry(queue).State != EntityState.Modified && sameTeams)
        {
            return Outcome<QueueDto>.Ok((await GetAsync(id, ct))!); // nothing changed: no new version
        }
        // The version read is the one the update must find; a team change alone still raises the queue's version.
        db.Entry(queue).Property(q => q.Version).OriginalValue = expectedVersion ?? queue.Version;
        db.Entry(queue).Property(q => q.Name).IsModified = true;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Outcome<QueueDto>.Stale((await GetAsync(id, ct))!);
        }
        return Outcome<QueueDto>.Ok((await GetAsync(id, ct))!);
    }

    private static void Apply(Queue queue, QueueInput input)
    {
        queue.SiteId = input.SiteId!.Value;
        queue.ServiceLevel = input.ServiceLevel!.Value;
        queue.TargetSeconds = input.TargetSeconds!.Value;
        queue.PatienceSeconds = input.PatienceSeconds;
        queue.MaxOccupancy = input.MaxOccupancy;
        queue.Shrinkage = input.Shrinkage;
    }

    /// <summary>Every field's errors (API field names) and the teams named; <paramref name="id"/> is the queue being changed.</summary>
    public async Task<(Shared.FieldErrors Errors, List<Team> Teams)> ValidateAsync(QueueInput input, Guid? id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Shared.FieldErrors();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 120)
        {
            errors.Add("name", "is required (at most 120 characters)");
        }
        else if (await db.Queues.AnyAsync(q => q.Name == name && q.Id != id, ct))
        {
            errors.Add("name", $"a queue named '{name}' exists");
        }
        if (input.SiteId is not { } siteId || !await db.Sites.AnyAsync(s => s.Id == siteId, ct))
        {
            errors.Add("site_id", "is not a known site");
        }
        var codes = (input.Teams ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var teams = await db.Teams.Where(t => codes.Contains(t.Code)).ToListAsync(ct);
        if (teams.Count < codes.Count)
        {
            errors.Add("teams", $"unknown team(s): {string.Join(", ", codes.Except(teams.Select(t => t.Code)))}");
        }
        if (input.ServiceLevel is not { } sl || sl is <= 0 or > 1)
        {
            errors.Add("service_level", "is a fraction > 0 and <= 1 (0.8 = 80 %)");
        }
        if (input.TargetSeconds is not (>= 0 and <= 3600))
        {
            errors.Add("target_seconds", "is a number of seconds from 0 to 3600");
        }
        if (input.PatienceSeconds is { } p && p is <= 0 or > 86400)
        {
            errors.Add("patience_seconds", "is a number of seconds > 0 (at most 86400)");
        }
        if (input.MaxOccupancy is { } m && m is <= 0 or > 1)
        {
            errors.Add("max_occupancy", "is a fraction > 0 and <= 1");
        }
        if (input.Shrinkage is { } s && s is < 0 or >= 1)
        {
            errors.Add("shrinkage", "is a fraction >= 0 and < 1");
        }
        return (errors, teams);
    }
}
