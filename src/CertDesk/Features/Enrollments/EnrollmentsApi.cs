using Microsoft.AspNetCore.Http.HttpResults;

namespace CertDesk.Features.Enrollments;

/// <summary>/api/v1/enrollments (+ transitions, hours, attempts, expenses), /api/v1/expenses, /api/v1/files.</summary>
public static class EnrollmentsApi
{
    public static RouteGroupBuilder MapEnrollmentsApi(this RouteGroupBuilder api)
    {
        var enrollments = api.MapGroup("/enrollments").WithTags("Enrollments");
        enrollments.MapGet("/", List);
        enrollments.MapGet("/{id:guid}", Get);
        enrollments.MapPost("/", Create);
        enrollments.MapPut("/{id:guid}", Update);
        enrollments.MapPost("/{id:guid}/transitions", Transition);
        enrollments.MapPost("/{id:guid}/hours", LogHours);
        enrollments.MapPost("/{id:guid}/attempts", RecordAttempt);
        enrollments.MapPost("/{id:guid}/expenses", AddExpense).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(EvidenceFiles.UploadLimit), new DescribedBodyAttribute(typeof(ExpenseFormInput), "multipart/form-data"));
        api.MapPost("/expenses/{id:guid}/decision", DecideExpense).WithTags("Enrollments").RequireAuthorization(Policies.OrganizationWide);
        api.MapGet("/files/{id:guid}", Download).ProducesFile("application/pdf", "image/png", "image/jpeg").WithTags("Enrollments");

        return api;
    }

    private static async Task<Page<EnrollmentDto>> List(EnrollmentService service, CallerAccessor caller, Guid? employee_id, string? status, int? page, int? page_size, CancellationToken ct)
    {
        var (items, total) = await service.ListAsync(caller.Caller, employee_id, status, page, page_size, ct);
        return new Page<EnrollmentDto>(items, total);
    }

    private static async Task<Results<Ok<EnrollmentDto>, NotFound>> Get(Guid id, EnrollmentService service, CallerAccessor caller, HttpResponse response, CancellationToken ct) =>
        ApiResults.Found(response, await service.GetAsync(caller.Caller, id, ct), x => x.Version);

    private static async Task<Results<Created<EnrollmentDto>, ProblemHttpResult>> Create(EnrollmentInput input, EnrollmentService service, CallerAccessor caller, CancellationToken ct)
    {
        var outcome = await service.CreateAsync(caller.Caller, input, ct);
        if (outcome.Value is not { } created)
        {
            return OutcomeResults.Problem(outcome);
        }
        return TypedResults.Created($"/api/v1/enrollments/{created.Id}", await service.GetAsync(caller.Caller, created.Id, ct));
    }

    /// <summary>After a command on an enrollment: the enrollment as it is now, with its version, or the problem.</summary>
    private static async Task<Results<Ok<EnrollmentDto>, ProblemHttpResult>> Done<T>(Outcome<T> outcome, Guid id, EnrollmentService service, CallerAccessor caller, HttpResponse response, CancellationToken ct)
    {
        if (!outcome.IsOk)
        {
            return OutcomeResults.Problem(outcome);
        }
        var dto = (await service.GetAsync(caller.Caller, id, ct))!;
        return ApiResults.Versioned(response, dto, dto.Version);
    }

    private static async Task<Results<Ok<EnrollmentDto>, ProblemHttpResult>> Update(
        Guid id, EnrollmentUpdate input, EnrollmentService service, CallerAccessor caller, HttpRequest request, HttpResponse response, CancellationToken ct) =>
        await Done(await service.UpdateAsync(caller.Caller, id, input, ApiResults.IfMatch(request), ct), id, service, caller, response, ct);

    private static async Task<Results<Ok<EnrollmentDto>, ProblemHttpResult>> Transition(
        Guid id, TransitionInput input, EnrollmentService service, CallerAccessor caller, HttpResponse response, CancellationToken ct) =>
        await Done(await service.TransitionAsync(caller.Caller, id, input, ct), id, service, caller, response, ct);

    private static async Task<Results<Ok<EnrollmentDto>, ProblemHttpResult>> LogHours(
        Guid id, StudyInput input, EnrollmentService service, CallerAccessor caller, HttpResponse response, CancellationToken ct) =>
        await Done(await service.LogStudyAsync(caller.Caller, id, input, ct), id, service, caller, response, ct);

    private static async Task<Results<Ok<EnrollmentDto>, ProblemHttpResult>> RecordAttempt(
        Guid id, AttemptInput input, EnrollmentService service, CallerAccessor caller, HttpResponse response, CancellationToken ct) =>
        await Done(await service.RecordAttemptAsync(caller.Caller, id, input, ct), id, service, caller, response, ct);

    /// <summary>multipart/form-data: category, amount, incurred_on, note, receipt (the file).</summary>
    private static async Task<Results<Ok<EnrollmentDto>, ProblemHttpResult>> AddExpense(
        Guid id, HttpRequest request, EnrollmentService service, ExpenseService expenses, CallerAccessor caller, Microsoft.Extensions.Options.IOptions<FollowOptions> options, HttpResponse response, CancellationToken ct)
    {
        if (await expenses.WhyNotSubmitAsync(caller.Caller, id, ct) is { IsOk: false } refused)
        {
            return OutcomeResults.Problem(refused);
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
        return await Done(await expenses.AddExpenseAsync(caller.Caller, id, input, file?.FileName, bytes, ct), id, service, caller, response, ct);
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

    private static async Task<Results<NoContent, ProblemHttpResult>> DecideExpense(Guid id, ExpenseDecision input, ExpenseService expenses, CallerAccessor caller, CancellationToken ct) =>
        await expenses.DecideExpenseAsync(caller.Caller, id, input, ct) is { IsOk: false } refused ? OutcomeResults.Problem(refused) : TypedResults.NoContent();

    private static async Task<Results<FileContentHttpResult, NotFound>> Download(Guid id, EnrollmentService service, CallerAccessor caller, CancellationToken ct) =>
        await service.FileAsync(caller.Caller, id, ct) is { } file ? TypedResults.File(file.Content, file.ContentType, file.FileName) : TypedResults.NotFound();
}
