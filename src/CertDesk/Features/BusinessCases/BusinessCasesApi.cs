namespace CertDesk.Features.BusinessCases;

public sealed record BenefitDto(string Name, decimal AnnualValue, decimal Isolation, decimal Confidence);

public sealed record BusinessCaseDto(
    Guid Id, Guid EmployeeId, string? EmployeeName, string CertificationCode, string CertificationName, int FiscalYear, string CostCenter,
    decimal Fees, decimal Materials, decimal Travel, decimal HoursAway, decimal HourlyLoadedCost, decimal TimeAwayCost, decimal Backfill,
    int BenefitYears, IReadOnlyList<BenefitDto> Benefits, decimal TotalCost, decimal TotalBenefit, decimal NetBenefit,
    decimal? RoiPercent, decimal? Bcr, decimal? PaybackMonths, string Status, string Justification, string? DecisionComment,
    string? DecidedBy, DateTimeOffset? DecidedAt, string? SubmittedBy, string? FirstApprovedBy, DateTimeOffset? FirstApprovedAt, int Version,
    string CostSource, string CostBasis)
{
    public static BusinessCaseDto From(BusinessCase c)
    {
        var f = BusinessCaseService.Figures(c);
        return new BusinessCaseDto(
            Id: c.Id,
            EmployeeId: c.EmployeeId,
            EmployeeName: c.Employee?.FullName,
            CertificationCode: c.CertificationCode,
            CertificationName: c.CertificationName,
            FiscalYear: c.FiscalYear,
            CostCenter: c.CostCenter,
            Fees: c.Fees,
            Materials: c.Materials,
            Travel: c.Travel,
            HoursAway: c.HoursAway,
            HourlyLoadedCost: c.HourlyLoadedCost,
            TimeAwayCost: Domain.BusinessCases.Cents.Round(c.HoursAway * c.HourlyLoadedCost),
            Backfill: c.Backfill,
            BenefitYears: c.BenefitYears,
            Benefits: [.. c.Benefits.Select(b => new BenefitDto(b.Name, b.AnnualValue, b.Isolation, b.Confidence))],
            TotalCost: f.TotalCost,
            TotalBenefit: f.TotalBenefit,
            NetBenefit: f.NetBenefit,
            RoiPercent: f.RoiPercent,
            Bcr: f.Bcr,
            PaybackMonths: f.PaybackMonths,
            Status: c.Status.ToString().ToLowerInvariant(),
            Justification: c.Justification,
            DecisionComment: c.DecisionComment,
            DecidedBy: c.DecidedBy,
            DecidedAt: c.DecidedAt,
            SubmittedBy: c.SubmittedBy,
            FirstApprovedBy: c.FirstApprovedBy,
            FirstApprovedAt: c.FirstApprovedAt,
            Version: c.Version,
            CostSource: c.CostSource ?? BusinessCaseService.EnteredSource,
            CostBasis: c.CostBasis ?? "figures entered on the case");
    }
}

public sealed record DecisionInput(string? Comment);

public sealed record BudgetInput(int? FiscalYear, string? CostCenter, decimal? Amount);

public sealed record BudgetDto(int FiscalYear, string CostCenter, decimal? Amount, decimal Committed, decimal? Remaining);

