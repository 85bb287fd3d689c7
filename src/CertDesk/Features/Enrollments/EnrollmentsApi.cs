using CertDesk.Features.ActionPlans;
using CertDesk.Features.Credentials;
using CertDesk.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CertDesk.Features.Enrollments;

/// <summary>
/// /api/v1/enrollments (+ transitions, hours, attempts, expenses), /api/v1/expenses, /api/v1/credentials (+ ce,
/// sharing, badge), /api/v1/action-plans (+ items), /api/v1/check-ins, /api/v1/surveys, /api/v1/files.
/// </summary>
public static class EnrollmentsApi
{
    /// <summary>Uploads (receipts, CE evidence): up to 20 MB reach the handler, which refuses more than Follow:MaxEvidenceBytes with a 422 naming the file.</summary>
    public const long UploadLimit = 20L * 1024 * 1024;

    public static RouteGroupBuilder MapFollowThroughApi(this RouteGroupBuilder api)
    {
        var enrollments = api.MapGroup("/enrollments").WithTags("Enrollments");
        enrollments.MapGet("/", List);
        enrollments.MapGet("/{id:guid}", Get);
        enrollments.MapPost("/", Create);
        enrollments.MapPut("/{id:guid}", Update);
        enrollments.MapPost("/{id:guid}/transitions", Transition);
        enrollments.MapPost("/{id:guid}/hours", LogHours);
        enrollments.MapPost("/{id:guid}/attempts", RecordAttempt);
        enrollments.MapPost("/{id:guid}/expenses", AddExpense).DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(UploadLimit));
        api.MapPost("/expenses/{id:guid}/decision", DecideExpense).WithTags("Enrollments").RequireAuthorization(Policies.OrganizationWide);
        api.MapGet("/files/{id:guid}", Download).WithTags("Enrollments");

