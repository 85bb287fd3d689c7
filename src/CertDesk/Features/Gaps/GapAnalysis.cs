using CertDesk.Domain.Gaps;
using CertDesk.Features.Catalog;
using CertDesk.Features.Competencies;

namespace CertDesk.Features.Gaps;

public sealed record PersonGaps(Employee Employee, string Role, IReadOnlyDictionary<string, CombinedLevel> Levels, GapProfile Profile, IReadOnlyDictionary<string, string> Names);

public sealed record GapTrendPoint(DateOnly AsOf, decimal TotalWeightedGap, decimal Readiness);

public sealed record HeatCell(decimal? Current, int Required, decimal Gap);

public sealed record HeatRow(Guid EmployeeId, string Name, string Role, decimal TotalWeightedGap, decimal Readiness, IReadOnlyDictionary<string, HeatCell> Cells);

public sealed record HeatMap(IReadOnlyList<(string Code, string Name)> Competencies, IReadOnlyList<HeatRow> Rows);

/// <summary>Gap profiles, trends, heat maps and recommendations, always within the caller's part of the org chart.</summary>
public sealed class GapAnalysis(CertDeskDbContext db, OrganizationScope scope, TimeProvider clock, IOptions<GapsOptions> options, PriceBook prices,
    VersionedCache versioned)
{
    public GapsOptions Options => options.Value;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<IReadOnlyList<string>> RolesAsync(CancellationToken ct) =>
        await db.RoleRequirements.AsNoTracking().Select(r => r.JobRole).Distinct().OrderBy(r => r).ToListAsync(ct);

    private async Task<List<Requirement>> RequirementsAsync(string role, CancellationToken ct) =>
        (await db.RoleRequirements.AsNoTracking().Where(r => r.JobRole == role).Select(r => new { r.Competency!.Code, r.RequiredLevel, r.Weight }).ToListAsync(ct))
        .OrderBy(r => r.Code, StringComparer.Ordinal).Select(r => new Requirement(r.Code, r.RequiredLevel, r.Weight)).ToList();

    private async Task<Dictionary<string, string>> NamesAsync(CancellationToken ct) =>
        await db.Competencies.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Name, StringComparer.Ordinal, ct);

    private async Task<List<Rating>> RatingsAsync(Guid employeeId, CancellationToken ct) =>
        (await db.Assessments.AsNoTracking().Where(a => a.EmployeeId == employeeId).OrderBy(a => a.AssessedOn).ThenBy(a => a.Id)
            .Select(a => new { a.Competency!.Code, a.Source, a.Level, a.AssessedOn }).ToListAsync(ct))
        .Select(a => new Rating(a.Code, a.Source, a.Level, a.AssessedOn)).ToList();

    /// <summary>
    /// Null when the person does not exist or the caller may not see them. Read on every view of the home page and of a
    /// gap profile (five queries and every competency's name), so worked out once per data version and viewer
    /// (<see cref="VersionedCache"/>) and shared: read only.
    /// </summary>
    public Task<PersonGaps?> ForPersonAsync(Caller caller, Guid employeeId, string? targetRole, CancellationToken ct) =>
        versioned.GetOrCreateAsync(("person gaps", VersionedCache.Viewer(caller), employeeId, targetRole?.Trim() ?? ""),
            () => WorkOutPersonAsync(caller, employeeId, targetRole, ct), ct);

    /// <summary>The same, worked out now and not kept (a cohort plan reads up to thousands of people once).</summary>
    public async Task<PersonGaps?> WorkOutPersonAsync(Caller caller, Guid employeeId, string? targetRole, CancellationToken ct)
    {
        if (!await scope.CanSeeAsync(caller, employeeId, ct))
        {
            return null;
        }
        var employee = await db.Employees.AsNoTracking().Include(e => e.Team).FirstOrDefaultAsync(e => e.Id == employeeId, ct);
        if (employee is null)
        {
            return null;
        }
        var role = string.IsNullOrWhiteSpace(targetRole) ? employee.JobRole : targetRole.Trim();
        var levels = RatingCombiner.Combine(await RatingsAsync(employeeId, ct), Today);
        var profile = GapScore.Profile(await RequirementsAsync(role, ct), levels.ToDictionary(l => l.Key, l => l.Value.Level, StringComparer.Ordinal));
        return new PersonGaps(employee, role, levels, profile, await NamesAsync(ct));
    }

    /// <summary>The weighted gap at each of the last <paramref name="quarters"/> quarter ends and today.</summary>
    public async Task<IReadOnlyList<GapTrendPoint>> TrendAsync(Guid employeeId, string role, int quarters, CancellationToken ct)
    {
        var ratings = await RatingsAsync(employeeId, ct);
        var requirements = await RequirementsAsync(role, ct);
        var today = Today;
        var quarterEnd = new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1).AddDays(-1);
        var dates = Enumerable.Range(0, quarters).Select(i => new DateOnly(quarterEnd.Year, quarterEnd.Month, 1).AddMonths(-3 * i + 1).AddDays(-1)).Reverse().Append(today);
        return [.. dates.Select(d =>
        {
            var profile = GapScore.Profile(requirements, RatingCombiner.Combine(ratings, d).ToDictionary(l => l.Key, l => l.Value.Level, StringComparer.Ordinal));
            return new GapTrendPoint(d, profile.TotalWeightedGap, profile.Readiness);
        })];
    }

    /// <summary>
    /// Competency x person for the people the caller may see (optionally one team, one job role): up to 500 people's
    /// assessments combined, so worked out once per data version and viewer (<see cref="VersionedCache"/>).
    /// </summary>
    public Task<HeatMap> HeatMapAsync(Caller caller, string? teamCode, string? role, CancellationToken ct) =>
        versioned.GetOrCreateAsync(("heat map", VersionedCache.Viewer(caller), teamCode ?? "", role ?? ""), () => WorkOutHeatMapAsync(caller, teamCode, role, ct), ct);

    private async Task<HeatMap> WorkOutHeatMapAsync(Caller caller, string? teamCode, string? role, CancellationToken ct)
    {
        var people = (await scope.EmployeesAsync(caller, ct)).Where(e => e.Status == EmploymentStatus.Active);
        if (!string.IsNullOrEmpty(teamCode))
        {
            people = people.Where(e => e.Team != null && e.Team.Code == teamCode);
        }
        if (!string.IsNullOrEmpty(role))
        {
            people = people.Where(e => e.JobRole == role);
        }
        var list = await people.OrderBy(e => e.JobRole).ThenBy(e => e.LastName).ThenBy(e => e.FirstName).Take(500)
            .Select(e => new { e.Id, Name = e.FirstName + " " + e.LastName, e.JobRole }).ToListAsync(ct);
        var ids = list.Select(p => p.Id).ToList();
        var ratings = (await db.Assessments.AsNoTracking().Where(a => ids.Contains(a.EmployeeId))
                .Select(a => new { a.EmployeeId, a.Competency!.Code, a.Source, a.Level, a.AssessedOn }).ToListAsync(ct))
            .ToLookup(a => a.EmployeeId, a => new Rating(a.Code, a.Source, a.Level, a.AssessedOn));
        var requirements = (await db.RoleRequirements.AsNoTracking().Select(r => new { r.JobRole, r.Competency!.Code, r.RequiredLevel, r.Weight }).ToListAsync(ct))
            .ToLookup(r => r.JobRole, r => new Requirement(r.Code, r.RequiredLevel, r.Weight));
        var names = await NamesAsync(ct);
        var rows = new List<HeatRow>();
        foreach (var p in list)
        {
            var levels = RatingCombiner.Combine(ratings[p.Id], Today).ToDictionary(l => l.Key, l => l.Value.Level, StringComparer.Ordinal);
            var profile = GapScore.Profile(requirements[p.JobRole], levels);
            rows.Add(new HeatRow(p.Id, p.Name, p.JobRole, profile.TotalWeightedGap, profile.Readiness,
                profile.Lines.ToDictionary(l => l.Competency, l => new HeatCell(l.Current, l.Required, l.Gap), StringComparer.Ordinal)));
        }
        var used = rows.SelectMany(r => r.Cells.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(c => (c, names.GetValueOrDefault(c) ?? c)).ToList();
        return new HeatMap(used, rows);
    }

    /// <summary>
    /// The catalog as recommendation options for one person (cost with their hourly loaded cost), each priced by the
    /// price book's rule: the quote in force today, else the published price, else the planning estimate. The same for
    /// everyone with that hourly cost, so worked out once per data version (<see cref="VersionedCache"/>) and shared:
    /// read only.
    /// </summary>
    public Task<IReadOnlyList<(Certification Cert, CertificationOption Option, PriceQuote? Quote)>> OptionsAsync(decimal hourlyLoadedCost, CancellationToken ct) =>
        versioned.GetOrCreateAsync(("catalog options", hourlyLoadedCost), () => WorkOutOptionsAsync(hourlyLoadedCost, ct), ct);

    private async Task<IReadOnlyList<(Certification Cert, CertificationOption Option, PriceQuote? Quote)>> WorkOutOptionsAsync(decimal hourlyLoadedCost, CancellationToken ct)
    {
        var certs = await db.Certifications.AsNoTracking().Include(c => c.Issuer).Include(c => c.Competencies).ThenInclude(l => l.Competency)
            .OrderBy(c => c.Code).ToListAsync(ct);
        var quotes = await prices.InForceAsync(Today, ct);
        return [.. certs.Select(c =>
        {
            var quote = quotes.GetValueOrDefault(c.Id);
            var cost = FullyLoadedCost.Compute(PriceBook.CostFacts(c, quote), hourlyLoadedCost, Options.Assumptions);
            return (c, new CertificationOption(c.Code, c.Name,
                c.Competencies.Where(l => l.Competency is not null).ToDictionary(l => l.Competency!.Code, l => l.Level, StringComparer.Ordinal),
                cost, c.PrerequisiteCodeList, PriceBook.Describe(cost, quote)), quote);
        })];
    }

    public async Task<IReadOnlyList<Recommendation>> RecommendAsync(PersonGaps person, CancellationToken ct)
    {
        var options = await OptionsAsync(person.Employee.HourlyLoadedCost, ct);
        // Credentials held are tracked by the follow-through feature; none are on record here yet.
        return Recommender.Rank(person.Profile, options.Select(o => o.Option), new HashSet<string>(StringComparer.Ordinal));
    }
}