/// <summary>/api/v1/business-cases and /api/v1/budgets.</summary>
public static class BusinessCasesApi
{
    public static RouteGroupBuilder MapBusinessCasesApi(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/business-cases").WithTags("Business cases");
        cases.MapGet("/", List);
        cases.MapGet("/{id:guid}", Get).Produces<BusinessCaseDto>();
        cases.MapPost("/", Create).Produces<BusinessCaseDto>(StatusCodes.Status201Created);
        cases.MapPut("/{id:guid}", Update).Produces<BusinessCaseDto>();
        cases.MapPost("/{id:guid}/submit", async (Guid id, BusinessCaseService s, CallerAccessor c, HttpResponse r, CancellationToken ct) =>
            await ReplyAsync(s, c.Caller, ct, await s.SubmitAsync(c.Caller, id, ct), r)).Produces<BusinessCaseDto>();
        cases.MapPost("/{id:guid}/approve", async (Guid id, DecisionInput? input, BusinessCaseService s, CallerAccessor c, HttpResponse r, CancellationToken ct) =>
            await ReplyAsync(s, c.Caller, ct, await s.DecideAsync(c.Caller, id, approve: true, input?.Comment, ct), r)).Produces<BusinessCaseDto>();
        cases.MapPost("/{id:guid}/reject", async (Guid id, DecisionInput? input, BusinessCaseService s, CallerAccessor c, HttpResponse r, CancellationToken ct) =>
            await ReplyAsync(s, c.Caller, ct, await s.DecideAsync(c.Caller, id, approve: false, input?.Comment, ct), r)).Produces<BusinessCaseDto>();

        var budgets = api.MapGroup("/budgets").WithTags("Business cases").RequireAuthorization(Policies.OrganizationWide);
        budgets.MapGet("/", async (BusinessCaseService s, int? page, int? page_size, CancellationToken ct) =>
        {
            var all = (await s.BudgetsAsync(ct)).Select(b => new BudgetDto(b.FiscalYear, b.CostCenter, b.Amount, b.Committed, b.Remaining)).ToList();
            return ApiResults.PageOf(all, page, page_size);
        });
        budgets.MapPut("/", async (BudgetInput input, BusinessCaseService s, CallerAccessor c, CancellationToken ct) =>
            OutcomeResults.ToResult(await s.SetBudgetAsync(c.Caller, input.FiscalYear, input.CostCenter, input.Amount, ct),
                b => TypedResults.Ok(new BudgetDto(b.FiscalYear, b.CostCenter, b.Amount, b.Committed, b.Remaining))))
            .Produces<BudgetDto>();
        return api;
    }

    /// <summary>The answer to a write: the case as GET reads it (with the person's name), and its version.</summary>
    private static async Task<IResult> ReplyAsync(BusinessCaseService s, Caller caller, CancellationToken ct, Outcome<BusinessCase> outcome, HttpResponse response) =>
        OutcomeResults.ToResult(await OutcomeResults.ReadBackAsync(outcome, x => s.FindAsync(caller, x.Id, ct)),
            c => ApiResults.Versioned(response, BusinessCaseDto.From(c), c.Version));

    private static async Task<Page<BusinessCaseDto>> List(BusinessCaseService s, CallerAccessor c, string? status, int? page, int? page_size, CancellationToken ct)
    {
        var query = await s.VisibleAsync(c.Caller, ct);
        if (Enum.TryParse<BusinessCaseStatus>(status, ignoreCase: true, out var st))
        {
            query = query.Where(x => x.Status == st);
        }
        var paged = await ApiResults.PageAsync(query.OrderByDescending(x => x.Id), page, page_size, ct);
        return new Page<BusinessCaseDto>([.. paged.Items.Select(BusinessCaseDto.From)], paged.Total);
    }

    private static async Task<IResult> Get(Guid id, BusinessCaseService s, CallerAccessor c, HttpResponse response, CancellationToken ct)
    {
        var found = await s.FindAsync(c.Caller, id, ct);
        if (found is null)
        {
            return TypedResults.NotFound();
        }
        return ApiResults.Versioned(response, BusinessCaseDto.From(found), found.Version);
    }

    private static async Task<IResult> Create(BusinessCaseInput input, BusinessCaseService s, CallerAccessor c, CancellationToken ct) =>
        OutcomeResults.ToResult(await OutcomeResults.ReadBackAsync(await s.CreateAsync(c.Caller, input, ct), x => s.FindAsync(c.Caller, x.Id, ct)), x => TypedResults.Created($"/api/v1/business-cases/{x.Id}", BusinessCaseDto.From(x)));

    private static async Task<IResult> Update(Guid id, BusinessCaseInput input, BusinessCaseService s, CallerAccessor c, HttpRequest request, HttpResponse response, CancellationToken ct) =>
        await ReplyAsync(s, c.Caller, ct, await s.UpdateAsync(c.Caller, id, input, ApiResults.IfMatch(request), ct), response);
}
