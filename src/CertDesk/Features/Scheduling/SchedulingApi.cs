using CertDesk.Files;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertDesk.Features.Scheduling;

/// <summary>/api/v1/sessions (training sessions, their impact, invites and best slots), /queues and /coverage-rules.</summary>
public static class SchedulingApi
{
    public static RouteGroupBuilder MapSchedulingApi(this RouteGroupBuilder api)
    {
        var sessions = api.MapGroup("/sessions").WithTags("Scheduling");
        sessions.MapGet("/", ListSessions);
        sessions.MapGet("/{id:guid}", GetSession);
        sessions.MapPost("/", CreateSession).RequireAuthorization(Policies.ManagesPeople);
        sessions.MapPut("/{id:guid}", UpdateSession).RequireAuthorization(Policies.ManagesPeople);
        sessions.MapPost("/{id:guid}/cancel", CancelSession).RequireAuthorization(Policies.ManagesPeople);
        sessions.MapGet("/{id:guid}/invite.ics", Invite).ProducesFile("text/calendar");
        sessions.MapGet("/{id:guid}/impact", Impact);
        sessions.MapPost("/best-slots", BestSlots).WithMetadata(new SolverRouteAttribute(), new ComputesOnlyAttribute()).RequireAuthorization(Policies.ManagesPeople);

        // Sessions as schedule exceptions for the WFM tool (SessionExceptions): on demand for whoever manages people, and
        // per site as the feed a WFM tool polls with its site's token (WfmFeeds says why a token, not a secret URL).
        api.MapGet("/session-exceptions.csv", AllExceptions).ProducesFile("text/csv").WithTags("Scheduling").RequireAuthorization(Policies.ManagesPeople);
        api.MapGet("/sites/{id:guid}/session-exceptions.csv", SiteFeed).ProducesFile("text/csv").WithTags("Scheduling")
            .WithMetadata(new WfmFeeds.FeedEndpoint()).RequireAuthorization(Policies.WfmFeed);

        var queues = api.MapGroup("/queues").WithTags("Scheduling");
        queues.MapGet("/", ListQueues);
        queues.MapGet("/{id:guid}", GetQueue);
        queues.MapPost("/", CreateQueue).Produces<QueueDto>(StatusCodes.Status201Created).RequireAuthorization(Policies.RunsProgram);
        queues.MapPut("/{id:guid}", UpdateQueue).Produces<QueueDto>().RequireAuthorization(Policies.RunsProgram);

        var rules = api.MapGroup("/coverage-rules").WithTags("Scheduling");
        rules.MapGet("/", ListRules);
        rules.MapGet("/{id:guid}", GetRule);
        rules.MapPost("/", CreateRule).Produces<CoverageRuleDto>(StatusCodes.Status201Created).RequireAuthorization(Policies.RunsProgram);
        rules.MapPut("/{id:guid}", UpdateRule).Produces<CoverageRuleDto>().RequireAuthorization(Policies.RunsProgram);
        return api;
    }

    private static async Task<Page<SessionDto>> ListSessions(SessionService service, CallerAccessor caller, int? page, int? page_size, CancellationToken ct)
    {
        var visible = await service.VisibleAsync(caller.Caller, ct);
        var result = await ApiResults.PageAsync(SessionService.Project(visible.OrderBy(s => s.StartUtc)), page, page_size, ct);
        return result with { Items = result.Items.Select(s => SessionService.Finish(s)).ToList() };
    }

    private static async Task<Results<Ok<SessionDto>, NotFound>> GetSession(Guid id, SessionService service, CallerAccessor caller, HttpResponse response, CancellationToken ct)
    {
        var session = await service.GetAsync(caller.Caller, id, ct);
        return ApiResults.Found(response, session, x => x.Version);
    }

    private static async Task<Results<Created<SessionDto>, ProblemHttpResult, ForbidHttpResult>> CreateSession(SessionInput input, SessionService service, CallerAccessor caller, CancellationToken ct)
    {
        var outcome = await service.CreateAsync(caller.Caller, input, ct);
        if (outcome.Kind == OutcomeKind.Forbidden)
        {
            return TypedResults.Forbid();
        }
        if (!outcome.IsOk)
        {
            return OutcomeResults.Problem(outcome);
        }
        var dto = (await service.GetAsync(caller.Caller, outcome.Value!.Id, ct))!;
        return TypedResults.Created($"/api/v1/sessions/{dto.Id}", dto);
    }

    private static async Task<Results<Ok<SessionDto>, NotFound, ProblemHttpResult, ForbidHttpResult>> UpdateSession(
        Guid id, SessionInput input, SessionService service, CallerAccessor caller, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var current = await service.GetAsync(caller.Caller, id, ct);
        if (current is null)
        {
            return TypedResults.NotFound();
        }
        if (ApiResults.IsStale(request, current.Version))
        {
            return ApiResults.Conflict(current.Version);
        }
        var outcome = await service.UpdateAsync(caller.Caller, id, input, null, ct);
        if (outcome.Kind == OutcomeKind.Forbidden)
        {
            return TypedResults.Forbid();
        }
        if (outcome.Kind == OutcomeKind.NotFound)
        {
            return TypedResults.NotFound();
        }
        if (!outcome.IsOk)
        {
            return OutcomeResults.Problem(outcome);
        }
        var dto = (await service.GetAsync(caller.Caller, id, ct))!;
        return ApiResults.Versioned(response, dto, dto.Version);
    }

