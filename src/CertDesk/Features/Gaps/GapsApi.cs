using CertDesk.Domain.Gaps;
using CertDesk.Features.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertDesk.Features.Gaps;

public sealed record GapLineDto(string Competency, string Name, int Required, decimal? Current, decimal Weight, decimal Gap, decimal WeightedGap, int? Self, int? Manager, int? Test);

public sealed record GapProfileDto(Guid EmployeeId, string Role, decimal TotalWeightedGap, decimal MaxWeightedGap, decimal Readiness, string Rule, IReadOnlyList<GapLineDto> Lines, IReadOnlyList<GapTrendPoint> Trend);

/// <summary>One ranked certification; <c>cost_source</c> is quote, published, estimate or unknown, <c>cost_basis</c> says it in words (which quote).</summary>
public sealed record RecommendationDto(
    int Rank, string Code, string Name, decimal WeightedGapClosed, decimal? GapPerThousand, decimal? FullyLoadedCost, IReadOnlyList<string> Estimates,
    IReadOnlyList<GapClosed> Closes, bool PrerequisitesMet, IReadOnlyList<string> MissingPrerequisites, string CostSource, string CostBasis, string Currency);

/// <summary>/api/v1/gaps (+ recommendations) and /api/v1/cohort-plans.</summary>
public static class GapsApi
{
    public static RouteGroupBuilder MapGapsApi(this RouteGroupBuilder api)
    {
        var gaps = api.MapGroup("/gaps").WithTags("Gaps");
        gaps.MapGet("/{employeeId:guid}", GetGaps);
        gaps.MapGet("/{employeeId:guid}/recommendations", GetRecommendations);
        api.MapPost("/cohort-plans", CreatePlan).WithMetadata(new SolverRouteAttribute(), new ComputesOnlyAttribute()).WithTags("Gaps").RequireAuthorization(Policies.ManagesPeople);
        return api;
    }

    public static GapProfileDto ToDto(PersonGaps person, IReadOnlyList<GapTrendPoint> trend) => new(
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
        var outcome = await planning.PlanAsync(caller.Caller, input, ct);
        return outcome.Value is not { } result ? OutcomeResults.Problem(outcome) : TypedResults.Ok(result);
    }
}
