using CertDesk.Features.BusinessCases;

namespace CertDesk.Features.Requests;

/// <summary>A request as the API shows it. <see cref="WaitingFor"/>: manager, budget_holder, requester (returned) or null (decided).</summary>
public sealed record RequestDto(
    Guid Id, Guid BusinessCaseId, Guid EmployeeId, string? EmployeeName, Guid CertificationId, string? CertificationCode, string? CertificationName,
    string Status, string? WaitingFor, Guid PolicyId, string? PolicyCode, int? PolicyVersion, string Source, string RequestedBy, DateTimeOffset RequestedAt,
    decimal Fees, decimal Materials, decimal Travel, decimal HoursAway, decimal Backfill, decimal TotalCost, string CostCenter, int FiscalYear,
    string Justification, string Eligibility, string? ManagerDecidedBy, DateTimeOffset? ManagerDecidedAt, string? ManagerComment,
    string? DecisionComment, string? DecidedBy, DateTimeOffset? DecidedAt, DateTimeOffset? WithdrawnAt, int Version)
{
    public static string? WaitingForCode(BusinessCaseStatus status) => RequestService.StageOf(status) switch
    {
        RequestStage.Manager => "manager",
        RequestStage.BudgetHolder => "budget_holder",
        RequestStage.Requester => "requester",
        _ => null,
    };

    public static RequestDto From(CertificationRequest r)
    {
        var c = r.BusinessCase!;
        return new RequestDto(
            Id: r.Id,
            BusinessCaseId: r.BusinessCaseId,
            EmployeeId: r.EmployeeId,
            EmployeeName: r.Employee?.FullName,
            CertificationId: r.CertificationId,
            CertificationCode: r.Certification?.Code,
            CertificationName: r.Certification?.Name,
            Status: RequestService.StatusCode(c.Status),
            WaitingFor: WaitingForCode(c.Status),
            PolicyId: r.PolicyId,
            PolicyCode: r.Policy?.Code,
            PolicyVersion: r.Policy?.VersionNumber,
            Source: r.Source,
            RequestedBy: r.RequestedBy,
            RequestedAt: r.RequestedAt,
            Fees: c.Fees,
            Materials: c.Materials,
            Travel: c.Travel,
            HoursAway: c.HoursAway,
            Backfill: c.Backfill,
            TotalCost: c.TotalCost,
            CostCenter: c.CostCenter,
            FiscalYear: c.FiscalYear,
            Justification: c.Justification,
            Eligibility: r.Eligibility,
            ManagerDecidedBy: r.ManagerDecidedBy,
            ManagerDecidedAt: r.ManagerDecidedAt,
            ManagerComment: r.ManagerComment,
            DecisionComment: c.DecisionComment,
            DecidedBy: c.DecidedBy,
            DecidedAt: c.DecidedAt,
            WithdrawnAt: r.WithdrawnAt,
            Version: r.Version);
    }
}

/// <summary>The policy's verdict before a request is made: allowed, or every reason why not, with the cost and the year's allowance.</summary>
public sealed record RequestCheckDto(
    bool Allowed, IReadOnlyList<string> Reasons, Guid EmployeeId, string EmployeeName, string CertificationCode, Guid? PolicyId, string? PolicyCode,
    int? PolicyVersion, decimal? TotalCost, string CostBasis, int Year, decimal? Allowance, decimal Committed, decimal ThisRequest, string CostCenter)
{
    public static RequestCheckDto From(RequestCheck c) => new(
        Allowed: c.Allowed,
        Reasons: c.Reasons,
        EmployeeId: c.Employee.Id,
        EmployeeName: c.Employee.FullName,
        CertificationCode: c.Certification.Code,
        PolicyId: c.Policy?.Id,
        PolicyCode: c.Policy?.Code,
        PolicyVersion: c.Policy?.VersionNumber,
        TotalCost: c.Cost?.Total,
        CostBasis: c.CostBasis,
        Year: c.Year,
        Allowance: c.Allowance,
        Committed: c.Committed,
        ThisRequest: c.Funded,
        CostCenter: c.CostCenter);
}

public sealed record RequestCommentInput(string? Comment);

