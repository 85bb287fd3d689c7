namespace CertDesk.Features.TuitionPolicies;

public sealed record TierDto(int FromMonth, int UntilMonth, decimal Percent);

public sealed record PolicyDto(
    Guid Id, string Code, int PolicyVersion, string Name, string Status, DateTimeOffset? PublishedAt, string? PublishedBy,
    int MinTenureMonths, IReadOnlyList<string> EligibleRoles, bool RequiresGoodStanding, IReadOnlyList<string> FundedItems,
    decimal AnnualCap, decimal TaxFreeAnnualLimit, string CompletionStandard, string? MinimumGrade, int CompletionDeadlineMonths,
    int CommitmentMonths, string CommitmentStart, string Proration, IReadOnlyList<TierDto> Tiers, IReadOnlyList<string> TriggeringReasons,
    IReadOnlyList<string> ExemptReasons, decimal NotCompletedPercent, int Version, DateOnly? ApplicationsOpenOn = null, DateOnly? ApplicationsCloseOn = null)
{
    private static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static PolicyDto From(TuitionPolicy p) => new(
        Id: p.Id,
        Code: p.Code,
        PolicyVersion: p.VersionNumber,
        Name: p.Name,
        Status: p.Status.ToString().ToLowerInvariant(),
        PublishedAt: p.PublishedAt,
        PublishedBy: p.PublishedBy,
        MinTenureMonths: p.MinTenureMonths,
        EligibleRoles: List(p.EligibleRoles),
        RequiresGoodStanding: p.RequiresGoodStanding,
        FundedItems: List(p.FundedItems),
        AnnualCap: p.AnnualCap,
        TaxFreeAnnualLimit: p.TaxFreeAnnualLimit,
        CompletionStandard: p.CompletionStandard == TuitionPolicies.CompletionStandard.Pass ? "pass" : "minimum_grade",
        MinimumGrade: p.MinimumGrade,
        CompletionDeadlineMonths: p.CompletionDeadlineMonths,
        CommitmentMonths: p.CommitmentMonths,
        CommitmentStart: p.CommitmentStart.ToString().ToLowerInvariant(),
        Proration: p.Proration.ToString().ToLowerInvariant(),
        Tiers: [.. PolicyService.TierBands(p.Tiers).Select(t => new TierDto(t.From, t.Until, t.Percent))],
        TriggeringReasons: List(p.TriggeringReasons),
        ExemptReasons: List(p.ExemptReasons),
        NotCompletedPercent: p.NotCompletedPercent,
        Version: p.Version,
        ApplicationsOpenOn: p.ApplicationsOpenOn,
        ApplicationsCloseOn: p.ApplicationsCloseOn);
}

/// <summary>/api/v1/policies: versioned tuition policies; PUT on a published version answers 409.</summary>
public static class PoliciesApi
{
    public static RouteGroupBuilder MapPoliciesApi(this RouteGroupBuilder api)
    {
        var policies = api.MapGroup("/policies").WithTags("Policies");
        policies.MapGet("/", async (CertDeskDbContext db, CallerAccessor c, int? page, int? page_size, CancellationToken ct) =>
        {
            var query = db.TuitionPolicies.AsNoTracking();
            if (!PolicyService.CanEdit(c.Caller))
            {
                query = query.Where(p => p.Status == PolicyStatus.Published);
            }
            var paged = await ApiResults.PageAsync(query.OrderBy(p => p.Code).ThenBy(p => p.VersionNumber), page, page_size, ct);
            return new Page<PolicyDto>([.. paged.Items.Select(PolicyDto.From)], paged.Total);
        });
        policies.MapGet("/{id:guid}", async (Guid id, CertDeskDbContext db, CallerAccessor c, HttpResponse response, CancellationToken ct) =>
        {
            var p = await db.TuitionPolicies.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
            if (p is null || (p.Status != PolicyStatus.Published && !PolicyService.CanEdit(c.Caller)))
            {
                return Results.NotFound();
            }
            return ApiResults.Versioned(response, PolicyDto.From(p), p.Version);
        }).Produces<PolicyDto>();
        policies.MapPost("/", async (PolicyInput input, PolicyService s, CallerAccessor c, CancellationToken ct) =>
            OutcomeResults.ToResult(await s.CreateAsync(c.Caller, input, ct), p => TypedResults.Created($"/api/v1/policies/{p.Id}", PolicyDto.From(p))))
            .Produces<PolicyDto>(StatusCodes.Status201Created);
        policies.MapPut("/{id:guid}", async (Guid id, PolicyInput input, PolicyService s, CallerAccessor c, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            Reply(await s.UpdateAsync(c.Caller, id, input, ApiResults.IfMatch(request), ct), response)).Produces<PolicyDto>();
        policies.MapPost("/{id:guid}/publish", async (Guid id, PolicyService s, CallerAccessor c, HttpResponse response, CancellationToken ct) =>
            Reply(await s.PublishAsync(c.Caller, id, ct), response)).Produces<PolicyDto>();
        policies.MapPost("/{id:guid}/versions", async (Guid id, PolicyService s, CallerAccessor c, CancellationToken ct) =>
            OutcomeResults.ToResult(await s.NewVersionAsync(c.Caller, id, ct), p => TypedResults.Created($"/api/v1/policies/{p.Id}", PolicyDto.From(p))))
            .Produces<PolicyDto>(StatusCodes.Status201Created);
        policies.MapGet("/tax-report", async (TaxReport report, int? year, CancellationToken ct) => await report.RunAsync(year, ct))
            .RequireAuthorization(Policies.OrganizationWide);
        return api;
    }

    private static IResult Reply(Outcome<TuitionPolicy> outcome, HttpResponse response) => OutcomeResults.ToResult(outcome, p =>
    {
        return ApiResults.Versioned(response, PolicyDto.From(p), p.Version);
    });
}
