using CertDesk.Data;
using CertDesk.Domain.Gaps;
using CertDesk.Features.Catalog;
using CertDesk.Features.Competencies;
using CertDesk.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Gaps;

public sealed record CompetencyDto(Guid Id, string Code, string Name, string Category, string? ParentCode, IReadOnlyList<string> Levels, int Version);

public sealed record RoleRequirementDto(string Role, string Competency, int RequiredLevel, decimal Weight);

public sealed record GapLineDto(string Competency, string Name, int Required, decimal? Current, decimal Weight, decimal Gap, decimal WeightedGap, int? Self, int? Manager, int? Test);

public sealed record GapProfileDto(Guid EmployeeId, string Role, decimal TotalWeightedGap, decimal MaxWeightedGap, decimal Readiness, string Rule, IReadOnlyList<GapLineDto> Lines, IReadOnlyList<TrendPoint> Trend);

/// <summary>One ranked certification; <c>cost_source</c> is quote, published, estimate or unknown, <c>cost_basis</c> says it in words (which quote).</summary>
public sealed record RecommendationDto(
    int Rank, string Code, string Name, decimal WeightedGapClosed, decimal? GapPerThousand, decimal? FullyLoadedCost, IReadOnlyList<string> Estimates,
    IReadOnlyList<GapClosed> Closes, bool PrerequisitesMet, IReadOnlyList<string> MissingPrerequisites, string CostSource, string CostBasis, string Currency);

/// <summary>/api/v1/certifications, issuers, competencies, role-profiles, assessments, and the gap, recommendation and plan routes.</summary>
public static class GapsApi
{
    public static RouteGroupBuilder MapGapsApi(this RouteGroupBuilder api)
    {
        var certs = api.MapGroup("/certifications").WithTags("Catalog");
        certs.MapGet("/", ListCertifications);
        certs.MapGet("/{id:guid}", GetCertification);
        certs.MapPost("/", CreateCertification).RequireAuthorization(Policies.RunsProgram);
        certs.MapPut("/{id:guid}", UpdateCertification).RequireAuthorization(Policies.RunsProgram);

        var issuers = api.MapGroup("/issuers").WithTags("Catalog");
        issuers.MapGet("/", ListIssuers);
        issuers.MapGet("/{id:guid}", GetIssuer);
        issuers.MapPost("/", CreateIssuer).RequireAuthorization(Policies.RunsProgram);
        issuers.MapPut("/{id:guid}", UpdateIssuer).RequireAuthorization(Policies.RunsProgram);

        var competencies = api.MapGroup("/competencies").WithTags("Competencies");
        competencies.MapGet("/", ListCompetencies);
        competencies.MapGet("/{id:guid}", GetCompetency);
        competencies.MapPost("/", CreateCompetency).RequireAuthorization(Policies.RunsProgram);
        api.MapGet("/role-profiles", ListRoleProfiles).WithTags("Competencies");

        var assessments = api.MapGroup("/assessments").WithTags("Competencies");
        assessments.MapGet("/", ListAssessments);
        assessments.MapGet("/{id:guid}", GetAssessment);
        assessments.MapPost("/", CreateAssessment);

        var gaps = api.MapGroup("/gaps").WithTags("Gaps");
        gaps.MapGet("/{employeeId:guid}", GetGaps);
        gaps.MapGet("/{employeeId:guid}/recommendations", GetRecommendations);
        api.MapPost("/cohort-plans", CreatePlan).WithTags("Gaps").RequireAuthorization(Policies.ManagesPeople);

        var quotes = api.MapGroup("/price-quotes").WithTags("Catalog").RequireAuthorization(Policies.RunsProgram);
        quotes.MapGet("/", ListQuotes);
        quotes.MapGet("/{id:guid}", GetQuote);
        quotes.MapPost("/", CreateQuote);
        quotes.MapPut("/{id:guid}", UpdateQuote);
        return api;
    }

    private static async Task<Page<PriceQuoteDto>> ListQuotes(PriceBook prices, string? certification_code, int? page, int? page_size, CancellationToken ct)
    {
        var query = prices.Query();
        if (!string.IsNullOrWhiteSpace(certification_code))
        {
            query = query.Where(q => q.Certification!.Code == certification_code);
        }
        var all = await query.ToListAsync(ct);
        var size = Math.Clamp(page_size ?? 50, 1, ApiResults.MaxPageSize);
        return new Page<PriceQuoteDto>([.. all.Skip((Math.Max(page ?? 1, 1) - 1) * size).Take(size).Select(prices.ToDto)], all.Count);
    }

    private static async Task<Results<Ok<PriceQuoteDto>, NotFound>> GetQuote(Guid id, PriceBook prices, HttpResponse response, CancellationToken ct)
    {
        var quote = await prices.Query().FirstOrDefaultAsync(q => q.Id == id, ct);
        if (quote is null)
        {
            return TypedResults.NotFound();
        }
        response.Headers.ETag = ApiResults.ETag(quote.Version);
        return TypedResults.Ok(prices.ToDto(quote));
    }