        var credentials = api.MapGroup("/credentials").WithTags("Credentials");
        credentials.MapGet("/", ListCredentials);
        credentials.MapGet("/{id:guid}", GetCredential);
        credentials.MapGet("/{id:guid}/badge", Badge);
        credentials.MapPost("/{id:guid}/ce", LogCe).DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(UploadLimit));
        credentials.MapPut("/{id:guid}/sharing", SetSharing);

        var plans = api.MapGroup("/action-plans").WithTags("Action plans");
        plans.MapGet("/", ListPlans);
        plans.MapPost("/{id:guid}/items", AddItem);
        api.MapPut("/check-ins/{id:guid}/evidence", RecordEvidence).WithTags("Action plans");
        api.MapPut("/check-ins/{id:guid}/rating", Rate).WithTags("Action plans");
        api.MapPost("/surveys", SubmitSurvey).WithTags("Action plans");
        return api;
    }

    private static int? IfMatch(HttpRequest request)
    {
        var text = request.Headers.IfMatch.ToString().Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }
        return int.TryParse(text.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    private static async Task<Page<EnrollmentDto>> List(EnrollmentService service, CallerAccessor caller, Guid? employee_id, string? status, int? page, int? page_size, CancellationToken ct)
    {
        var (items, total) = await service.ListAsync(caller.Caller, employee_id, status, page, page_size, ct);
        return new Page<EnrollmentDto>(items, total);
    }

    private static async Task<Results<Ok<EnrollmentDto>, NotFound>> Get(Guid id, EnrollmentService service, CallerAccessor caller, HttpResponse response, CancellationToken ct)
    {
        var dto = await service.GetAsync(caller.Caller, id, ct);
        if (dto is null)
        {
            return TypedResults.NotFound();
        }
        response.Headers.ETag = ApiResults.ETag(dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<EnrollmentDto>, ProblemHttpResult>> Create(EnrollmentInput input, EnrollmentService service, CallerAccessor caller, CancellationToken ct)
    {
        var (created, refusal) = await service.CreateAsync(caller.Caller, input, ct);
        if (created is null)
        {
            return refusal!.ToProblem();
        }
        return TypedResults.Created($"/api/v1/enrollments/{created.Id}", await service.GetAsync(caller.Caller, created.Id, ct));
    }

    private static async Task<Results<Ok<EnrollmentDto>, ProblemHttpResult>> Done(Refusal? refusal, Guid id, EnrollmentService service, CallerAccessor caller, HttpResponse response, CancellationToken ct)
    {
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }
        var dto = (await service.GetAsync(caller.Caller, id, ct))!;
        response.Headers.ETag = ApiResults.ETag(dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<EnrollmentDto>, ProblemHttpResult>> Update(
        Guid id, EnrollmentUpdate input, EnrollmentService service, CallerAccessor caller, HttpRequest request, HttpResponse response, CancellationToken ct) =>
        await Done(await service.UpdateAsync(caller.Caller, id, input, IfMatch(request), ct), id, service, caller, response, ct);

    private static async Task<Results<Ok<EnrollmentDto>, ProblemHttpResult>> Transition(
        Guid id, TransitionInput input, EnrollmentService service, CallerAccessor caller, HttpResponse response, CancellationToken ct) =>
        await Done(await service.TransitionAsync(caller.Caller, id, input, ct), id, service, caller, response, ct);

    private static async Task<Results<Ok<EnrollmentDto>, ProblemHttpResult>> LogHours(
        Guid id, StudyInput input, EnrollmentService service, CallerAccessor caller, HttpResponse response, CancellationToken ct) =>
        await Done(await service.LogStudyAsync(caller.Caller, id, input, ct), id, service, caller, response, ct);

    private static async Task<Results<Ok<EnrollmentDto>, ProblemHttpResult>> RecordAttempt(
        Guid id, AttemptInput input, EnrollmentService service, CallerAccessor caller, HttpResponse response, CancellationToken ct) =>
        await Done((await service.RecordAttemptAsync(caller.Caller, id, input, ct)).Refusal, id, service, caller, response, ct);

    /// <summary>multipart/form-data: category, amount, incurred_on, note, receipt (the file).</summary>
    private static async Task<Results<Ok<EnrollmentDto>, ProblemHttpResult>> AddExpense(
        Guid id, HttpRequest request, EnrollmentService service, CallerAccessor caller, Microsoft.Extensions.Options.IOptions<FollowOptions> options, HttpResponse response, CancellationToken ct)
    {
        if (await service.WhyNotSubmitAsync(caller.Caller, id, ct) is { } refused)
        {
            return refused.ToProblem();
        }
        if (!request.HasFormContentType)
        {
            return ApiResults.Invalid("receipt", "send multipart/form-data with category, amount, incurred_on, note and the receipt file");
        }
        var form = await request.ReadFormAsync(ct);
        var (input, errors) = ReadExpense(form);
        var file = form.Files.GetFile("receipt");
        byte[]? bytes = null;
        if (file is not null)
        {
            (bytes, var error) = await EvidenceFiles.ReadAsync(file, options.Value.MaxEvidenceBytes, ct);
            if (error is not null)
            {
                errors["receipt"] = [error];
            }
        }
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        var (_, refusal) = await service.AddExpenseAsync(caller.Caller, id, input, file?.FileName, bytes, ct);
        return await Done(refusal, id, service, caller, response, ct);
    }

    private static (ExpenseInput Input, Dictionary<string, string[]> Errors) ReadExpense(IFormCollection form)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        decimal? amount = null;
        if (form["amount"].ToString() is { Length: > 0 } a)
        {
            if (decimal.TryParse(a, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                amount = parsed;
            }
            else
            {
                errors["amount"] = [$"'{a}' is not a number"];
            }
        }
        DateOnly? on = null;
        if (form["incurred_on"].ToString() is { Length: > 0 } d)
        {
            if (DateOnly.TryParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed))
            {
                on = parsed;
            }
            else
            {
                errors["incurred_on"] = [$"'{d}' is not a date (yyyy-MM-dd)"];
            }
        }
        return (new ExpenseInput(form["category"], amount, on, form["note"], form.TryGetValue("currency", out var currency) ? currency.ToString() : null), errors);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DecideExpense(Guid id, ExpenseDecision input, EnrollmentService service, CallerAccessor caller, CancellationToken ct) =>
        await service.DecideExpenseAsync(caller.Caller, id, input, ct) is { } refusal ? refusal.ToProblem() : TypedResults.NoContent();

    private static async Task<Results<FileContentHttpResult, NotFound>> Download(Guid id, EnrollmentService service, CallerAccessor caller, CancellationToken ct) =>
        await service.FileAsync(caller.Caller, id, ct) is { } file ? TypedResults.File(file.Content, file.ContentType, file.FileName) : TypedResults.NotFound();

    private static async Task<Page<CredentialDto>> ListCredentials(CredentialService service, CallerAccessor caller, Guid? employee_id, int? page, int? page_size, CancellationToken ct)
    {
        var (items, total) = await service.ListAsync(caller.Caller, employee_id, page, page_size, ct);
        return new Page<CredentialDto>(items, total);
    }

    private static async Task<Results<Ok<CredentialDto>, NotFound>> GetCredential(Guid id, CredentialService service, CallerAccessor caller, HttpResponse response, CancellationToken ct)
    {
        var dto = await service.GetAsync(caller.Caller, id, ct);
        if (dto is null)
        {
            return TypedResults.NotFound();
        }
        response.Headers.ETag = ApiResults.ETag(dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<JsonHttpResult<System.Text.Json.Nodes.JsonObject>, NotFound>> Badge(Guid id, CredentialService service, CallerAccessor caller, HttpRequest request, CancellationToken ct)
    {
        var dto = await service.GetAsync(caller.Caller, id, ct);
        return dto is null
            ? TypedResults.NotFound()
            : TypedResults.Json(CredentialService.OpenBadge(dto, $"{request.Scheme}://{request.Host}"), contentType: "application/vc+ld+json");
    }

    private static async Task<Results<Ok<CredentialDto>, ProblemHttpResult>> CredentialDone(Refusal? refusal, Guid id, CredentialService service, CallerAccessor caller, HttpResponse response, CancellationToken ct)
    {
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }
        var dto = (await service.GetAsync(caller.Caller, id, ct))!;
        response.Headers.ETag = ApiResults.ETag(dto.Version);
        return TypedResults.Ok(dto);
    }

    /// <summary>JSON (on, hours, category, description) or multipart/form-data with an optional evidence file.</summary>
    private static async Task<Results<Ok<CredentialDto>, ProblemHttpResult>> LogCe(
        Guid id, HttpRequest request, CredentialService service, CallerAccessor caller, Microsoft.Extensions.Options.IOptions<FollowOptions> options, HttpResponse response, CancellationToken ct)
    {
        if (await service.WhyNotLogAsync(caller.Caller, id, ct) is { } refused)
        {
            return refused.ToProblem();
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

    private static async Task<Results<Ok<CredentialDto>, ProblemHttpResult>> SetSharing(
        Guid id, SharingInput input, CredentialService service, CallerAccessor caller, HttpRequest request, HttpResponse response, CancellationToken ct) =>
        await CredentialDone(await service.SetSharingAsync(caller.Caller, id, input, IfMatch(request), ct), id, service, caller, response, ct);

    private static async Task<Page<ActionPlanDto>> ListPlans(ActionPlanService service, CallerAccessor caller, Guid? employee_id, CancellationToken ct)
    {
        var plans = await service.ListAsync(caller.Caller, employee_id, ct);
        return new Page<ActionPlanDto>(plans, plans.Count);
    }

    private static async Task<Results<Created<ActionItemDto>, ProblemHttpResult>> AddItem(Guid id, ActionItemInput input, ActionPlanService service, CallerAccessor caller, CancellationToken ct)
    {
        var (item, refusal) = await service.AddItemAsync(caller.Caller, id, input, ct);
        return item is null ? refusal!.ToProblem() : TypedResults.Created($"/api/v1/action-plans/{id}", new ActionItemDto(item.Id, item.Title, item.Process, item.OwnerId, "", item.DueOn));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RecordEvidence(Guid id, EvidenceInput input, ActionPlanService service, CallerAccessor caller, HttpRequest request, CancellationToken ct) =>
        await service.RecordEvidenceAsync(caller.Caller, id, input, IfMatch(request), ct) is { } refusal ? refusal.ToProblem() : TypedResults.NoContent();

    private static async Task<Results<NoContent, ProblemHttpResult>> Rate(Guid id, RatingInput input, ActionPlanService service, CallerAccessor caller, HttpRequest request, CancellationToken ct) =>
        await service.RateAsync(caller.Caller, id, input, IfMatch(request), ct) is { } refusal ? refusal.ToProblem() : TypedResults.NoContent();

    private static async Task<Results<NoContent, ProblemHttpResult>> SubmitSurvey(SurveyInput input, ActionPlanService service, CallerAccessor caller, CancellationToken ct) =>
        await service.SubmitSurveyAsync(caller.Caller, input, ct) is { } refusal ? refusal.ToProblem() : TypedResults.NoContent();
}