public sealed record ResubmitInput(string? Justification);

/// <summary>/api/v1/requests: certification requests (check, request, decide at the current stage, withdraw, send again).</summary>
public static class RequestsApi
{
    public static RouteGroupBuilder MapRequestsApi(this RouteGroupBuilder api)
    {
        var requests = api.MapGroup("/requests").WithTags("Requests");
        requests.MapGet("/", List);
        requests.MapGet("/{id:guid}", async (Guid id, RequestService s, CallerAccessor c, HttpResponse r, CancellationToken ct) =>
            await s.FindAsync(c.Caller, id, ct) is { } found ? ApiResults.Versioned(r, RequestDto.From(found), found.Version) : Results.NotFound())
            .Produces<RequestDto>();
        requests.MapPost("/check", async (RequestInput input, RequestService s, CallerAccessor c, CancellationToken ct) =>
            OutcomeResults.ToResult(await s.CheckAsync(c.Caller, input, ct), check => TypedResults.Ok(RequestCheckDto.From(check))))
            .Produces<RequestCheckDto>().WithMetadata(new ComputesOnlyAttribute());
        requests.MapPost("/", async (RequestInput input, RequestService s, CallerAccessor c, CancellationToken ct) =>
            OutcomeResults.ToResult(await OutcomeResults.ReadBackAsync(await s.CreateAsync(c.Caller, input, ct), x => s.FindAsync(c.Caller, x.Id, ct)), x => TypedResults.Created($"/api/v1/requests/{x.Id}", RequestDto.From(x))))
            .Produces<RequestDto>(StatusCodes.Status201Created);
        foreach (var (path, decision) in new[] { ("approve", RequestDecision.Approve), ("return", RequestDecision.Return), ("reject", RequestDecision.Reject) })
        {
            requests.MapPost("/{id:guid}/" + path, async (Guid id, RequestCommentInput? input, RequestService s, CallerAccessor c, HttpResponse r, CancellationToken ct) =>
                await ReplyAsync(s, c.Caller, ct, await s.DecideAsync(c.Caller, id, decision, input?.Comment, ct), r)).Produces<RequestDto>();
        }
        requests.MapPost("/{id:guid}/withdraw", async (Guid id, RequestService s, CallerAccessor c, HttpResponse r, CancellationToken ct) =>
            await ReplyAsync(s, c.Caller, ct, await s.WithdrawAsync(c.Caller, id, ct), r)).Produces<RequestDto>();
        requests.MapPost("/{id:guid}/resubmit", async (Guid id, ResubmitInput? input, RequestService s, CallerAccessor c, HttpResponse r, CancellationToken ct) =>
            await ReplyAsync(s, c.Caller, ct, await s.ResubmitAsync(c.Caller, id, input?.Justification, ct), r)).Produces<RequestDto>();
        return api;
    }

    /// <summary>The answer to a write: the request as GET reads it (with the person's name and the policy's code), and its version.</summary>
    private static async Task<IResult> ReplyAsync(RequestService s, Caller caller, CancellationToken ct, Outcome<CertificationRequest> outcome, HttpResponse response) =>
        OutcomeResults.ToResult(await OutcomeResults.ReadBackAsync(outcome, x => s.FindAsync(caller, x.Id, ct)),
            x => ApiResults.Versioned(response, RequestDto.From(x), x.Version));

    private static async Task<Page<RequestDto>> List(RequestService s, CallerAccessor c, string? status, int? page, int? page_size, CancellationToken ct)
    {
        var query = await s.VisibleAsync(c.Caller, ct);
        if (status == "returned")
        {
            query = query.Where(x => x.BusinessCase!.Status == BusinessCaseStatus.Draft);
        }
        else if (Enum.TryParse<BusinessCaseStatus>(status, ignoreCase: true, out var st))
        {
            query = query.Where(x => x.BusinessCase!.Status == st);
        }
        var paged = await ApiResults.PageAsync(query.AsSplitQuery().OrderByDescending(x => x.Id), page, page_size, ct);
        return new Page<RequestDto>([.. paged.Items.Select(RequestDto.From)], paged.Total);
    }
}
