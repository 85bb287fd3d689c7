namespace CertDesk.Features.Agreements;

public sealed record SignatureDto(string Role, string SignerEmail, string SignerName, string TypedName, DateTimeOffset SignedAt, string DocumentSha256, string IpAddress, string UserAgent, string AuthenticationMethod)
{
    /// <summary>The version of the signed record this signature covers (0 the original, 1.. an amendment) and its SHA-256.</summary>
    public int Record { get; init; }
    public string? RecordSha256 { get; init; }
}

/// <summary>One version of the signed record: the original (0) or an amendment, what it changed, and its signing status.</summary>
public sealed record AgreementRecordDto(int Sequence, string Kind, string Status, string Sha256, string? PreviousSha256, string? Reason, string CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? EmployeeSignedAt, DateTimeOffset? CompanySignedAt, IReadOnlyList<FieldDifference> Changes)
{
    public static IReadOnlyList<AgreementRecordDto> Chain(Agreement a)
    {
        var list = new List<AgreementRecordDto>();
        Dictionary<string, string>? before = null;
        foreach (var r in a.Records.OrderBy(r => r.Sequence))
        {
            var terms = SignedTerms.Read(r.Canonical);
            list.Add(new(r.Sequence, SignedTerms.KindOf(r), AgreementDto.ToSnake(r.Status.ToString()), r.Sha256, r.PreviousSha256, r.Reason,
                r.CreatedBy, r.CreatedAt, r.EmployeeSignedAt, r.CompanySignedAt, before is null ? [] : AgreementService.Changes(before, terms)));
            before = terms;
        }
        return list;
    }
}

