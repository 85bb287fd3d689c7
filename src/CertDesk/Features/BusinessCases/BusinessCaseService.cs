using CertDesk.Domain.BusinessCases;
using CertDesk.Features.Catalog;
using CertDesk.Features.Gaps;
using CertDesk.Features.Mail;
using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.BusinessCases;

public sealed record BenefitInput(string? Name, decimal? AnnualValue, decimal? Isolation, decimal? Confidence);

public sealed record BusinessCaseInput(
    Guid? EmployeeId, string? EmployeeNumber, string? CertificationCode, string? CertificationName, int? FiscalYear, string? CostCenter,
    decimal? Fees, decimal? Materials, decimal? Travel, decimal? HoursAway, decimal? Backfill, int? BenefitYears,
    string? Justification, IReadOnlyList<BenefitInput>? Benefits);

/// <summary>A cost center's budget for a fiscal year: what approvals have committed and what remains.</summary>
public sealed record BudgetPosition(int FiscalYear, string CostCenter, decimal? Amount, decimal Committed)
{
    public decimal? Remaining => Amount - Committed;
}

/// <summary>The business-case workflow: HR drafts and submits; an approver approves within the budget or rejects with a comment; an admin sets budgets.</summary>
/// <summary>The approval rules (section <c>BusinessCases</c>): above <see cref="SecondApprovalAbove"/> (total cost, when set) two different approvers approve.</summary>
public sealed class ApprovalOptions
{
    public const string Section = "BusinessCases";

    public decimal? SecondApprovalAbove { get; set; }
}

/// <summary>A new case's figures from the price book (<see cref="BusinessCaseService.PrefillAsync"/>), for the page's form.</summary>
public sealed record BusinessCasePrefill(Employee Employee, Certification Certification, PricedCost Priced);

