using CertDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Agreements;

public sealed record SignatureDto(string Role, string SignerEmail, string SignerName, string TypedName, DateTimeOffset SignedAt, string DocumentSha256, string IpAddress, string UserAgent, string AuthenticationMethod);

public sealed record AgreementDto(
    Guid Id, Guid EmployeeId, string? EmployeeName, Guid PolicyId, string? PolicyCode, int? PolicyVersion, Guid? BusinessCaseId,
    string CertificationCode, string CertificationName, decimal FundedAmount, string TaxTreatment, DateOnly? PaidOn, DateOnly? CompletedOn,
    string Status, DateTimeOffset IssuedAt, string IssuedBy, DateTimeOffset SignBy, bool Expired, string DocumentSha256, Guid? SupersededById,
    IReadOnlyList<SignatureDto> Signatures, string? Document, int Version)
{
    public static AgreementDto From(Agreement a, DateTimeOffset now, bool withDocument) => new(
        a.Id, a.EmployeeId, a.Employee?.FullName, a.PolicyId, a.Policy?.Code, a.Policy?.VersionNumber, a.BusinessCaseId, a.CertificationCode,
        a.CertificationName, a.FundedAmount, a.TaxTreatment.ToString().ToLowerInvariant(), a.PaidOn, a.CompletedOn,
        a.IsExpired(now) ? "expired" : ToSnake(a.Status.ToString()), a.IssuedAt, a.IssuedBy, a.SignBy, a.IsExpired(now), a.DocumentSha256, a.SupersededById,
        [.. a.Signatures.OrderBy(s => s.SignedAt).Select(s => new SignatureDto(s.Role.ToString().ToLowerInvariant(), s.SignerEmail, s.SignerName, s.TypedName,
            s.SignedAt, s.DocumentSha256, s.IpAddress, s.UserAgent, s.AuthenticationMethod))],
        withDocument ? a.Document : null, a.Version);

    private static string ToSnake(string name) => string.Concat(name.Select((ch, i) => char.IsUpper(ch) && i > 0 ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}

public sealed record DatesInput(DateOnly? CompletedOn, DateOnly? PaidOn);

/// <summary>/api/v1/agreements: issue, sign, countersign, verify, PDF. Outside the caller's scope answers 404.</summary>
public static class AgreementsApi
{
    public static RouteGroupBuilder MapAgreementsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/agreements").WithTags("Agreements");
        group.MapGet("/", async (AgreementService s, CallerAccessor c, TimeProvider clock, string? status, int? page, int? page_size, CancellationToken ct) =>
        {
            var query = await s.VisibleAsync(c.Caller, ct);
            if (Enum.TryParse<AgreementStatus>(status?.Replace("_", "", StringComparison.Ordinal), true, out var st))
            {
                query = query.Where(a => a.Status == st);
            }
            var paged = await ApiResults.PageAsync(query.AsSplitQuery().OrderByDescending(a => a.Id), page, page_size, ct);
            var now = clock.GetUtcNow();
            return new Page<AgreementDto>([.. paged.Items.Select(a => AgreementDto.From(a, now, withDocument: false))], paged.Total);
        });
        group.MapGet("/{id:guid}", async (Guid id, AgreementService s, CallerAccessor c, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        {
            var a = await s.FindAsync(c.Caller, id, ct);
            if (a is null)
            {
                return Results.NotFound();
            }
            return ApiResults.Versioned(response, AgreementDto.From(a, clock.GetUtcNow(), withDocument: true), a.Version);
        });
        group.MapPost("/", async (IssueInput input, AgreementService s, CallerAccessor c, TimeProvider clock, CancellationToken ct) =>
            OutcomeResults.ToResult(await s.IssueAsync(c.Caller, input, ct), a => TypedResults.Created($"/api/v1/agreements/{a.Id}", AgreementDto.From(a, clock.GetUtcNow(), true))));
        group.MapPut("/{id:guid}", async (Guid id, DatesInput input, AgreementService s, CallerAccessor c, TimeProvider clock, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            OutcomeResults.ToResult(await s.RecordDatesAsync(c.Caller, id, input.CompletedOn, input.PaidOn, ct, ApiResults.IfMatch(request)), a =>
            {
                return ApiResults.Versioned(response, AgreementDto.From(a, clock.GetUtcNow(), false), a.Version);
            }));
        group.MapPost("/{id:guid}/sign", async (Guid id, SignInput input, AgreementService s, CallerAccessor c, HttpContext http, TimeProvider clock, CancellationToken ct) =>
            OutcomeResults.ToResult(await s.SignAsync(c.Caller, id, input, Context(http), ct), a => TypedResults.Ok(AgreementDto.From(a, clock.GetUtcNow(), false))));
        group.MapPost("/{id:guid}/countersign", async (Guid id, SignInput input, AgreementService s, CallerAccessor c, HttpContext http, TimeProvider clock, CancellationToken ct) =>
            OutcomeResults.ToResult(await s.CountersignAsync(c.Caller, id, input, Context(http), ct), a => TypedResults.Ok(AgreementDto.From(a, clock.GetUtcNow(), false))));
        group.MapGet("/{id:guid}/verify", async (Guid id, AgreementService s, CallerAccessor c, CancellationToken ct) =>
            await s.FindAsync(c.Caller, id, ct) is { } a ? Results.Ok(AgreementService.Verify(a)) : Results.NotFound());
        group.MapGet("/{id:guid}/pdf", async (Guid id, AgreementService s, CallerAccessor c, CancellationToken ct) =>
            await s.FindAsync(c.Caller, id, ct) is { } a
                ? Results.File(AgreementPdf.Render(a), "application/pdf", $"agreement-{a.CertificationCode}-{a.Id}.pdf")
                : Results.NotFound());
        return api;
    }

    /// <summary>The evidence of where a signature came from; behind a proxy, configure forwarded headers so RemoteIpAddress is the client's.</summary>
    public static SigningContext Context(HttpContext http) =>
        new(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : "unknown");
}