    private static async Task<IResult> CreateQuote(PriceQuoteInput input, PriceBook prices, CallerAccessor caller, HttpResponse response, CancellationToken ct)
    {
        var outcome = await prices.CreateAsync(caller.Caller.Email, input, ct);
        return OutcomeResults.ToResult(outcome, q =>
        {
            response.Headers.ETag = ApiResults.ETag(q.Version);
            return TypedResults.Created($"/api/v1/price-quotes/{q.Id}", prices.ToDto(q));
        });
    }

    /// <summary>Replaces the quote (every field, as in POST); a stale If-Match is 412 with the current version.</summary>
    private static async Task<IResult> UpdateQuote(Guid id, PriceQuoteInput input, PriceBook prices, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var outcome = await prices.UpdateAsync(id, input, OutcomeResults.IfMatch(request), ct);
        return OutcomeResults.ToResult(outcome, q =>
        {
            response.Headers.ETag = ApiResults.ETag(q.Version);
            return TypedResults.Ok(prices.ToDto(q));
        });
    }

    private static async Task<Page<CertificationDto>> ListCertifications(CatalogService catalog, int? page, int? page_size, CancellationToken ct)
    {
        var all = (await catalog.Query().ToListAsync(ct)).Select(CatalogService.ToDto).ToList();
        var size = Math.Clamp(page_size ?? 50, 1, ApiResults.MaxPageSize);
        return new Page<CertificationDto>([.. all.Skip((Math.Max(page ?? 1, 1) - 1) * size).Take(size)], all.Count);
    }

    private static async Task<Results<Ok<CertificationDto>, NotFound>> GetCertification(Guid id, CatalogService catalog, HttpResponse response, CancellationToken ct)
    {
        var cert = await catalog.Query().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (cert is null)
        {
            return TypedResults.NotFound();
        }
        response.Headers.ETag = ApiResults.ETag(cert.Version);
        return TypedResults.Ok(CatalogService.ToDto(cert));
    }

    private static async Task<Results<Created<CertificationDto>, ProblemHttpResult>> CreateCertification(CertificationInput input, CatalogService catalog, CancellationToken ct)
    {
        var (cert, errors) = await catalog.CreateCheckedAsync(input, ct);
        if (cert is null)
        {
            return ApiResults.Invalid(errors);
        }
        var saved = await catalog.Query().FirstAsync(c => c.Id == cert.Id, ct);
        return TypedResults.Created($"/api/v1/certifications/{cert.Id}", CatalogService.ToDto(saved));
    }

    private static async Task<Page<IssuerDto>> ListIssuers(CertDeskDbContext db, int? page, int? page_size, CancellationToken ct) =>
        await ApiResults.PageAsync(db.Issuers.AsNoTracking().OrderBy(i => i.Code)
            .Select(i => new IssuerDto(i.Id, i.Code, i.Name, i.Website, i.Source, i.Version)), page, page_size, ct);

    private static async Task<Results<Ok<IssuerDto>, NotFound>> GetIssuer(Guid id, CertDeskDbContext db, HttpResponse response, CancellationToken ct)
    {
        var issuer = await db.Issuers.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (issuer is null)
        {
            return TypedResults.NotFound();
        }
        response.Headers.ETag = ApiResults.ETag(issuer.Version);
        return TypedResults.Ok(CatalogService.ToDto(issuer));
    }

    private static async Task<Results<Created<IssuerDto>, ProblemHttpResult>> CreateIssuer(IssuerInput input, CatalogService catalog, CancellationToken ct)
    {
        var (issuer, errors) = await catalog.CreateIssuerAsync(input, ct);
        return issuer is null ? ApiResults.Invalid(errors) : TypedResults.Created($"/api/v1/issuers/{issuer.Id}", CatalogService.ToDto(issuer));
    }

    /// <summary>Replaces the issuer (every field, as in POST); a stale If-Match is 412 with the current version.</summary>
    private static async Task<IResult> UpdateIssuer(Guid id, IssuerInput input, CatalogService catalog, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var outcome = await catalog.UpdateIssuerAsync(id, input, OutcomeResults.IfMatch(request), ct);
        return OutcomeResults.ToResult(outcome, i =>
        {
            response.Headers.ETag = ApiResults.ETag(i.Version);
            return TypedResults.Ok(CatalogService.ToDto(i));
        });
    }

    private static async Task<Results<Created<CompetencyDto>, ProblemHttpResult>> CreateCompetency(CompetencyInput input, FrameworkService framework, CertDeskDbContext db, CancellationToken ct)
    {
        var (competency, errors) = await framework.CreateAsync(input, ct);
        if (competency is null)
        {
            return ApiResults.Invalid(errors);
        }
        var saved = await ProjectCompetencies(db.Competencies.Where(c => c.Id == competency.Id)).FirstAsync(ct);
        return TypedResults.Created($"/api/v1/competencies/{competency.Id}", saved);
    }

