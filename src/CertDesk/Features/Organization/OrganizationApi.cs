using CertDesk.Domain.Repayment;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertDesk.Features.Organization;

public sealed record MeDto(string Id, string Email, string Name, IReadOnlyList<string> Roles, string? EmployeeId);

/// <summary>A site; <see cref="Jurisdiction"/> is the code of the jurisdiction rule that limits tuition repayment agreements there (null: none).</summary>
public sealed record SiteDto(Guid Id, string Name, string TimeZone, int Version, string? Jurisdiction);

public sealed record TeamDto(Guid Id, string Code, string Name, Guid SiteId, string SiteName, Guid? ManagerId, int Version);

public sealed record EmployeeDto(
    Guid Id, string EmployeeId, string FirstName, string LastName, string Email, string Title, string Role,
    Guid? TeamId, string? TeamCode, string? Site, Guid? ManagerId, DateOnly HireDate, string Status,
    DateOnly? SeparationDate, string? SeparationReason, decimal? HourlyLoadedCost, int Version);

/// <summary>A site's fields; <see cref="Jurisdiction"/>: a rule code (<c>US-CA</c>), "" for none, omitted to keep the current one.</summary>
public sealed record SiteInput(string? Name, string? TimeZone, string? Jurisdiction = null);

/// <summary>/api/v1/me, sites, teams, employees: lists filtered by the caller's place in the org chart.</summary>
public static class OrganizationApi
{
    public static RouteGroupBuilder MapOrganizationApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", Me).WithTags("Organization");

        var sites = api.MapGroup("/sites").WithTags("Organization");
        sites.MapGet("/", ListSites);
        sites.MapGet("/{id:guid}", GetSite);
        sites.MapPost("/", CreateSite).RequireAuthorization(Policies.Admin);
        sites.MapPut("/{id:guid}", UpdateSite).RequireAuthorization(Policies.Admin);

        var teams = api.MapGroup("/teams").WithTags("Organization");
        teams.MapGet("/", ListTeams);
        teams.MapGet("/{id:guid}", GetTeam);