public sealed record AgreementDto(
    Guid Id, Guid EmployeeId, string? EmployeeName, Guid PolicyId, string? PolicyCode, int? PolicyVersion, Guid? BusinessCaseId,
    string CertificationCode, string CertificationName, decimal FundedAmount, string TaxTreatment, DateOnly? PaidOn, DateOnly? CompletedOn,
    string Status, DateTimeOffset IssuedAt, string IssuedBy, DateTimeOffset SignBy, bool Expired, string DocumentSha256, Guid? SupersededById,
    IReadOnlyList<SignatureDto> Signatures, string? Document, int Version)
{
    public static AgreementDto From(Agreement a, DateTimeOffset now, bool withDocument) => new(
        Id: a.Id,
        EmployeeId: a.EmployeeId,
        EmployeeName: a.Employee?.FullName,
        PolicyId: a.PolicyId,
        PolicyCode: a.Policy?.Code,
        PolicyVersion: a.Policy?.VersionNumber,
        BusinessCaseId: a.BusinessCaseId,
        CertificationCode: a.CertificationCode,
        CertificationName: a.CertificationName,
        FundedAmount: a.FundedAmount,
        TaxTreatment: a.TaxTreatment.ToString().ToLowerInvariant(),
        PaidOn: a.PaidOn,
        CompletedOn: a.CompletedOn,
        Status: a.IsExpired(now) ? "expired" : ToSnake(a.Status.ToString()),
        IssuedAt: a.IssuedAt,
        IssuedBy: a.IssuedBy,
        SignBy: a.SignBy,
        Expired: a.IsExpired(now),
        DocumentSha256: a.DocumentSha256,
        SupersededById: a.SupersededById,
        Signatures: [.. a.Signatures.OrderBy(s => s.SignedAt).Select(s => new SignatureDto(s.Role.ToString().ToLowerInvariant(), s.SignerEmail, s.SignerName, s.TypedName,
            s.SignedAt, s.DocumentSha256, s.IpAddress, s.UserAgent, s.AuthenticationMethod) { Record = s.RecordSequence, RecordSha256 = s.RecordSha256 })],
        Document: withDocument ? a.Document : null,
        Version: a.Version)
    {
        Jurisdiction = a.Jurisdiction,
        Records = AgreementRecordDto.Chain(a),
        EmployeeNumber = a.Employee?.EmployeeNumber,
    };

    /// <summary>
    /// The person's employee number (the roster's key, what every CSV file calls <c>employee_id</c> and the agreements export
    /// also gives as <c>employee_number</c>); <see cref="EmployeeId"/> here is the person's record id.
    /// </summary>
    public string? EmployeeNumber { get; init; }

    /// <summary>The signed record and its amendments, oldest first (a hash chain).</summary>
    public IReadOnlyList<AgreementRecordDto> Records { get; init; } = [];

    /// <summary>The jurisdiction rule that governed the agreement when it was issued (<c>US-CA</c>), or null.</summary>
    public string? Jurisdiction { get; init; }

    internal static string ToSnake(string name) => string.Concat(name.Select((ch, i) => char.IsUpper(ch) && i > 0 ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}

public sealed record DatesInput(DateOnly? CompletedOn, DateOnly? PaidOn);

/// <summary>/api/v1/agreements: issue, sign, countersign, amend (both sign again), verify, PDF. Outside the caller's scope answers 404.</summary>
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
        }).Produces<AgreementDto>();
        group.MapPost("/", async (IssueInput input, AgreementService s, CallerAccessor c, TimeProvider clock, CancellationToken ct) =>
            await ReplyAsync(s, c.Caller, ct, await s.IssueAsync(c.Caller, input, ct), a => TypedResults.Created($"/api/v1/agreements/{a.Id}", AgreementDto.From(a, clock.GetUtcNow(), true))))
            .Produces<AgreementDto>(StatusCodes.Status201Created);
        group.MapPut("/{id:guid}", async (Guid id, DatesInput input, AgreementService s, CallerAccessor c, TimeProvider clock, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            await ReplyAsync(s, c.Caller, ct, await s.RecordDatesAsync(c.Caller, id, input.CompletedOn, input.PaidOn, ct, ApiResults.IfMatch(request)), a =>
            {
                return ApiResults.Versioned(response, AgreementDto.From(a, clock.GetUtcNow(), false), a.Version);
            })).Produces<AgreementDto>();
        group.MapPost("/{id:guid}/sign", async (Guid id, SignInput input, AgreementService s, CallerAccessor c, HttpContext http, TimeProvider clock, CancellationToken ct) =>
            await ReplyAsync(s, c.Caller, ct, await s.SignAsync(c.Caller, id, input, Context(http), ct), a => TypedResults.Ok(AgreementDto.From(a, clock.GetUtcNow(), false))))
            .Produces<AgreementDto>();
        group.MapPost("/{id:guid}/countersign", async (Guid id, SignInput input, AgreementService s, CallerAccessor c, HttpContext http, TimeProvider clock, CancellationToken ct) =>
            await ReplyAsync(s, c.Caller, ct, await s.CountersignAsync(c.Caller, id, input, Context(http), ct), a => TypedResults.Ok(AgreementDto.From(a, clock.GetUtcNow(), false))))
            .Produces<AgreementDto>();
        group.MapPost("/{id:guid}/amendments", async (Guid id, AmendInput input, AgreementService s, CallerAccessor c, TimeProvider clock, CancellationToken ct) =>
            await ReplyAsync(s, c.Caller, ct, await s.AmendAsync(c.Caller, id, input, ct), a =>
                TypedResults.Created($"/api/v1/agreements/{a.Id}", AgreementDto.From(a, clock.GetUtcNow(), false))))
            .Produces<AgreementDto>(StatusCodes.Status201Created);
        group.MapPost("/{id:guid}/amendments/{sequence:int}/sign", async (Guid id, int sequence, SignInput input, AgreementService s, CallerAccessor c, HttpContext http, TimeProvider clock, CancellationToken ct) =>
            await ReplyAsync(s, c.Caller, ct, await s.SignAmendmentAsync(c.Caller, id, sequence, input, Context(http), ct), a => TypedResults.Ok(AgreementDto.From(a, clock.GetUtcNow(), false))))
            .Produces<AgreementDto>();
        group.MapPost("/{id:guid}/amendments/{sequence:int}/countersign", async (Guid id, int sequence, SignInput input, AgreementService s, CallerAccessor c, HttpContext http, TimeProvider clock, CancellationToken ct) =>
            await ReplyAsync(s, c.Caller, ct, await s.CountersignAmendmentAsync(c.Caller, id, sequence, input, Context(http), ct), a => TypedResults.Ok(AgreementDto.From(a, clock.GetUtcNow(), false))))
            .Produces<AgreementDto>();
        // A clerical correction is approved by a second HR person: the company's signature on it, under its own name.
        group.MapPost("/{id:guid}/amendments/{sequence:int}/approve", async (Guid id, int sequence, SignInput input, AgreementService s, CallerAccessor c, HttpContext http, TimeProvider clock, CancellationToken ct) =>
            await ReplyAsync(s, c.Caller, ct, await s.CountersignAmendmentAsync(c.Caller, id, sequence, input, Context(http), ct), a => TypedResults.Ok(AgreementDto.From(a, clock.GetUtcNow(), false))))
            .Produces<AgreementDto>();
        group.MapGet("/{id:guid}/verify", async (Guid id, AgreementService s, CallerAccessor c, CancellationToken ct) =>
            await s.FindAsync(c.Caller, id, ct) is { } a ? Results.Ok(s.Verify(a)) : Results.NotFound()).Produces<VerifyResult>();
        group.MapGet("/{id:guid}/pdf", async (Guid id, AgreementService s, CallerAccessor c, CancellationToken ct) =>
            await s.FindAsync(c.Caller, id, ct) is { } a
                ? Results.File(AgreementPdf.Render(a, s.Verify(a)), "application/pdf", $"agreement-{a.CertificationCode}-{a.Id}.pdf")
                : Results.NotFound()).ProducesFile("application/pdf");
        return api;
    }

    /// <summary>The answer to a write: the agreement as GET reads it (with the person's name and the policy's code).</summary>
    private static async Task<IResult> ReplyAsync(AgreementService s, Caller caller, CancellationToken ct, Outcome<Agreement> outcome, Func<Agreement, IResult> ok) =>
        OutcomeResults.ToResult(await OutcomeResults.ReadBackAsync(outcome, a => s.FindAsync(caller, a.Id, ct)), ok);

    /// <summary>The evidence of where a signature came from; behind a proxy, configure forwarded headers so RemoteIpAddress is the client's.</summary>
    public static SigningContext Context(HttpContext http) =>
        new(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : "unknown",
            Accounts.SsoSignIn.SignedInAt(http.User));
}