    private static async Task<Results<Ok<CertificationDto>, NotFound, ProblemHttpResult>> UpdateCertification(
        Guid id, CertificationInput input, CatalogService catalog, CertDeskDbContext db, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var cert = await catalog.FindForUpdateAsync(id, ct);
        if (cert is null)
        {
            return TypedResults.NotFound();
        }
        if (ApiResults.IsStale(request, cert.Version))
        {
            return ApiResults.Conflict(cert.Version);
        }
        var lookups = await catalog.LookupsAsync(ct);
        var errors = CatalogService.Validate(input, lookups);
        if (errors.Count == 0 && await catalog.ExistsAsync(input.Code!.Trim(), CatalogService.IssuerIdOf(input, lookups), id, ct))
        {
            errors["code"] = [CatalogService.Duplicate(input)];
        }
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        if (CatalogService.Apply(cert, input, lookups))
        {
            db.Entry(cert).Property(c => c.Name).IsModified = true;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return ApiResults.Conflict(await db.Certifications.AsNoTracking().Where(c => c.Id == id).Select(c => c.Version).FirstAsync(ct));
            }
        }
        var saved = await catalog.Query().FirstAsync(c => c.Id == id, ct);
        response.Headers.ETag = ApiResults.ETag(saved.Version);
        return TypedResults.Ok(CatalogService.ToDto(saved));
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
        if (competency is null)
        {
            return TypedResults.NotFound();
        }
        response.Headers.ETag = ApiResults.ETag(competency.Version);
        return TypedResults.Ok(competency);
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
        if (assessment is null)
        {
            return TypedResults.NotFound();
        }
        response.Headers.ETag = ApiResults.ETag(assessment.Version);
        return TypedResults.Ok(assessment);
    }

    private static async Task<Results<Created<AssessmentDto>, ProblemHttpResult>> CreateAssessment(
        AssessmentInput input, AssessmentService assessments, CallerAccessor caller, CancellationToken ct)
    {
        if (input.EmployeeId is { } employeeId && AssessmentService.ParseSource(input.Source) is { } source
            && await assessments.WhyNotAllowedAsync(caller.Caller, employeeId, source, ct) is { } reason)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You may not record this rating.", detail: reason);
        }
        var (saved, errors) = await assessments.RecordAsync(caller.Caller, input, ct);
        if (saved is null)
        {
            return ApiResults.Invalid(errors);
        }
        var query = await assessments.VisibleAsync(caller.Caller, ct);
        var dto = await assessments.Project(query.Where(a => a.Id == saved.Id)).FirstAsync(ct);
        return TypedResults.Created($"/api/v1/assessments/{saved.Id}", dto);
    }

    public static GapProfileDto ToDto(PersonGaps person, IReadOnlyList<TrendPoint> trend) => new(
        person.Employee.Id, person.Role, person.Profile.TotalWeightedGap, person.Profile.MaxWeightedGap, person.Profile.Readiness, RatingCombiner.RuleText,
        [.. person.Profile.Lines.Select(l =>
        {
            person.Levels.TryGetValue(l.Competency, out var level);
            return new GapLineDto(l.Competency, person.Names.GetValueOrDefault(l.Competency) ?? l.Competency, l.Required, l.Current, l.Weight, l.Gap, l.WeightedGap,
                level?.Self, level?.Manager, level?.Test);
        })], trend);

    private static async Task<Results<Ok<GapProfileDto>, NotFound>> GetGaps(Guid employeeId, string? target_role, GapAnalysis gaps, CallerAccessor caller, CancellationToken ct)
    {
        var person = await gaps.ForPersonAsync(caller.Caller, employeeId, target_role, ct);
        if (person is null)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(ToDto(person, await gaps.TrendAsync(employeeId, person.Role, 4, ct)));
    }

    private static async Task<Results<Ok<Page<RecommendationDto>>, NotFound>> GetRecommendations(Guid employeeId, string? target_role, GapAnalysis gaps, CallerAccessor caller, CancellationToken ct)
    {
        var person = await gaps.ForPersonAsync(caller.Caller, employeeId, target_role, ct);
        if (person is null)
        {
            return TypedResults.NotFound();
        }
        var ranked = await gaps.RecommendAsync(person, ct);
        return TypedResults.Ok(new Page<RecommendationDto>([.. ranked.Select(r => new RecommendationDto(r.Rank, r.Certification.Code, r.Certification.Name,
            r.WeightedGapClosed, r.GapPerThousand, r.Certification.Cost?.Total, r.Certification.Cost?.Estimates ?? [], r.Closes, r.PrerequisitesMet, r.MissingPrerequisites,
            PriceBook.SourceCode(r.Certification.Cost?.Source), r.Certification.CostBasis ?? "unknown", PriceBook.Currency))], ranked.Count));
    }

    private static async Task<Results<Ok<CohortPlanResult>, ProblemHttpResult>> CreatePlan(CohortPlanInput input, CohortPlanning planning, CallerAccessor caller, CancellationToken ct)
    {
        var (result, errors) = await planning.PlanAsync(caller.Caller, input, ct);
        return result is null ? ApiResults.Invalid(errors) : TypedResults.Ok(result);
    }
}
