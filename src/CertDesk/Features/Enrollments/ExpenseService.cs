namespace CertDesk.Features.Enrollments;

/// <summary>
/// An enrollment's expenses: the person submits one with its receipt; HR (who runs the program) or finance decide it,
/// within what the person's tuition agreement funds (<see cref="IExpenseFunding"/>). Every command checks who may do
/// it and writes nothing when refused.
/// </summary>
public sealed class ExpenseService(
    CertDeskDbContext db, OrganizationScope scope, EnrollmentService enrollments, IExpenseFunding expenseFunding, IOptions<FollowOptions> options, TimeProvider clock)
{
    public static readonly string[] ExpenseCategories = ["tuition", "materials", "travel", "other"];

    /// <summary>HR (who runs the program) or finance (an approver) approve expenses and agreement payments.</summary>
    public static bool ApprovesExpenses(Caller caller) => caller.RunsProgram || caller.IsIn(Roles.Approver);

    /// <summary>Ok when the caller may submit expenses for the enrollment (checked before the upload is read).</summary>
    public async Task<Outcome<Enrollment>> WhyNotSubmitAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var found = await enrollments.FindAsync(caller, id, ct);
        if (found.Value is not { } enrollment)
        {
            return found;
        }
        return caller.EmployeeId != enrollment.EmployeeId && !caller.RunsProgram ? Outcome<Enrollment>.Forbidden("expenses are submitted by the person themself") : found;
    }

    public async Task<Outcome<ExpenseLine>> AddExpenseAsync(Caller caller, Guid id, ExpenseInput input, string? fileName, byte[]? content, CancellationToken ct)
    {
        var found = await enrollments.FindAsync(caller, id, ct);
        if (found.Value is not { } enrollment)
        {
            return found.As<ExpenseLine>();
        }
        if (caller.EmployeeId != enrollment.EmployeeId && !caller.RunsProgram)
        {
            return Outcome<ExpenseLine>.Forbidden("expenses are submitted by the person themself");
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var category = (input.Category ?? "").Trim().ToLowerInvariant();
        if (!ExpenseCategories.Contains(category))
        {
            errors["category"] = [$"must be one of {string.Join(", ", ExpenseCategories)} (exam fees come from the exam attempts)"];
        }
        if (input.Amount is not (> 0 and <= 100_000) || decimal.Round(input.Amount.Value, 2) != input.Amount.Value)
        {
            errors["amount"] = ["must be more than 0 and at most 100000, in cents"];
        }
        if (input.IncurredOn is not { } incurred || incurred > enrollments.Today)
        {
            errors["incurred_on"] = ["is required and cannot be in the future"];
        }
        if (input.Currency is { } currency && !string.Equals(currency.Trim(), "USD", StringComparison.OrdinalIgnoreCase))
        {
            errors["currency"] = [$"'{currency}' is not the agreement's currency: tuition agreements and payments are in USD"];
        }
        string? contentType = null;
        if (content is null || fileName is null)
        {
            errors["receipt"] = ["a receipt file (PDF, PNG or JPEG) is required"];
        }
        else
        {
            (contentType, var fileError) = EvidenceFiles.Inspect(fileName, content, options.Value.MaxEvidenceBytes);
            if (fileError is not null)
            {
                errors["receipt"] = [fileError];
            }
        }
        if (errors.Count > 0)
        {
            return Outcome<ExpenseLine>.Invalid(errors);
        }
        var expense = new ExpenseLine
        {
            EnrollmentId = id,
            Category = category,
            Amount = input.Amount!.Value,
            IncurredOn = input.IncurredOn!.Value,
            Note = (input.Note ?? "").Trim(),
            SubmittedBy = caller.Email,
            Receipt = enrollments.NewFile(caller, enrollment.EmployeeId, fileName!, contentType!, content!),
        };
        db.ExpenseLines.Add(expense);
        await db.SaveChangesAsync(ct);
        return Outcome<ExpenseLine>.Ok(expense);
    }

    public async Task<Outcome<ExpenseLine>> DecideExpenseAsync(Caller caller, Guid expenseId, ExpenseDecision input, CancellationToken ct)
    {
        var expense = await db.ExpenseLines.FirstOrDefaultAsync(x => x.Id == expenseId, ct);
        var enrollment = expense is null ? null : await db.Enrollments.AsNoTracking().FirstAsync(e => e.Id == expense.EnrollmentId, ct);
        if (expense is null || !await scope.CanSeeAsync(caller, enrollment!.EmployeeId, ct))
        {
            return Outcome<ExpenseLine>.NotFound();
        }
        if (!ApprovesExpenses(caller))
        {
            return Outcome<ExpenseLine>.Forbidden("expenses are approved by HR (the program manager) or finance (an approver)");
        }
        var decision = (input.Decision ?? "").Trim().ToLowerInvariant();
        if (decision is not ("approve" or "reject"))
        {
            return Outcome<ExpenseLine>.Invalid("decision", "must be approve or reject");
        }
        var overrideReason = input.OverrideReason?.Trim() is { Length: > 0 } r ? r : null;
        if (overrideReason is { Length: > 500 })
        {
            return Outcome<ExpenseLine>.Invalid("override_reason", "at most 500 characters");
        }
        if (caller.EmployeeId == enrollment!.EmployeeId)
        {
            return Outcome<ExpenseLine>.Forbidden("nobody approves their own expenses");
        }
        if (expense.State != ExpenseState.Submitted)
        {
            return Outcome<ExpenseLine>.Conflict($"the expense is already {expense.State.ToString().ToLowerInvariant()}");
        }
        if (decision == "approve")
        {
            var funding = await expenseFunding.CheckAsync(enrollment.EmployeeId, enrollment.CertificationId, expense, ct);
            if (funding.Problems.Count > 0 && overrideReason is null)
            {
                return Outcome<ExpenseLine>.Invalid("amount", $"{string.Join("; ", funding.Problems)}. To pay it anyway, approve with an override reason.");
            }
            expense.AgreementId = funding.AgreementId;
            expense.OverrideReason = funding.Problems.Count > 0 ? $"{overrideReason} (past: {string.Join("; ", funding.Problems)})" : null;
        }
        expense.State = decision == "approve" ? ExpenseState.Approved : ExpenseState.Rejected;
        expense.DecidedBy = caller.Email;
        expense.DecidedAt = clock.GetUtcNow();
        if (expense.State == ExpenseState.Approved)
        {
            await expenseFunding.ApprovedAsync(expense, ct);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<ExpenseLine>.Conflict("another payment under the same agreement was approved at the same moment; reload and decide again against the new total");
        }
        return Outcome<ExpenseLine>.Ok(expense);
    }
}
