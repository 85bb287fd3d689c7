using Microsoft.AspNetCore.Http.HttpResults;

namespace CertDesk.Features.ActionPlans;

/// <summary>/api/v1/action-plans (+ items), /api/v1/check-ins, /api/v1/surveys.</summary>
public static class ActionPlansApi
{
    public static RouteGroupBuilder MapActionPlansApi(this RouteGroupBuilder api)
    {
        var plans = api.MapGroup("/action-plans").WithTags("Action plans");
        plans.MapGet("/", ListPlans);
        plans.MapPost("/{id:guid}/items", AddItem);
        api.MapPut("/check-ins/{id:guid}/evidence", RecordEvidence).WithTags("Action plans");
        api.MapPut("/check-ins/{id:guid}/rating", Rate).WithTags("Action plans");
        api.MapPost("/surveys", SubmitSurvey).WithTags("Action plans");
        return api;
    }

    private static async Task<Page<ActionPlanDto>> ListPlans(ActionPlanService service, CallerAccessor caller, Guid? employee_id, CancellationToken ct)
    {
        var plans = await service.ListAsync(caller.Caller, employee_id, ct);
        return new Page<ActionPlanDto>(plans, plans.Count);
    }

    private static async Task<Results<Created<ActionItemDto>, ProblemHttpResult>> AddItem(Guid id, ActionItemInput input, ActionPlanService service, CallerAccessor caller, CancellationToken ct)
    {
        var outcome = await service.AddItemAsync(caller.Caller, id, input, ct);
        return outcome.Value is not { } item ? OutcomeResults.Problem(outcome) : TypedResults.Created($"/api/v1/action-plans/{id}", new ActionItemDto(item.Id, item.Title, item.Process, item.OwnerId, "", item.DueOn));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RecordEvidence(Guid id, EvidenceInput input, ActionPlanService service, CallerAccessor caller, HttpRequest request, CancellationToken ct) =>
        await service.RecordEvidenceAsync(caller.Caller, id, input, ApiResults.IfMatch(request), ct) is { IsOk: false } refused ? OutcomeResults.Problem(refused) : TypedResults.NoContent();

    private static async Task<Results<NoContent, ProblemHttpResult>> Rate(Guid id, RatingInput input, ActionPlanService service, CallerAccessor caller, HttpRequest request, CancellationToken ct) =>
        await service.RateAsync(caller.Caller, id, input, ApiResults.IfMatch(request), ct) is { IsOk: false } refused ? OutcomeResults.Problem(refused) : TypedResults.NoContent();

    private static async Task<Results<NoContent, ProblemHttpResult>> SubmitSurvey(SurveyInput input, ActionPlanService service, CallerAccessor caller, CancellationToken ct) =>
        await service.SubmitSurveyAsync(caller.Caller, input, ct) is { IsOk: false } refused ? OutcomeResults.Problem(refused) : TypedResults.NoContent();
}
