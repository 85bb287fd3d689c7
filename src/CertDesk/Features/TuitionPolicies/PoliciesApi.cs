using CertDesk.Data;
using CertDesk.Features.Shared;
using CertDesk.Hosting;
using Microsoft.EntityFrameworkCore;

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
        p.Id, p.Code, p.VersionNumber, p.Name, p.Status.ToString().ToLowerInvariant(), p.PublishedAt, p.PublishedBy, p.MinTenureMonths,
        List(p.EligibleRoles), p.RequiresGoodStanding, List(p.FundedItems), p.AnnualCap, p.TaxFreeAnnualLimit,
        p.CompletionStandard == TuitionPolicies.CompletionStandard.Pass ? "pass" : "minimum_grade", p.MinimumGrade, p.CompletionDeadlineMonths,
        p.CommitmentMonths, p.CommitmentStart.ToString().ToLowerInvariant(), p.Proration.ToString().ToLowerInvariant(),
        [.. PolicyService.TierBands(p.Tiers).Select(t => new TierDto(t.From, t.Until, t.Percent))], List(p.TriggeringReasons), List(p.ExemptReasons),
        p.NotCompletedPercent, p.Version, p.ApplicationsOpenOn, p.ApplicationsCloseOn);
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
        });
        policies.MapPost("/", async (PolicyInput input, PolicyService s, CallerAccessor c, CancellationToken ct) =>
            OutcomeResults.ToResult(await s.CreateAsync(c.Caller, input, ct), p => TypedResults.Created($"/api/v1/policies/{p.Id}", PolicyDto.From(p))));
        policies.MapPut("/{id:guid}", async (Guid id, PolicyInput input, PolicyService s, CallerAccessor c, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            Reply(await s.UpdateAsync(c.Caller, id, input, ApiResults.IfMatch(request), ct), response));
        policies.MapPost("/{id:guid}/publish", async (Guid id, PolicyService s, CallerAccessor c, HttpResponse response, CancellationToken ct) =>
            Reply(await s.PublishAsync(c.Caller, id, ct), response));
        policies.MapPost("/{id:guid}/versions", async (Guid id, PolicyService s, CallerAccessor c, CancellationToken ct) =>
            OutcomeResults.ToResult(await s.NewVersionAsync(c.Caller, id, ct), p => TypedResults.Created($"/api/v1/policies/{p.Id}", PolicyDto.From(p))));
        policies.MapGet("/tax-report", async (TaxReport report, int? year, CancellationToken ct) => await report.RunAsync(year, ct))
            .RequireAuthorization(Policies.OrganizationWide);
        return api;
    }

    private static IResult Reply(Outcome<TuitionPolicy> outcome, HttpResponse response) => OutcomeResults.ToResult(outcome, p =>
    {
        return ApiResults.Versioned(response, PolicyDto.From(p), p.Version);
    });
}
