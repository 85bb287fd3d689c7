using System.Text;
using CertDesk.Data;
using CertDesk.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Scheduling;

public sealed record QueueDto(Guid Id, string Name, Guid SiteId, string Site, IReadOnlyList<string> Teams, decimal ServiceLevel, int TargetSeconds, int? PatienceSeconds, decimal? MaxOccupancy, decimal? Shrinkage, int Version);

public sealed record QueueInput(string? Name, Guid? SiteId, IReadOnlyList<string>? Teams, decimal? ServiceLevel, int? TargetSeconds, int? PatienceSeconds, decimal? MaxOccupancy, decimal? Shrinkage);

public sealed record CoverageRuleDto(Guid Id, Guid SiteId, string Site, Guid? TeamId, string? Team, int AgentsPerSupervisor, int MinimumSupervisors, int Version);

public sealed record CoverageRuleInput(Guid? SiteId, Guid? TeamId, int? AgentsPerSupervisor, int? MinimumSupervisors);

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
        sessions.MapGet("/{id:guid}/invite.ics", Invite);
        sessions.MapGet("/{id:guid}/impact", Impact);
        sessions.MapPost("/best-slots", BestSlots).RequireAuthorization(Policies.ManagesPeople);

        var queues = api.MapGroup("/queues").WithTags("Scheduling");
        queues.MapGet("/", ListQueues);
        queues.MapPost("/", CreateQueue).RequireAuthorization(Policies.RunsProgram);

        var rules = api.MapGroup("/coverage-rules").WithTags("Scheduling");
        rules.MapGet("/", ListRules);
        rules.MapPost("/", CreateRule).RequireAuthorization(Policies.RunsProgram);
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
        if (session is null)
        {
            return TypedResults.NotFound();
        }
        response.Headers.ETag = ApiResults.ETag(session.Version);
        return TypedResults.Ok(session);
    }

    private static async Task<Results<Created<SessionDto>, ProblemHttpResult, ForbidHttpResult>> CreateSession(SessionInput input, SessionService service, CallerAccessor caller, CancellationToken ct)
    {
        var outcome = await service.CreateAsync(caller.Caller, input, ct);
        if (outcome.Forbidden)
        {
            return TypedResults.Forbid();
        }
        if (!outcome.Ok)
        {
            return ApiResults.Invalid(outcome.Errors!);
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
        if (outcome.Forbidden)
        {
            return TypedResults.Forbid();
        }
        if (outcome.NotFound)
        {
            return TypedResults.NotFound();
        }
        if (!outcome.Ok)
        {
            return ApiResults.Invalid(outcome.Errors!);
        }
        var dto = (await service.GetAsync(caller.Caller, id, ct))!;
        response.Headers.ETag = ApiResults.ETag(dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<SessionDto>, NotFound>> CancelSession(Guid id, SessionService service, CallerAccessor caller, CancellationToken ct)
    {
        var outcome = await service.CancelAsync(caller.Caller, id, ct);
        if (!outcome.Ok)
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

    private static async Task<Results<Ok<ImpactDto>, NotFound>> Impact(Guid id, SessionService service, CallerAccessor caller, CancellationToken ct)
    {
        var impact = await service.ImpactAsync(caller.Caller, id, ct);
        return impact is null ? TypedResults.NotFound() : TypedResults.Ok(impact);
    }

    private static async Task<Results<Ok<BestSlotsDto>, ProblemHttpResult, ForbidHttpResult>> BestSlots(BestSlotsInput input, SessionService service, CallerAccessor caller, int? take, CancellationToken ct)
    {
        var outcome = await service.BestSlotsAsync(caller.Caller, input, Math.Clamp(take ?? 20, 1, 200), ct);
        if (outcome.Forbidden)
        {
            return TypedResults.Forbid();
        }
        return outcome.Ok ? TypedResults.Ok(outcome.Value!) : ApiResults.Invalid(outcome.Errors!);
    }

    private static IQueryable<QueueDto> ProjectQueues(IQueryable<Queue> queues) => queues.Select(q => new QueueDto(
        q.Id, q.Name, q.SiteId, q.Site!.Name, q.Teams.OrderBy(t => t.Code).Select(t => t.Code).ToList(), q.ServiceLevel, q.TargetSeconds,
        q.PatienceSeconds, q.MaxOccupancy, q.Shrinkage, q.Version));

    private static async Task<Page<QueueDto>> ListQueues(CertDeskDbContext db, int? page, int? page_size, CancellationToken ct) =>
        await ApiResults.PageAsync(ProjectQueues(db.Queues.AsNoTracking().OrderBy(q => q.Name)), page, page_size, ct);

    private static async Task<Results<Created<QueueDto>, ProblemHttpResult>> CreateQueue(QueueInput input, CertDeskDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 120)
        {
            errors["name"] = ["is required (at most 120 characters)"];
        }
        else if (await db.Queues.AnyAsync(q => q.Name == name, ct))
        {
            errors["name"] = [$"a queue named '{name}' exists"];
        }
        if (input.SiteId is not { } siteId || !await db.Sites.AnyAsync(s => s.Id == siteId, ct))
        {
            errors["site_id"] = ["is not a known site"];
        }
        var codes = (input.Teams ?? []).Distinct(StringComparer.Ordinal).ToList();
        var teams = await db.Teams.Where(t => codes.Contains(t.Code)).ToListAsync(ct);
        if (teams.Count < codes.Count)
        {
            errors["teams"] = [$"unknown team(s): {string.Join(", ", codes.Except(teams.Select(t => t.Code)))}"];
        }
        if (input.ServiceLevel is not { } sl || sl is <= 0 or > 1)
        {
            errors["service_level"] = ["is a fraction > 0 and <= 1 (0.8 = 80 %)"];
        }
        if (input.TargetSeconds is not ({ } t and >= 0 and <= 3600))
        {
            errors["target_seconds"] = ["is a number of seconds from 0 to 3600"];
        }
        if (input.PatienceSeconds is { } p && p is <= 0 or > 86400)
        {
            errors["patience_seconds"] = ["is a number of seconds > 0"];
        }
        if (input.MaxOccupancy is { } m && m is <= 0 or > 1)
        {
            errors["max_occupancy"] = ["is a fraction > 0 and <= 1"];
        }
        if (input.Shrinkage is { } s && s is < 0 or >= 1)
        {
            errors["shrinkage"] = ["is a fraction >= 0 and < 1"];
        }
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        var queue = new Queue
        {
            Name = name,
            SiteId = input.SiteId!.Value,
            Teams = teams,
            ServiceLevel = input.ServiceLevel!.Value,
            TargetSeconds = input.TargetSeconds!.Value,
            PatienceSeconds = input.PatienceSeconds,
            MaxOccupancy = input.MaxOccupancy,
            Shrinkage = input.Shrinkage,
        };
        db.Queues.Add(queue);
        await db.SaveChangesAsync(ct);
        var dto = await ProjectQueues(db.Queues.AsNoTracking().Where(q => q.Id == queue.Id)).FirstAsync(ct);
        return TypedResults.Created($"/api/v1/queues/{queue.Id}", dto);
    }

    private static IQueryable<CoverageRuleDto> ProjectRules(IQueryable<CoverageRule> rules) => rules.Select(r => new CoverageRuleDto(
        r.Id, r.SiteId, r.Site!.Name, r.TeamId, r.Team != null ? r.Team.Code : null, r.AgentsPerSupervisor, r.MinimumSupervisors, r.Version));

    private static async Task<Page<CoverageRuleDto>> ListRules(CertDeskDbContext db, int? page, int? page_size, CancellationToken ct) =>
        await ApiResults.PageAsync(ProjectRules(db.CoverageRules.AsNoTracking().OrderBy(r => r.Site!.Name)), page, page_size, ct);

    private static async Task<Results<Created<CoverageRuleDto>, ProblemHttpResult>> CreateRule(CoverageRuleInput input, CertDeskDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.SiteId is not { } siteId || !await db.Sites.AnyAsync(s => s.Id == siteId, ct))
        {
            errors["site_id"] = ["is not a known site"];
        }
        if (input.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId && t.SiteId == input.SiteId, ct))
        {
            errors["team_id"] = ["is not a team of that site"];
        }
        if (input.AgentsPerSupervisor is not ({ } r and >= 1 and <= 1000))
        {
            errors["agents_per_supervisor"] = ["is a whole number from 1 to 1000"];
        }
        if (input.MinimumSupervisors is { } min && min is < 0 or > 1000)
        {
            errors["minimum_supervisors"] = ["is a whole number from 0 to 1000"];
        }
        if (errors.Count == 0 && await db.CoverageRules.AnyAsync(x => x.SiteId == input.SiteId && x.TeamId == input.TeamId, ct))
        {
            errors["team_id"] = ["a rule for that site or team exists"];
        }
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        var rule = new CoverageRule { SiteId = input.SiteId!.Value, TeamId = input.TeamId, AgentsPerSupervisor = input.AgentsPerSupervisor!.Value, MinimumSupervisors = input.MinimumSupervisors ?? 1 };
        db.CoverageRules.Add(rule);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/coverage-rules/{rule.Id}", await ProjectRules(db.CoverageRules.AsNoTracking().Where(x => x.Id == rule.Id)).FirstAsync(ct));
    }
}