public sealed class BusinessCaseService(
    CertDeskDbContext db, OrganizationScope scope, TimeProvider clock, Microsoft.Extensions.Options.IOptions<ApprovalOptions> approval,
    PriceBook prices, Microsoft.Extensions.Options.IOptions<GapsOptions> gaps, Outbox outbox, PublicLinks links, UserManager<AppUser> users)
{
    /// <summary>The basis of figures someone typed on the case rather than took from the price book.</summary>
    public const string EnteredSource = "entered";

    /// <summary>A cost basis in the user's words.</summary>
    public static string SourceLabel(string? source) => source switch
    {
        "quote" => "Price book quote",
        "published" => "Published price",
        "estimate" => "Planning estimate",
        _ => "Entered on the case",
    };

    /// <summary>
    /// What a new case for <paramref name="employeeNumber"/> and <paramref name="certificationCode"/> costs by the price
    /// book (the same path a request takes: <see cref="PriceBook.CostOfAsync"/>); field errors when either is unknown.
    /// </summary>
    public async Task<Outcome<BusinessCasePrefill>> PrefillAsync(Caller caller, string? employeeNumber, string? certificationCode, CancellationToken ct)
    {
        if (!CanDraft(caller))
        {
            return Outcome<BusinessCasePrefill>.Forbidden();
        }
        var errors = new FieldErrors();
        var employee = await ResolveEmployeeAsync(new BusinessCaseInput(null, employeeNumber, certificationCode, null, null, null, null, null, null, null, null, null, null, null), errors, ct);
        var cert = await CertificationAsync(certificationCode, ct);
        errors.Check(cert is not null, "certification_code", $"'{certificationCode?.Trim()}' is not a certification of the catalog");
        if (errors.Count > 0)
        {
            return Outcome<BusinessCasePrefill>.Invalid(errors);
        }
        var priced = await prices.CostOfAsync(cert!, employee!.HourlyLoadedCost, gaps.Value.Assumptions, ct);
        return Outcome<BusinessCasePrefill>.Ok(new BusinessCasePrefill(employee, cert!, priced));
    }

    /// <summary>The catalog's certification of a code (a current one before a retired one of the same code).</summary>
    private async Task<Certification?> CertificationAsync(string? code, CancellationToken ct)
    {
        var trimmed = code?.Trim().ToUpperInvariant() ?? "";
        return trimmed.Length == 0 ? null
            : await db.Certifications.AsNoTracking().OrderBy(c => c.RetiredOn != null).ThenBy(c => c.Id).FirstOrDefaultAsync(c => c.Code == trimmed, ct);
    }

    /// <summary>
    /// Fills a case's cost lines from the price book when the input gives none of them (an API client that names only
    /// the person and the certification gets the same figures as the page's pre-fill and a request).
    /// </summary>
    private async Task<BusinessCaseInput> WithPriceBookCostsAsync(BusinessCaseInput input, Employee employee, CancellationToken ct)
    {
        if (input.Fees is not null || input.Materials is not null || input.Travel is not null || input.HoursAway is not null || input.Backfill is not null)
        {
            return input;
        }
        var cert = await CertificationAsync(input.CertificationCode, ct);
        if (cert is null || (await prices.CostOfAsync(cert, employee.HourlyLoadedCost, gaps.Value.Assumptions, ct)).Cost is not { } cost)
        {
            return input;
        }
        return input with
        {
            CertificationName = string.IsNullOrWhiteSpace(input.CertificationName) ? cert.Name : input.CertificationName,
            Fees = cost.Fees,
            Materials = cost.Materials,
            Travel = cost.Travel,
            HoursAway = Math.Round(cost.HoursAway, 2, MidpointRounding.AwayFromZero),
            Backfill = cost.Backfill,
        };
    }

    /// <summary>
    /// Says where a case's cost figures came from: the price book's basis when every line equals what the price book
    /// gives today for this person and certification, else "entered" (someone typed their own figures).
    /// </summary>
    private async Task SetCostBasisAsync(BusinessCase c, decimal hourlyLoadedCost, CancellationToken ct)
    {
        var cert = await CertificationAsync(c.CertificationCode, ct);
        var priced = cert is null ? null : await prices.CostOfAsync(cert, hourlyLoadedCost, gaps.Value.Assumptions, ct);
        if (priced?.Cost is { } cost && cost.Fees == c.Fees && cost.Materials == c.Materials && cost.Travel == c.Travel
            && Math.Round(cost.HoursAway, 2, MidpointRounding.AwayFromZero) == c.HoursAway && cost.Backfill == c.Backfill)
        {
            c.CostSource = priced.Source;
            c.CostBasis = priced.Basis;
        }
        else
        {
            c.CostSource = EnteredSource;
            c.CostBasis = "figures entered on the case";
        }
    }

    public static BusinessCaseFigures Figures(BusinessCase c) => BusinessCaseMath.Compute(
        new CostInputs(c.Fees, c.Materials, c.Travel, c.HoursAway, c.HourlyLoadedCost, c.Backfill),
        c.Benefits.Select(b => new ProjectedBenefit(b.Name, b.AnnualValue, b.Isolation, b.Confidence)),
        c.BenefitYears);

    public static bool CanDraft(Caller caller) => caller.RunsProgram;

    public static bool CanDecide(Caller caller) => caller.DecidesOnMoney;

    public async Task<IQueryable<BusinessCase>> VisibleAsync(Caller caller, CancellationToken ct)
    {
        var visible = await scope.VisibleEmployeeIdsAsync(caller, ct);
        var query = db.BusinessCases.AsNoTracking().Include(c => c.Benefits).Include(c => c.Employee).AsQueryable();
        return visible is null ? query : query.Where(c => visible.Contains(c.EmployeeId));
    }

    public async Task<BusinessCase?> FindAsync(Caller caller, Guid id, CancellationToken ct) =>
        await (await VisibleAsync(caller, ct)).FirstOrDefaultAsync(c => c.Id == id, ct);

    public async Task<Outcome<BusinessCase>> CreateAsync(Caller caller, BusinessCaseInput input, CancellationToken ct)
    {
        if (!CanDraft(caller))
        {
            return Outcome<BusinessCase>.Forbidden();
        }
        var errors = new FieldErrors();
        var employee = await ResolveEmployeeAsync(input, errors, ct);
        if (employee is not null)
        {
            input = await WithPriceBookCostsAsync(input, employee, ct);
        }
        Validate(input, errors);
        if (errors.Count > 0)
        {
            return Outcome<BusinessCase>.Invalid(errors);
        }
        var c = new BusinessCase
        {
            EmployeeId = employee!.Id,
            CertificationCode = "",
            CertificationName = "",
            CostCenter = "",
            HourlyLoadedCost = employee.HourlyLoadedCost,
            CreatedBy = caller.Email,
            CreatedAt = clock.GetUtcNow(),
        };
        Apply(c, input);
        await SetCostBasisAsync(c, c.HourlyLoadedCost, ct);
        db.BusinessCases.Add(c);
        await db.SaveChangesAsync(ct);
        return Outcome<BusinessCase>.Ok(c);
    }

    public async Task<Outcome<BusinessCase>> UpdateAsync(Caller caller, Guid id, BusinessCaseInput input, int? expectedVersion, CancellationToken ct)
    {
        if (!CanDraft(caller))
        {
            return Outcome<BusinessCase>.Forbidden();
        }
        var c = await db.BusinessCases.Include(x => x.Benefits).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return Outcome<BusinessCase>.NotFound();
        }
        if (expectedVersion is { } v && v != c.Version)
        {
            return Outcome<BusinessCase>.Stale(c);
        }
        if (c.Status != BusinessCaseStatus.Draft)
        {
            return Outcome<BusinessCase>.Invalid("status", $"the case is {c.Status.ToString().ToLowerInvariant()}; only a draft can be edited");
        }
        var errors = new FieldErrors();
        Validate(input, errors);
        if (errors.Count > 0)
        {
            return Outcome<BusinessCase>.Invalid(errors);
        }
        db.RemoveRange(c.Benefits);
        c.Benefits.Clear();
        var lines = (c.Fees, c.Materials, c.Travel, c.HoursAway, c.Backfill);
        Apply(c, input);
        // Unchanged cost lines keep their basis: a quote that changed since does not make the case's figures "entered".
        if (lines != (c.Fees, c.Materials, c.Travel, c.HoursAway, c.Backfill))
        {
            await SetCostBasisAsync(c, c.HourlyLoadedCost, ct);
        }
        await db.SaveChangesAsync(ct);
        return Outcome<BusinessCase>.Ok(c);
    }

    public async Task<Outcome<BusinessCase>> SubmitAsync(Caller caller, Guid id, CancellationToken ct)
    {
        if (!CanDraft(caller))
        {
            return Outcome<BusinessCase>.Forbidden();
        }
        var c = await db.BusinessCases.Include(x => x.Benefits).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return Outcome<BusinessCase>.NotFound();
        }
        if (c.Status != BusinessCaseStatus.Draft)
        {
            return Outcome<BusinessCase>.Invalid("status", $"the case is {c.Status.ToString().ToLowerInvariant()}; only a draft can be submitted");
        }
        if (c.TotalCost <= 0)
        {
            return Outcome<BusinessCase>.Invalid("total_cost", "a case with no cost has nothing to approve");
        }
        c.Status = BusinessCaseStatus.Submitted;
        c.SubmittedAt = clock.GetUtcNow();
        // A case returned for changes starts over: the earlier return is in the audit trail.
        c.DecisionComment = null;
        c.DecidedBy = null;
        c.DecidedAt = null;
        c.SubmittedBy = caller.Email;
        await db.SaveChangesAsync(ct);
        return Outcome<BusinessCase>.Ok(c);
    }

    /// <summary>
    /// Why the caller may not decide this case, if so: separation of duties (nobody decides a case they drafted, submitted,
    /// or that concerns themself, nor gives both approvals of a case above the second-approval threshold).
    /// </summary>
    public static string? Conflict(Caller caller, BusinessCase c)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(c);
        if (caller.EmployeeId is { } me && me == c.EmployeeId)
        {
            return "this case is about you: another approver decides it";
        }
        if (string.Equals(c.CreatedBy, caller.Email, StringComparison.OrdinalIgnoreCase) || string.Equals(c.SubmittedBy, caller.Email, StringComparison.OrdinalIgnoreCase))
        {
            return "you drafted or submitted this case: another approver decides it";
        }
        if (string.Equals(c.FirstApprovedBy, caller.Email, StringComparison.OrdinalIgnoreCase))
        {
            return "you gave the first approval: a second, different approver completes it";
        }
        return null;
    }

    /// <summary>
    /// Approves within the remaining budget, or rejects (a comment is required); over budget is refused until an admin
    /// raises it. Above the second-approval threshold the first approval is recorded and the case stays submitted.
    /// Two approvals racing for the last money of a budget: each approval moves the budget's version, so the second to
    /// save loses the optimistic-concurrency race; it is then decided again on what is stored now (the budget the
    /// winner drew down, the case as the winner left it) and gets the plain refusal ("over budget: ...") or succeeds.
    /// </summary>
    public async Task<Outcome<BusinessCase>> DecideAsync(Caller caller, Guid id, bool approve, string? comment, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DecideOnceAsync(caller, id, approve, comment, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // Forget what this attempt loaded and changed (the case, its benefits, the budget); read the winner's state.
                // The approval mails this attempt queued go too: the next attempt queues them again only if it approves.
                foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is BusinessCase or BusinessCaseBenefit or Budget
                    || (e.Entity is OutboxMessage m && e.State == EntityState.Added && m.Key.StartsWith($"case:{id}:approved:", StringComparison.Ordinal))).ToList())
                {
                    entry.State = EntityState.Detached;
                }
            }
        }
    }

    private async Task<Outcome<BusinessCase>> DecideOnceAsync(Caller caller, Guid id, bool approve, string? comment, CancellationToken ct)
    {
        if (!CanDecide(caller))
        {
            return Outcome<BusinessCase>.Forbidden();
        }
        var c = await db.BusinessCases.Include(x => x.Benefits).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return Outcome<BusinessCase>.NotFound();
        }
        if (c.Status != BusinessCaseStatus.Submitted)
        {
            return Outcome<BusinessCase>.Invalid("status", $"the case is {c.Status.ToString().ToLowerInvariant()}; only a submitted case can be decided");
        }
        if (Conflict(caller, c) is { } conflict)
        {
            return Outcome<BusinessCase>.Invalid("approver", conflict);
        }
        comment = comment?.Trim();
        if (!approve && string.IsNullOrEmpty(comment))
        {
            return Outcome<BusinessCase>.Invalid("comment", "a rejection needs a comment explaining why");
        }
        if (comment is { Length: > 2000 })
        {
            return Outcome<BusinessCase>.Invalid("comment", "at most 2000 characters");
        }
        if (approve)
        {
            // The budget row first, then what is committed against it: an approval saved in between moves the row's
            // version, so this one cannot save on the stale sum.
            var row = await db.Budgets.FirstOrDefaultAsync(b => b.FiscalYear == c.FiscalYear && b.CostCenter == c.CostCenter, ct);
            var budget = await PositionAsync(c.FiscalYear, c.CostCenter, ct);
            if (row is null || budget.Amount is null)
            {
                return Outcome<BusinessCase>.Invalid("budget", $"cost center {c.CostCenter} has no budget for fiscal year {c.FiscalYear}; an admin must set one");
            }
            if (c.TotalCost > budget.Remaining)
            {
                return Outcome<BusinessCase>.Invalid("budget", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"over budget: the case costs {c.TotalCost:0.00} but {c.CostCenter} FY{c.FiscalYear} has {budget.Remaining:0.00} remaining; an admin must raise the budget"));
            }
            // The budget row is always written, so its version moves: two approvals drawing on it cannot both save.
            db.Entry(row).Property(b => b.Amount).IsModified = true;
        }
        if (approve && c.FirstApprovedBy is null && approval.Value.SecondApprovalAbove is { } threshold && c.TotalCost > threshold)
        {
            c.FirstApprovedBy = caller.Email;
            c.FirstApprovedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            return Outcome<BusinessCase>.Ok(c);
        }
        c.Status = approve ? BusinessCaseStatus.Approved : BusinessCaseStatus.Rejected;
        c.DecisionComment = string.IsNullOrEmpty(comment) ? null : comment;
        c.DecidedBy = caller.Email;
        c.DecidedAt = clock.GetUtcNow();
        if (approve)
        {
            await NotifyAgreementIssuersAsync(c, ct);
        }
        await db.SaveChangesAsync(ct);
        return Outcome<BusinessCase>.Ok(c);
    }

    /// <summary>
    /// HR's hand-off: an approved case waits for its tuition agreement, so each program manager who can sign in is mailed,
    /// by name, the absolute link that issues it (the same item their home page's queue shows). Queued with the decision.
    /// </summary>
    private async Task NotifyAgreementIssuersAsync(BusinessCase c, CancellationToken ct)
    {
        var person = await db.Employees.AsNoTracking().Where(e => e.Id == c.EmployeeId).Select(e => e.FirstName + " " + e.LastName).FirstOrDefaultAsync(ct) ?? "an employee";
        var now = clock.GetUtcNow();
        foreach (var hr in await users.GetUsersInRoleAsync(Roles.ProgramManager))
        {
            if (hr.Email is null || hr.IsDisabled(now))
            {
                continue;
            }
            var hello = string.IsNullOrWhiteSpace(hr.DisplayName) ? "Hello" : $"Hello {hr.DisplayName}";
            await outbox.QueueAsync($"case:{c.Id}:approved:{hr.Id}", hr.Email, $"Approved: issue the tuition agreement for {person}",
                $"{hello},\n\nThe business case for {person} to take {c.CertificationCode} {c.CertificationName} was approved (fully loaded cost {Labels.Money(c.TotalCost)}, cost center {c.CostCenter}, FY{c.FiscalYear}). " +
                $"Issue the tuition agreement for signature: {links.To($"/Agreements/Issue?businessCaseId={c.Id}")}\n", ct);
        }
    }

    /// <summary>Sends a submitted case back to its drafter as a draft with the approver's comment (required): what to change.</summary>
    public async Task<Outcome<BusinessCase>> ReturnAsync(Caller caller, Guid id, string? comment, CancellationToken ct)
    {
        if (!CanDecide(caller))
        {
            return Outcome<BusinessCase>.Forbidden();
        }
        var c = await db.BusinessCases.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return Outcome<BusinessCase>.NotFound();
        }
        if (c.Status != BusinessCaseStatus.Submitted)
        {
            return Outcome<BusinessCase>.Invalid("status", $"the case is {Labels.Of(c.Status).ToLowerInvariant()}; only a case waiting for a decision can be returned");
        }
        comment = comment?.Trim();
        if (string.IsNullOrEmpty(comment))
        {
            return Outcome<BusinessCase>.Invalid("comment", "returning a case needs a comment saying what to change");
        }
        if (comment.Length > 2000)
        {
            return Outcome<BusinessCase>.Invalid("comment", "at most 2000 characters");
        }
        c.Status = BusinessCaseStatus.Draft;
        c.DecisionComment = comment;
        c.DecidedBy = caller.Email;
        c.DecidedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return Outcome<BusinessCase>.Ok(c);
    }

    public async Task<BudgetPosition> PositionAsync(int fiscalYear, string costCenter, CancellationToken ct)
    {
        var amount = await db.Budgets.AsNoTracking().Where(b => b.FiscalYear == fiscalYear && b.CostCenter == costCenter).Select(b => (decimal?)b.Amount).FirstOrDefaultAsync(ct);
        var committed = (await db.BusinessCases.AsNoTracking()
            .Where(c => c.FiscalYear == fiscalYear && c.CostCenter == costCenter && c.Status == BusinessCaseStatus.Approved)
            .Select(c => c.TotalCost).ToListAsync(ct)).Sum();
        return new BudgetPosition(fiscalYear, costCenter, amount, committed);
    }

    public async Task<IReadOnlyList<BudgetPosition>> BudgetsAsync(CancellationToken ct)
    {
        var budgets = await db.Budgets.AsNoTracking().OrderBy(b => b.FiscalYear).ThenBy(b => b.CostCenter).ToListAsync(ct);
        var approved = await db.BusinessCases.AsNoTracking().Where(c => c.Status == BusinessCaseStatus.Approved)
            .Select(c => new { c.FiscalYear, c.CostCenter, c.TotalCost }).ToListAsync(ct);
        return [.. budgets.Select(b => new BudgetPosition(b.FiscalYear, b.CostCenter, b.Amount,
            approved.Where(a => a.FiscalYear == b.FiscalYear && a.CostCenter == b.CostCenter).Sum(a => a.TotalCost)))];
    }

    /// <summary>Admin only: sets (raises or lowers) a budget; never below what approvals already committed.</summary>
    public async Task<Outcome<BudgetPosition>> SetBudgetAsync(Caller caller, int? fiscalYear, string? costCenter, decimal? amount, CancellationToken ct)
    {
        if (!caller.IsIn(Roles.Admin))
        {
            return Outcome<BudgetPosition>.Forbidden();
        }
        var errors = new FieldErrors();
        errors.Check(fiscalYear is >= 2000 and <= 2100, "fiscal_year", "is required (2000-2100)");
        costCenter = costCenter?.Trim();
        errors.Check(costCenter is { Length: > 0 and <= 64 }, "cost_center", "is required (at most 64 characters)");
        errors.Check(amount is >= 0 and <= 1_000_000_000m, "amount", "is required (0 or more)");
        if (errors.Count > 0)
        {
            return Outcome<BudgetPosition>.Invalid(errors);
        }
        var position = await PositionAsync(fiscalYear!.Value, costCenter!, ct);
        if (amount < position.Committed)
        {
            return Outcome<BudgetPosition>.Invalid("amount", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"approved cases already commit {position.Committed:0.00}; the budget cannot be lower"));
        }
        var budget = await db.Budgets.FirstOrDefaultAsync(b => b.FiscalYear == fiscalYear && b.CostCenter == costCenter, ct);
        if (budget is null)
        {
            budget = new Budget { FiscalYear = fiscalYear.Value, CostCenter = costCenter! };
            db.Budgets.Add(budget);
        }
        budget.Amount = Math.Round(amount!.Value, 2, MidpointRounding.AwayFromZero);
        await db.SaveChangesAsync(ct);
        return Outcome<BudgetPosition>.Ok(position with { Amount = budget.Amount });
    }

    private async Task<Employee?> ResolveEmployeeAsync(BusinessCaseInput input, FieldErrors errors, CancellationToken ct)
    {
        Employee? employee = null;
        if (input.EmployeeId is { } id)
        {
            employee = await db.Employees.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        }
        else if (!string.IsNullOrWhiteSpace(input.EmployeeNumber))
        {
            var number = input.EmployeeNumber.Trim();
            employee = await db.Employees.AsNoTracking().FirstOrDefaultAsync(e => e.EmployeeNumber == number, ct);
        }
        if (employee is null)
        {
            errors.Add("employee_id", "is required and must name a known employee");
        }
        else if (employee.Status != EmploymentStatus.Active)
        {
            errors.Add("employee_id", $"{employee.FullName} is separated");
        }
        return employee;
    }

    private static void Validate(BusinessCaseInput input, FieldErrors errors)
    {
        errors.Check(input.CertificationCode?.Trim() is { Length: > 0 and <= 32 }, "certification_code", "is required (at most 32 characters, e.g. CCCM)");
        errors.Check(input.CertificationName?.Trim() is { Length: > 0 and <= 200 }, "certification_name", "is required (at most 200 characters)");
        errors.Check(input.FiscalYear is >= 2000 and <= 2100, "fiscal_year", "is required (2000-2100)");
        errors.Check(input.CostCenter?.Trim() is { Length: > 0 and <= 64 }, "cost_center", "is required (at most 64 characters)");
        Money(input.Fees, "fees");
        Money(input.Materials, "materials");
        Money(input.Travel, "travel");
        Money(input.Backfill, "backfill");
        errors.Check(input.HoursAway is null or (>= 0 and <= 2000), "hours_away", "must be between 0 and 2000 hours");
        errors.Check(input.BenefitYears is null or (>= 1 and <= 5), "benefit_years", "must be between 1 and 5");
        errors.Check((input.Justification ?? "").Length <= 4000, "justification", "at most 4000 characters");
        var benefits = input.Benefits ?? [];
        errors.Check(benefits.Count <= 20, "benefits", "at most 20 benefits");
        for (var i = 0; i < benefits.Count; i++)
        {
            var b = benefits[i];
            errors.Check(b.Name?.Trim() is { Length: > 0 and <= 200 }, $"benefits[{i}].name", "is required (at most 200 characters)");
            errors.Check(b.AnnualValue is >= 0 and <= 100_000_000m, $"benefits[{i}].annual_value", "is required (0 or more)");
            errors.Check(b.Isolation is null or (> 0 and <= 1), $"benefits[{i}].isolation", "must be a fraction above 0 and at most 1 (0.6 means 60 %)");
            errors.Check(b.Confidence is null or (> 0 and <= 1), $"benefits[{i}].confidence", "must be a fraction above 0 and at most 1 (0.8 means 80 %)");
        }

        void Money(decimal? value, string field) => errors.Check(value is null or (>= 0 and <= 10_000_000m), field, "must be an amount of 0 or more");
    }

    private void Apply(BusinessCase c, BusinessCaseInput input)
    {
        c.CertificationCode = input.CertificationCode!.Trim().ToUpperInvariant();
        c.CertificationName = input.CertificationName!.Trim();
        c.FiscalYear = input.FiscalYear!.Value;
        c.CostCenter = input.CostCenter!.Trim();
        c.Fees = input.Fees ?? 0;
        c.Materials = input.Materials ?? 0;
        c.Travel = input.Travel ?? 0;
        c.HoursAway = input.HoursAway ?? 0;
        c.Backfill = input.Backfill ?? 0;
        c.BenefitYears = input.BenefitYears ?? 1;
        c.Justification = input.Justification?.Trim() ?? "";
        foreach (var b in input.Benefits ?? [])
        {
            var benefit = new BusinessCaseBenefit { BusinessCaseId = c.Id, Name = b.Name!.Trim(), AnnualValue = b.AnnualValue!.Value, Isolation = b.Isolation ?? 1m, Confidence = b.Confidence ?? 1m };
            c.Benefits.Add(benefit);
            db.Add(benefit);
        }
        c.TotalCost = Figures(c).TotalCost;
    }
}
