using CertDesk.Features.Enrollments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertDesk.Features.Credentials;

/// <summary>/api/v1/credentials (+ ce, sharing, badge).</summary>
public static class CredentialsApi
{
    public static RouteGroupBuilder MapCredentialsApi(this RouteGroupBuilder api)
    {
        var credentials = api.MapGroup("/credentials").WithTags("Credentials");
        credentials.MapGet("/", ListCredentials);
        credentials.MapGet("/{id:guid}", GetCredential);
        // An Open Badges 3.0 credential (JSON-LD): its shape is 1EdTech's schema, not a CertDesk record.
        credentials.MapGet("/{id:guid}/badge", Badge).Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/vc+ld+json");
        credentials.MapPost("/{id:guid}/ce", LogCe).DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(EvidenceFiles.UploadLimit),
            new DescribedBodyAttribute(typeof(CeInput), "application/json"), new DescribedBodyAttribute(typeof(CeFormInput), "multipart/form-data"));
        credentials.MapPut("/{id:guid}/sharing", SetSharing);
        credentials.MapPost("/{id:guid}/verify", VerifyResult);
        return api;
    }

    private static async Task<Page<CredentialDto>> ListCredentials(CredentialService service, CallerAccessor caller, Guid? employee_id, int? page, int? page_size, CancellationToken ct)
    {
        var (items, total) = await service.ListAsync(caller.Caller, employee_id, page, page_size, ct);
        return new Page<CredentialDto>(items, total);
    }

    private static async Task<Results<Ok<CredentialDto>, NotFound>> GetCredential(Guid id, CredentialService service, CallerAccessor caller, HttpResponse response, CancellationToken ct) =>
        ApiResults.Found(response, await service.GetAsync(caller.Caller, id, ct), x => x.Version);

    private static async Task<Results<JsonHttpResult<System.Text.Json.Nodes.JsonObject>, NotFound, ProblemHttpResult>> Badge(Guid id, CredentialService service, CallerAccessor caller, PublicLinks links, CancellationToken ct)
    {
        var dto = await service.GetAsync(caller.Caller, id, ct);
        if (dto is null)
        {
            return TypedResults.NotFound();
        }
        if (dto.VerifiedAt is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No shared credential.",
                detail: "the result is not verified yet: a badge is exported once HR has verified it");
        }
        // Ids are built from the configured public address, never from the request's Host (which a client can forge).
        return TypedResults.Json(CredentialService.OpenBadge(VerificationView.OfOwn(dto), links.BaseUrl), contentType: PublicBadges.MediaType);
    }

    /// <summary>After a command on a credential: the credential as it is now, with its version, or the problem.</summary>
    private static async Task<Results<Ok<CredentialDto>, ProblemHttpResult>> CredentialDone(Outcome<Credential> outcome, Guid id, CredentialService service, CallerAccessor caller, HttpResponse response, CancellationToken ct)
    {
        if (!outcome.IsOk)
        {
            return OutcomeResults.Problem(outcome);
        }
        var dto = (await service.GetAsync(caller.Caller, id, ct))!;
        return ApiResults.Versioned(response, dto, dto.Version);
    }

    /// <summary>JSON (on, hours, category, description) or multipart/form-data with an optional evidence file.</summary>
    private static async Task<Results<Ok<CredentialDto>, ProblemHttpResult>> LogCe(
        Guid id, HttpRequest request, CredentialService service, CallerAccessor caller, Microsoft.Extensions.Options.IOptions<FollowOptions> options, HttpResponse response, CancellationToken ct)
    {
        if (await service.WhyNotLogAsync(caller.Caller, id, ct) is { IsOk: false } refused)
        {
            return OutcomeResults.Problem(refused);
        }
        CeInput? input;
        string? fileName = null;
        byte[]? bytes = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            DateOnly? on = DateOnly.TryParseExact(form["on"].ToString(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? d : null;
            decimal? hours = decimal.TryParse(form["hours"].ToString(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var h) ? h : null;
            input = new CeInput(on, hours, form["category"], form["description"]);
            if (form.Files.GetFile("evidence") is { } file)
            {
                (bytes, var error) = await EvidenceFiles.ReadAsync(file, options.Value.MaxEvidenceBytes, ct);
                fileName = file.FileName;
                if (error is not null)
                {
                    errors["evidence"] = [error];
                    return ApiResults.Invalid(errors);
                }
            }
        }
        else
        {
            input = await request.ReadFromJsonAsync<CeInput>(CertDeskJson.Options, ct);
            if (input is null)
            {
                return ApiResults.Invalid("body", "send the activity as JSON or multipart/form-data");
            }
        }
        return await CredentialDone(await service.LogCeAsync(caller.Caller, id, input, fileName, bytes, ct), id, service, caller, response, ct);
    }

    /// <summary>HR verifies a claimed result: <c>{ "evidence": "what was checked" }</c>; not the holder, not a manager.</summary>
    private static async Task<Results<Ok<CredentialDto>, ProblemHttpResult>> VerifyResult(
        Guid id, VerificationInput input, CredentialService service, CallerAccessor caller, HttpRequest request, HttpResponse response, CancellationToken ct) =>
        await CredentialDone(await service.VerifyResultAsync(caller.Caller, id, input, ApiResults.IfMatch(request), ct), id, service, caller, response, ct);

    private static async Task<Results<Ok<CredentialDto>, ProblemHttpResult>> SetSharing(
        Guid id, SharingInput input, CredentialService service, CallerAccessor caller, HttpRequest request, HttpResponse response, CancellationToken ct) =>
        await CredentialDone(await service.SetSharingAsync(caller.Caller, id, input, ApiResults.IfMatch(request), ct), id, service, caller, response, ct);
}
