using Microsoft.AspNetCore.Http.HttpResults;

namespace CertDesk.Features.Catalog;

/// <summary>When a certification is retired (default today).</summary>
public sealed record RetireInput(DateOnly? RetiredOn);

/// <summary>/api/v1/certifications and /api/v1/issuers.</summary>
public static class CatalogApi
{
    public static RouteGroupBuilder MapCatalogApi(this RouteGroupBuilder api)
    {
        var certs = api.MapGroup("/certifications").WithTags("Catalog");
        certs.MapGet("/", ListCertifications);
        certs.MapGet("/{id:guid}", GetCertification);
        certs.MapPost("/", CreateCertification).RequireAuthorization(Policies.RunsProgram);
        certs.MapPut("/{id:guid}", UpdateCertification).RequireAuthorization(Policies.RunsProgram);
        // Retired: no new certification requests from that day (default today); reinstate offers it again.
        certs.MapPost("/{id:guid}/retire", async (Guid id, RetireInput? input, CatalogService catalog, TimeProvider clock, CancellationToken ct) =>
            await CertificationAsync(catalog, await catalog.SetRetiredAsync(id, input?.RetiredOn ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct), ct))
            .Produces<CertificationDto>().RequireAuthorization(Policies.RunsProgram);
        certs.MapPost("/{id:guid}/reinstate", async (Guid id, CatalogService catalog, CancellationToken ct) =>
            await CertificationAsync(catalog, await catalog.SetRetiredAsync(id, null, ct), ct)).Produces<CertificationDto>().RequireAuthorization(Policies.RunsProgram);

        var issuers = api.MapGroup("/issuers").WithTags("Catalog");
        issuers.MapGet("/", ListIssuers);
        issuers.MapGet("/{id:guid}", GetIssuer);
        issuers.MapPost("/", CreateIssuer).RequireAuthorization(Policies.RunsProgram);
        issuers.MapPut("/{id:guid}", UpdateIssuer).Produces<IssuerDto>().RequireAuthorization(Policies.RunsProgram);

        var quotes = api.MapGroup("/price-quotes").WithTags("Catalog").RequireAuthorization(Policies.RunsProgram);
        quotes.MapGet("/", ListQuotes);
        quotes.MapGet("/{id:guid}", GetQuote);
        quotes.MapPost("/", CreateQuote).Produces<PriceQuoteDto>(StatusCodes.Status201Created);
        quotes.MapPut("/{id:guid}", UpdateQuote).Produces<PriceQuoteDto>();
        return api;
    }

    private static async Task<IResult> CertificationAsync(CatalogService catalog, Outcome<Certification> outcome, CancellationToken ct)
    {
        if (!outcome.IsOk)
        {
            return OutcomeResults.Problem(outcome);
        }
        var saved = await catalog.Query().FirstAsync(c => c.Id == outcome.Value!.Id, ct);
        return TypedResults.Ok(CatalogService.ToDto(saved));
    }

    private static async Task<Page<CertificationDto>> ListCertifications(CatalogService catalog, int? page, int? page_size, CancellationToken ct)
    {
        var all = (await catalog.Query().ToListAsync(ct)).Select(CatalogService.ToDto).ToList();
        return ApiResults.PageOf(all, page, page_size);
    }

    private static async Task<Results<Ok<CertificationDto>, NotFound>> GetCertification(Guid id, CatalogService catalog, HttpResponse response, CancellationToken ct)
    {
        var cert = await catalog.Query().FirstOrDefaultAsync(c => c.Id == id, ct);
        return cert is null ? TypedResults.NotFound() : ApiResults.Versioned(response, CatalogService.ToDto(cert), cert.Version);
    }

    private static async Task<Results<Created<CertificationDto>, ProblemHttpResult>> CreateCertification(CertificationInput input, CatalogService catalog, CancellationToken ct)
    {
        var outcome = await catalog.CreateCheckedAsync(input, ct);
        if (outcome.Value is not { } cert)
        {
            return OutcomeResults.Problem(outcome);
        }
        var saved = await catalog.Query().FirstAsync(c => c.Id == cert.Id, ct);
        return TypedResults.Created($"/api/v1/certifications/{cert.Id}", CatalogService.ToDto(saved));
    }

    private static async Task<Page<IssuerDto>> ListIssuers(CertDeskDbContext db, int? page, int? page_size, CancellationToken ct) =>
        await ApiResults.PageAsync(db.Issuers.AsNoTracking().OrderBy(i => i.Code)
            .Select(i => new IssuerDto(i.Id, i.Code, i.Name, i.Website, i.Source, i.Version)), page, page_size, ct);

