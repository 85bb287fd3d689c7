namespace CertDesk.Features.Enrollments;

/// <summary>One enrollment: its stages, study log, attempts and expenses, and the forms that move it on.</summary>
public sealed class DetailsModel(EnrollmentService service, ExpenseService expenses, IOptions<FollowOptions> options, VersionedCache versioned) : PageModel
{
    public EnrollmentDto Enrollment { get; private set; } = null!;
    public DateOnly Today => service.Today;
    public bool RunsProgram { get; private set; }
    public bool ApprovesExpenses { get; private set; }
    public string? Error { get; private set; }
    [TempData] public string? Message { get; set; }

    /// <param name="fresh">After a refused change: read anew, since the refusal may come from another person's save that
    /// landed after this request read the data version (a clash), and the page must show what is there now.</param>
    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken ct, bool fresh = false)
    {
        var caller = Caller.From(User);
        RunsProgram = caller.RunsProgram;
        ApprovesExpenses = ExpenseService.ApprovesExpenses(caller);
        // Read in several queries (its steps, expenses, evidence, the agreement's completion rules): kept for the data version and viewer.
        var dto = fresh
            ? await service.GetAsync(caller, id, ct)
            : await versioned.GetOrCreateAsync(("enrollment", VersionedCache.Viewer(caller), id), () => service.GetAsync(caller, id, ct), ct);
        if (dto is null)
        {
            return NotFound();
        }
        Enrollment = dto;
        return Page();
    }

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => ShowAsync(id, ct);

    private async Task<IActionResult> AfterAsync<T>(Guid id, Outcome<T> outcome, string done, CancellationToken ct)
    {
        if (outcome.IsOk)
        {
            Message = done;
            return RedirectToPage(new { id });
        }
        if (outcome.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }
        Error = outcome.Message;
        Response.StatusCode = outcome.Kind == OutcomeKind.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status422UnprocessableEntity;
        return await ShowAsync(id, ct, fresh: true);
    }

    public async Task<IActionResult> OnPostMoveAsync(Guid id, string? to, DateOnly? examDate, string? note, CancellationToken ct) =>
        await AfterAsync(id, await service.TransitionAsync(Caller.From(User), id, new TransitionInput(to, note, examDate), ct), $"Moved to {to?.Replace('_', ' ')}.", ct);

    public async Task<IActionResult> OnPostHoursAsync(Guid id, DateOnly? on, decimal? hours, string? note, CancellationToken ct) =>
        await AfterAsync(id, await service.LogStudyAsync(Caller.From(User), id, new StudyInput(on, hours, note), ct), "Study hours logged.", ct);

    public async Task<IActionResult> OnPostAttemptAsync(Guid id, DateOnly? takenOn, decimal? score, CancellationToken ct)
    {
        var attempt = await service.RecordAttemptAsync(Caller.From(User), id, new AttemptInput(takenOn, score), ct);
        return await AfterAsync(id, attempt, attempt.Value?.Passed == true ? "Passed: the credential and its action plan are ready." : "Attempt recorded.", ct);
    }

    public async Task<IActionResult> OnPostExpenseAsync(Guid id, string? category, decimal? amount, DateOnly? incurredOn, string? note, IFormFile? receipt, CancellationToken ct)
    {
        byte[]? bytes = null;
        if (receipt is not null)
        {
            (bytes, var error) = await EvidenceFiles.ReadAsync(receipt, options.Value.MaxEvidenceBytes, ct);
            if (error is not null)
            {
                return await AfterAsync(id, Outcome<ExpenseLine>.Invalid("receipt", error), "", ct);
            }
        }
        var expense = await expenses.AddExpenseAsync(Caller.From(User), id, new ExpenseInput(category, amount, incurredOn, note), receipt?.FileName, bytes, ct);
        return await AfterAsync(id, expense, "Expense submitted for HR approval.", ct);
    }

    public async Task<IActionResult> OnPostDecideAsync(Guid id, Guid expenseId, string? decision, string? overrideReason, CancellationToken ct)
    {
        if (!ExpenseService.ApprovesExpenses(Caller.From(User)))
        {
            return Forbid(); // expenses are approved by HR or finance
        }
        return await AfterAsync(id, await expenses.DecideExpenseAsync(Caller.From(User), expenseId, new ExpenseDecision(decision, overrideReason), ct), $"Expense {decision}d.", ct);
    }
}