    private static async Task<Results<Ok<SessionDto>, NotFound, ForbidHttpResult>> CancelSession(Guid id, SessionService service, CallerAccessor caller, CancellationToken ct)
    {
        var outcome = await service.CancelAsync(caller.Caller, id, ct);
        if (outcome.Kind == OutcomeKind.Forbidden)
        {
            return TypedResults.Forbid();
        }
        if (!outcome.IsOk)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok((await service.GetAsync(caller.Caller, id, ct))!);
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> Invite(Guid id, SessionService service, CallerAccessor caller, CancellationToken ct)
    {
        var invite = await service.InviteAsync(caller.Caller, id, ct);
        if (invite is null)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.File(Encoding.UTF8.GetBytes(invite.Ics), "text/calendar; charset=utf-8", $"session-{id:N}.ics");
    }

    private static async Task<Results<Ok<ImpactDto>, NotFound>> Impact(Guid id, SessionPlanning service, CallerAccessor caller, CancellationToken ct)
    {
        var impact = await service.ImpactAsync(caller.Caller, id, ct);
        return impact is null ? TypedResults.NotFound() : TypedResults.Ok(impact);
    }

    private static async Task<Results<Ok<BestSlotsDto>, ProblemHttpResult, ForbidHttpResult>> BestSlots(BestSlotsInput input, SessionPlanning service, CallerAccessor caller, int? take, CancellationToken ct)
    {
        var outcome = await service.BestSlotsAsync(caller.Caller, input, Math.Clamp(take ?? 20, 1, 200), ct);
        if (outcome.Kind == OutcomeKind.Forbidden)
        {
            return TypedResults.Forbid();
        }
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : OutcomeResults.Problem(outcome);
    }

    private static async Task<IResult> AllExceptions(Guid? site_id, string? from, string? to, bool? bom, SessionExceptions exceptions, CallerAccessor caller, CancellationToken ct)
    {
        var outcome = await exceptions.CsvAsync(caller.Caller, null, site_id, from, to, ct);
        // Here the site is a query parameter: one that does not exist is a wrong input, not a missing resource.
        return outcome.Kind == OutcomeKind.NotFound
            ? ApiResults.Invalid("site_id", "is not a known site")
            : ExceptionsFile(outcome, bom, "session-exceptions.csv");
    }

    private static async Task<IResult> SiteFeed(Guid id, string? from, string? to, bool? bom, SessionExceptions exceptions, CallerAccessor caller, HttpContext http, CancellationToken ct) =>
        ExceptionsFile(await exceptions.CsvAsync(caller.Caller, WfmFeeds.SiteOf(http.User), id, from, to, ct), bom, $"session-exceptions-{id:N}.csv");

    private static IResult ExceptionsFile(Outcome<string> outcome, bool? bom, string name) => outcome.IsOk
        ? TypedResults.File(CsvTable.Utf8(outcome.Value!, bom is true), "text/csv; charset=utf-8", name)
        : OutcomeResults.Problem(outcome);

    private static async Task<Page<QueueDto>> ListQueues(QueueService queues, int? page, int? page_size, CancellationToken ct) =>
        await ApiResults.PageAsync(queues.List(), page, page_size, ct);

    private static async Task<Results<Ok<QueueDto>, NotFound>> GetQueue(Guid id, QueueService queues, HttpResponse response, CancellationToken ct)
    {
        var queue = await queues.GetAsync(id, ct);
        return ApiResults.Found(response, queue, x => x.Version);
    }

    private static async Task<IResult> CreateQueue(QueueInput input, QueueService queues, CancellationToken ct) =>
        OutcomeResults.ToResult(await queues.CreateAsync(input, ct), q => TypedResults.Created($"/api/v1/queues/{q.Id}", q));

    /// <summary>Replaces the queue (every field, as in POST); a stale If-Match is 412 with the current version.</summary>
    private static async Task<IResult> UpdateQueue(Guid id, QueueInput input, QueueService queues, HttpRequest request, HttpResponse response, CancellationToken ct)
        => OutcomeResults.Replaced(await queues.UpdateAsync(id, input, ApiResults.IfMatch(request), ct), response, x => x.Version);

    private static async Task<Page<CoverageRuleDto>> ListRules(CoverageRuleService rules, int? page, int? page_size, CancellationToken ct) =>
        await ApiResults.PageAsync(rules.List(), page, page_size, ct);

    private static async Task<Results<Ok<CoverageRuleDto>, NotFound>> GetRule(Guid id, CoverageRuleService rules, HttpResponse response, CancellationToken ct)
    {
        var rule = await rules.GetAsync(id, ct);
        return ApiResults.Found(response, rule, x => x.Version);
    }

    private static async Task<IResult> CreateRule(CoverageRuleInput input, CoverageRuleService rules, CancellationToken ct) =>
        OutcomeResults.ToResult(await rules.CreateAsync(input, ct), r => TypedResults.Created($"/api/v1/coverage-rules/{r.Id}", r));

    /// <summary>Replaces the rule (every field, as in POST); a stale If-Match is 412 with the current version.</summary>
    private static async Task<IResult> UpdateRule(Guid id, CoverageRuleInput input, CoverageRuleService rules, HttpRequest request, HttpResponse response, CancellationToken ct)
        => OutcomeResults.Replaced(await rules.UpdateAsync(id, input, ApiResults.IfMatch(request), ct), response, x => x.Version);
}