    private static async Task<Results<Ok<IssuerDto>, NotFound>> GetIssuer(Guid id, CertDeskDbContext db, HttpResponse response, CancellationToken ct)
    {
        var issuer = await db.Issuers.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        return issuer is null ? TypedResults.NotFound() : ApiResults.Versioned(response, IssuerService.ToDto(issuer), issuer.Version);
    }

    private static async Task<Results<Created<IssuerDto>, ProblemHttpResult>> CreateIssuer(IssuerInput input, IssuerService issuers, CancellationToken ct)
    {
        var outcome = await issuers.CreateIssuerAsync(input, ct);
        return outcome.Value is not { } issuer ? OutcomeResults.Problem(outcome) : TypedResults.Created($"/api/v1/issuers/{issuer.Id}", IssuerService.ToDto(issuer));
    }

    /// <summary>Replaces the issuer (every field, as in POST); a stale If-Match is 412 with the current version.</summary>
    private static async Task<IResult> UpdateIssuer(Guid id, IssuerInput input, IssuerService issuers, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var outcome = await issuers.UpdateIssuerAsync(id, input, ApiResults.IfMatch(request), ct);
        return OutcomeResults.ToResult(outcome, i => ApiResults.Versioned(response, IssuerService.ToDto(i), i.Version));
    }

    private static async Task<Results<Ok<CertificationDto>, NotFound, ProblemHttpResult>> UpdateCertification(
        Guid id, CertificationInput input, CatalogService catalog, CertDeskDbContext db, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var cert = await catalog.FindForUpdateAsync(id, ct);
        if (cert is null)
        {
            return TypedResults.NotFound();
        }
        if (ApiResults.IsStale(request, cert.Version))
        {
            return ApiResults.Conflict(cert.Version);
        }
        var lookups = await catalog.LookupsAsync(ct);
        var errors = CatalogService.Validate(input, lookups);
        if (errors.Count == 0 && await catalog.ExistsAsync(input.Code!.Trim(), CatalogService.IssuerIdOf(input, lookups), id, ct))
        {
            errors["code"] = [CatalogService.Duplicate(input)];
        }
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        if (CatalogService.Apply(cert, input, lookups))
        {
            db.Entry(cert).Property(c => c.Name).IsModified = true;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return ApiResults.Conflict(await db.Certifications.AsNoTracking().Where(c => c.Id == id).Select(c => c.Version).FirstAsync(ct));
            }
        }
        var saved = await catalog.Query().FirstAsync(c => c.Id == id, ct);
        return ApiResults.Versioned(response, CatalogService.ToDto(saved), saved.Version);
    }

    private static async Task<Page<PriceQuoteDto>> ListQuotes(PriceBook prices, string? certification_code, int? page, int? page_size, CancellationToken ct)
    {
        var query = prices.Query();
        if (!string.IsNullOrWhiteSpace(certification_code))
        {
            query = query.Where(q => q.Certification!.Code == certification_code);
        }
        var all = await query.ToListAsync(ct);
        return ApiResults.PageOf([.. all.Select(prices.ToDto)], page, page_size);
    }

    private static async Task<Results<Ok<PriceQuoteDto>, NotFound>> GetQuote(Guid id, PriceBook prices, HttpResponse response, CancellationToken ct)
    {
        var quote = await prices.Query().FirstOrDefaultAsync(q => q.Id == id, ct);
        return quote is null ? TypedResults.NotFound() : ApiResults.Versioned(response, prices.ToDto(quote), quote.Version);
    }

    private static async Task<IResult> CreateQuote(PriceQuoteInput input, PriceBook prices, CallerAccessor caller, HttpResponse response, CancellationToken ct)
    {
        var outcome = await prices.CreateAsync(caller.Caller.Email, input, ct);
        return OutcomeResults.ToResult(outcome, q =>
        {
            response.Headers.ETag = ApiResults.ETag(q.Version);
            return TypedResults.Created($"/api/v1/price-quotes/{q.Id}", prices.ToDto(q));
        });
    }

    /// <summary>Replaces the quote (every field, as in POST); a stale If-Match is 412 with the current version.</summary>
    private static async Task<IResult> UpdateQuote(Guid id, PriceQuoteInput input, PriceBook prices, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var outcome = await prices.UpdateAsync(id, input, ApiResults.IfMatch(request), ct);
        return OutcomeResults.ToResult(outcome, q => ApiResults.Versioned(response, prices.ToDto(q), q.Version));
    }
}
