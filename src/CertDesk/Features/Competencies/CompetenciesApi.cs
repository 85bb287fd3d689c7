using Microsoft.AspNetCore.Http.HttpResults;

namespace CertDesk.Features.Competencies;

public sealed record CompetencyDto(Guid Id, string Code, string Name, string Category, string? ParentCode, IReadOnlyList<string> Levels, int Version);

public sealed record RoleRequirementDto(string Role, string Competency, int RequiredLevel, decimal Weight);

/// <summary>/api/v1/competencies, /api/v1/role-profiles and /api/v1/assessments.</summary>
public static class CompetenciesApi
{
    public static RouteGroupBuilder MapCompetenciesApi(this RouteGroupBuilder api)
    {
        var competencies = api.MapGroup("/competencies").WithTags("Competencies");
        competencies.MapGet("/", ListCompetencies);
        competencies.MapGet("/{id:guid}", GetCompetency);
        competencies.MapPost("/", CreateCompetency).RequireAuthorization(Policies.RunsProgram);
        api.MapGet("/role-profiles", ListRoleProfiles).WithTags("Competencies");

        var assessments = api.MapGroup("/assessments").WithTags("Competencies");
        assessments.MapGet("/", ListAssessments);
        assessments.MapGet("/{id:guid}", GetAssessment);
        assessments.MapPost("/", CreateAssessment);
        return api;
    }

    private static async Task<Results<Created<CompetencyDto>, ProblemHttpResult>> CreateCompetency(CompetencyInput input, FrameworkService framework, CertDeskDbContext db, CancellationToken ct)
    {
        var outcome = await framework.CreateAsync(input, ct);
        if (outcome.Value is not { } competency)
        {
            return OutcomeResults.Problem(outcome);
        }
        var saved = await ProjectCompetencies(db.Competencies.Where(c => c.Id == competency.Id)).FirstAsync(ct);
        return TypedResults.Created($"/api/v1/competencies/{competency.Id}", saved);
    }

    /// <summary>Filter before projecting: a condition on the projected record's properties does not translate to SQL.</summary>
    private static IQueryable<CompetencyDto> ProjectCompetencies(IQueryable<Competency> competencies) => competencies.AsNoTracking()
        .OrderBy(c => c.Category).ThenBy(c => c.Code)
        .Select(c => new CompetencyDto(c.Id, c.Code, c.Name, c.Category, c.Parent != null ? c.Parent.Code : null,
            new List<string> { c.Level1, c.Level2, c.Level3, c.Level4, c.Level5 }, c.Version));

    private static async Task<Page<CompetencyDto>> ListCompetencies(CertDeskDbContext db, int? page, int? page_size, CancellationToken ct) =>
        await ApiResults.PageAsync(ProjectCompetencies(db.Competencies), page, page_size, ct);

    private static async Task<Results<Ok<CompetencyDto>, NotFound>> GetCompetency(Guid id, CertDeskDbContext db, HttpResponse response, CancellationToken ct)
    {
        var competency = await ProjectCompetencies(db.Competencies.Where(c => c.Id == id)).FirstOrDefaultAsync(ct);
        return ApiResults.Found(response, competency, x => x.Version);
    }

    private static async Task<Page<RoleRequirementDto>> ListRoleProfiles(CertDeskDbContext db, string? role, int? page, int? page_size, CancellationToken ct)
    {
        var query = db.RoleRequirements.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(role))
        {
            query = query.Where(r => r.JobRole == role);
        }
        return await ApiResults.PageAsync(query.OrderBy(r => r.JobRole).ThenBy(r => r.Competency!.Code)
            .Select(r => new RoleRequirementDto(r.JobRole, r.Competency!.Code, r.RequiredLevel, r.Weight)), page, page_size, ct);
    }

    private static async Task<Page<AssessmentDto>> ListAssessments(AssessmentService assessments, CallerAccessor caller, Guid? employee_id, int? page, int? page_size, CancellationToken ct)
    {
        var query = await assessments.VisibleAsync(caller.Caller, ct);
        if (employee_id is { } id)
        {
            query = query.Where(a => a.EmployeeId == id);
        }
        return await ApiResults.PageAsync(assessments.Project(query.OrderByDescending(a => a.AssessedOn).ThenBy(a => a.Id)), page, page_size, ct);
    }

    private static async Task<Results<Ok<AssessmentDto>, NotFound>> GetAssessment(Guid id, AssessmentService assessments, CallerAccessor caller, HttpResponse response, CancellationToken ct)
    {
        var query = await assessments.VisibleAsync(caller.Caller, ct);
        var assessment = await assessments.Project(query.Where(a => a.Id == id)).FirstOrDefaultAsync(ct);
        return ApiResults.Found(response, assessment, x => x.Version);
    }

    private static async Task<Results<Created<AssessmentDto>, ProblemHttpResult>> CreateAssessment(
        AssessmentInput input, AssessmentService assessments, CallerAccessor caller, CancellationToken ct)
    {
        if (input.EmployeeId is { } employeeId && AssessmentService.ParseSource(input.Source) is { } source
            && await assessments.WhyNotAllowedAsync(caller.Caller, employeeId, source, ct) is { } reason)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You may not record this rating.", detail: reason);
        }
        var outcome = await assessments.RecordAsync(caller.Caller, input, ct);
        if (outcome.Value is not { } saved)
        {
            return OutcomeResults.Problem(outcome);
        }
        var query = await assessments.VisibleAsync(caller.Caller, ct);
        var dto = await assessments.Project(query.Where(a => a.Id == saved.Id)).FirstAsync(ct);
        return TypedResults.Created($"/api/v1/assessments/{saved.Id}", dto);
    }
}