        var employees = api.MapGroup("/employees").WithTags("Organization");
        employees.MapGet("/", ListEmployees).CacheOutput(SignedInOutputCache.PolicyName);
        employees.MapGet("/{id:guid}", GetEmployee);
        return api;
    }

    private static MeDto Me(CallerAccessor accessor)
    {
        var c = accessor.Caller;
        return new MeDto(c.UserId, c.Email, c.Name, [.. c.Roles.Order(StringComparer.Ordinal)], c.EmployeeId?.ToString());
    }

    private static async Task<Page<SiteDto>> ListSites(CertDeskDbContext db, int? page, int? page_size, CancellationToken ct) =>
        await ApiResults.PageAsync(db.Sites.AsNoTracking().OrderBy(s => s.Name).Select(s => new SiteDto(s.Id, s.Name, s.TimeZone, s.Version, s.Jurisdiction)), page, page_size, ct);

    private static async Task<Results<Ok<SiteDto>, NotFound>> GetSite(Guid id, CertDeskDbContext db, HttpResponse response, CancellationToken ct)
    {
        var site = await db.Sites.AsNoTracking().Where(s => s.Id == id).Select(s => new SiteDto(s.Id, s.Name, s.TimeZone, s.Version, s.Jurisdiction)).FirstOrDefaultAsync(ct);
        return ApiResults.Found(response, site, x => x.Version);
    }

    private static Dictionary<string, string[]> ValidateSite(SiteInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 120)
        {
            errors["name"] = ["is required (at most 120 characters)"];
        }
        if (string.IsNullOrWhiteSpace(input.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZone, out _))
        {
            errors["time_zone"] = [$"'{input.TimeZone}' is not a known IANA time zone (e.g. America/New_York)"];
        }
        if (!string.IsNullOrWhiteSpace(input.Jurisdiction) && Jurisdictions.Find(input.Jurisdiction) is null)
        {
            errors["jurisdiction"] = [$"'{input.Jurisdiction}' is not a jurisdiction CertDesk has rules for ({string.Join(", ", Jurisdictions.All.Select(r => $"{r.Code}: {r.Name}"))}); leave it empty for none"];
        }
        return errors;
    }

    /// <summary>The stored code: the rule's own spelling, null for "", the current one when omitted.</summary>
    private static string? JurisdictionCode(SiteInput input, string? current) =>
        input.Jurisdiction is null ? current : Jurisdictions.Find(input.Jurisdiction)?.Code;

    private static async Task<Results<Created<SiteDto>, ProblemHttpResult>> CreateSite(SiteInput input, CertDeskDbContext db, CancellationToken ct)
    {
        var errors = ValidateSite(input);
        if (errors.Count == 0 && await db.Sites.AnyAsync(s => s.Name == input.Name!.Trim(), ct))
        {
            errors["name"] = [$"a site named '{input.Name}' exists"];
        }
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        var site = new Site { Name = input.Name!.Trim(), TimeZone = input.TimeZone!, Jurisdiction = JurisdictionCode(input, null) };
        db.Sites.Add(site);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/sites/{site.Id}", new SiteDto(site.Id, site.Name, site.TimeZone, site.Version, site.Jurisdiction));
    }

    private static async Task<Results<Ok<SiteDto>, NotFound, ProblemHttpResult>> UpdateSite(
        Guid id, SiteInput input, CertDeskDbContext db, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var site = await db.Sites.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (site is null)
        {
            return TypedResults.NotFound();
        }
        if (ApiResults.IsStale(request, site.Version))
        {
            return ApiResults.Conflict(site.Version);
        }
        var errors = ValidateSite(input);
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        site.Name = input.Name!.Trim();
        site.TimeZone = input.TimeZone!;
        site.Jurisdiction = JurisdictionCode(input, site.Jurisdiction);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.Sites.AsNoTracking().Where(s => s.Id == id).Select(s => s.Version).FirstAsync(ct);
            return ApiResults.Conflict(current);
        }
        return ApiResults.Versioned(response, new SiteDto(site.Id, site.Name, site.TimeZone, site.Version, site.Jurisdiction), site.Version);
    }

    private static async Task<Page<TeamDto>> ListTeams(OrganizationScope scope, CallerAccessor caller, int? page, int? page_size, CancellationToken ct)
    {
        var teams = await scope.TeamsAsync(caller.Caller, ct);
        return await ApiResults.PageAsync(teams.OrderBy(t => t.Code).Select(t => new TeamDto(t.Id, t.Code, t.Name, t.SiteId, t.Site!.Name, t.ManagerId, t.Version)), page, page_size, ct);
    }

    private static async Task<Results<Ok<TeamDto>, NotFound>> GetTeam(Guid id, OrganizationScope scope, CallerAccessor caller, HttpResponse response, CancellationToken ct)
    {
        var teams = await scope.TeamsAsync(caller.Caller, ct);
        var team = await teams.Where(t => t.Id == id).Select(t => new TeamDto(t.Id, t.Code, t.Name, t.SiteId, t.Site!.Name, t.ManagerId, t.Version)).FirstOrDefaultAsync(ct);
        return ApiResults.Found(response, team, x => x.Version);
    }

    /// <summary>
    /// The API shows the same fields as the pages: the hourly loaded cost only to organization-wide roles and to a
    /// manager about someone else (null otherwise, as the profile page leaves it out).
    /// </summary>
    private static IQueryable<EmployeeDto> Project(IQueryable<Employee> employees, Caller caller)
    {
        var wide = caller.IsOrganizationWide;
        var manager = caller.IsIn(Roles.Manager);
        var self = caller.EmployeeId;
        return employees.Select(e => new EmployeeDto(
            Id: e.Id,
            EmployeeId: e.EmployeeNumber,
            FirstName: e.FirstName,
            LastName: e.LastName,
            Email: e.Email,
            Title: e.Title,
            Role: e.JobRole,
            TeamId: e.TeamId,
            TeamCode: e.Team != null ? e.Team.Code : null,
            Site: e.Site != null ? e.Site.Name : null,
            ManagerId: e.ManagerId,
            HireDate: e.HireDate,
            Status: e.Status == EmploymentStatus.Active ? "active" : "separated",
            SeparationDate: e.SeparationDate,
            SeparationReason: e.SeparationReason,
            HourlyLoadedCost: wide || (manager && e.Id != self) ? e.HourlyLoadedCost : null,
            Version: e.Version));
    }

    private static async Task<Page<EmployeeDto>> ListEmployees(
        OrganizationScope scope, CallerAccessor caller, string? q, int? page, int? page_size, CancellationToken ct)
    {
        var employees = await scope.EmployeesAsync(caller.Caller, ct);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            employees = employees.Where(e => e.FirstName.Contains(term) || e.LastName.Contains(term) || e.EmployeeNumber.Contains(term) || e.Email.Contains(term) || e.Title.Contains(term));
        }
        return await ApiResults.PageAsync(Project(employees.OrderBy(e => e.LastName).ThenBy(e => e.FirstName).ThenBy(e => e.EmployeeNumber), caller.Caller), page, page_size, ct);
    }

    /// <summary>Someone outside the caller's scope gets 404, the same as a record that does not exist: no probing.</summary>
    private static async Task<Results<Ok<EmployeeDto>, NotFound>> GetEmployee(Guid id, OrganizationScope scope, CallerAccessor caller, HttpResponse response, CancellationToken ct)
    {
        var employees = await scope.EmployeesAsync(caller.Caller, ct);
        var employee = await Project(employees.Where(e => e.Id == id), caller.Caller).FirstOrDefaultAsync(ct);
        return ApiResults.Found(response, employee, x => x.Version);
    }
}
