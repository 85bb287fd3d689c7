using CertDesk.Domain.Gaps;
using CertDesk.Features.Agreements;
using CertDesk.Features.BusinessCases;
using CertDesk.Features.Catalog;
using CertDesk.Features.Gaps;
using CertDesk.Features.Mail;
using CertDesk.Features.TuitionPolicies;
using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Requests;

/// <summary>A request as the page and the API give it: who (default: the caller), which certification (id or code), from where and why.</summary>
public sealed record RequestInput(
    Guid? EmployeeId, string? EmployeeNumber, Guid? CertificationId, string? CertificationCode, string? Source = null,
    string? Justification = null, string? CostCenter = null);

/// <summary>
/// What a request would be, checked before anything is written: the policy version, the fully loaded cost (price book
/// rule), the year's allowance and every reason the policy refuses it, in words. <see cref="Reasons"/> empty = allowed.
/// </summary>
public sealed record RequestCheck(
    Employee Employee, Certification Certification, TuitionPolicy? Policy, CostBreakdown? Cost, string CostBasis, int Year,
    decimal? Allowance, decimal Committed, decimal Funded, string CostCenter, IReadOnlyList<string> Reasons, IReadOnlyList<string> Facts)
{
    public bool Allowed => Reasons.Count == 0;

    public decimal? AllowanceLeft => Allowance - Committed;
}

/// <summary>Who acts next on a request.</summary>
public enum RequestStage
{
    Manager,
    BudgetHolder,
    Requester,
    Done,
}

/// <summary>
/// Certification requests: an employee (or their manager for them) asks; the active published tuition policy is checked
/// and explained; the request opens a business case pre-filled with the fully loaded cost, decided first by the manager
/// (status Requested) and then by the budget holder through <see cref="BusinessCaseService.DecideAsync"/> (status
/// Submitted, budget and race rules there). Each hand-off mails the next person an absolute link. The requester may
/// withdraw; approvers return for changes or reject with a reason.
/// </summary>
public sealed class RequestService(
    CertDeskDbContext db, OrganizationScope scope, BusinessCaseService cases, PriceBook prices, IOptions<GapsOptions> gaps,
    Outbox outbox, PublicLinks links, UserManager<AppUser> users, TimeProvider clock)
{
    public static readonly string[] Sources = ["catalog", "gaps"];

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public static RequestStage StageOf(BusinessCaseStatus status) => status switch
    {
        BusinessCaseStatus.Requested => RequestStage.Manager,
        BusinessCaseStatus.Submitted => RequestStage.BudgetHolder,
        BusinessCaseStatus.Draft => RequestStage.Requester,
        _ => RequestStage.Done,
    };

    /// <summary>The request's state as the API spells it: requested, submitted, returned, approved, rejected or withdrawn.</summary>
    public static string StatusCode(BusinessCaseStatus status) => status == BusinessCaseStatus.Draft ? "returned" : status.ToString().ToLowerInvariant();

    public static bool IsOpen(BusinessCaseStatus status) => status is BusinessCaseStatus.Requested or BusinessCaseStatus.Submitted or BusinessCaseStatus.Draft;

    public async Task<IQueryable<CertificationRequest>> VisibleAsync(Caller caller, CancellationToken ct)
    {
        var visible = await scope.VisibleEmployeeIdsAsync(caller, ct);
        var query = db.CertificationRequests.AsNoTracking()
            .Include(r => r.BusinessCase).ThenInclude(c => c!.Benefits).Include(r => r.Employee).Include(r => r.Certification).Include(r => r.Policy)
            .AsQueryable();
        return visible is null ? query : query.Where(r => visible.Contains(r.EmployeeId));
    }

    public async Task<CertificationRequest?> FindAsync(Caller caller, Guid id, CancellationToken ct) =>
        await (await VisibleAsync(caller, ct)).AsSplitQuery().FirstOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>The policy requests are checked against: the latest published version of the most recently published policy.</summary>
    public Task<TuitionPolicy?> ActivePolicyAsync(CancellationToken ct) => PolicyService.ActiveAsync(db, ct);

    /// <summary>May the caller ask for this employee: themselves, or a manager for someone in their part of the org chart.</summary>
    private async Task<bool> MayRequestForAsync(Caller caller, Guid employeeId, CancellationToken ct) =>
        caller.EmployeeId == employeeId || (caller.IsIn(Roles.Manager) && await scope.CanSeeAsync(caller, employeeId, ct));

    /// <summary>Checks a request without writing anything (the page shows it before the employee confirms; the API's /requests/check).</summary>
    public async Task<Outcome<RequestCheck>> CheckAsync(Caller caller, RequestInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        Employee? employee = null;
        if (input.EmployeeId is { } eid)
        {
            employee = await db.Employees.AsNoTracking().Include(e => e.Team).FirstOrDefaultAsync(e => e.Id == eid, ct);
        }
        else if (!string.IsNullOrWhiteSpace(input.EmployeeNumber))
        {
            var number = input.EmployeeNumber.Trim();
            employee = await db.Employees.AsNoTracking().Include(e => e.Team).FirstOrDefaultAsync(e => e.EmployeeNumber == number, ct);
        }
        else if (caller.EmployeeId is { } self)
        {
            employee = await db.Employees.AsNoTracking().Include(e => e.Team).FirstOrDefaultAsync(e => e.Id == self, ct);
        }
        if (employee is null)
        {
            return caller.EmployeeId is null && input.EmployeeId is null && string.IsNullOrWhiteSpace(input.EmployeeNumber)
                ? Outcome<RequestCheck>.Invalid("employee_id", "is required: your account has no employee record, so name the person the request is for")
                : Outcome<RequestCheck>.Invalid("employee_id", "must name a known employee");
        }
        if (!await scope.CanSeeAsync(caller, employee.Id, ct))
        {
            return Outcome<RequestCheck>.Invalid("employee_id", "must name a known employee");
        }
        if (!await MayRequestForAsync(caller, employee.Id, ct))
        {
            return Outcome<RequestCheck>.Forbidden("only the employee, or their manager on their behalf, may request a certification");
        }
        Certification? cert = null;
        if (input.CertificationId is { } cid)
        {
            cert = await db.Certifications.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cid, ct);
        }
        else if (!string.IsNullOrWhiteSpace(input.CertificationCode))
        {
            var code = input.CertificationCode.Trim().ToUpperInvariant();
            cert = await db.Certifications.AsNoTracking().OrderBy(c => c.RetiredOn != null).ThenBy(c => c.Id).FirstOrDefaultAsync(c => c.Code == code, ct);
        }
        errors.Check(cert is not null, "certification", "is required and must name a certification of the catalog");
        errors.Check(input.Source is null || Sources.Contains(input.Source), "source", "must be 'catalog' or 'gaps'");
        errors.Check((input.Justification ?? "").Length <= 4000, "justification", "at most 4000 characters");
        errors.Check(input.CostCenter is null || input.CostCenter.Trim().Length <= 64, "cost_center", "at most 64 characters");
        if (errors.Count > 0)
        {
            return Outcome<RequestCheck>.Invalid(errors);
        }
        return Outcome<RequestCheck>.Ok(await EvaluateAsync(employee, cert!, input.CostCenter, null, ct));
    }

    /// <summary>The policy's verdict on one employee and certification today, each refusal in words.</summary>
    private async Task<RequestCheck> EvaluateAsync(Employee employee, Certification cert, string? costCenter, Guid? exceptCase, CancellationToken ct)
    {
        var today = Today;
        var year = today.Year;
        var reasons = new List<string>();
        var facts = new List<string>();
        var name = employee.FullName;
        if (cert.RetiredOn is { } retired && retired <= today)
        {
            reasons.Add($"{cert.Code} was retired from the catalog on {Day(retired)} and can no longer be requested.");
        }
        var policy = await ActivePolicyAsync(ct);
        var priced = await prices.CostOfAsync(cert, employee.HourlyLoadedCost, gaps.Value.Assumptions, ct);
        var cost = priced.Cost;
        var funded = cost is null ? 0m : cost.Fees + cost.Materials + cost.Travel;
        if (cost is null)
        {
            reasons.Add($"The catalog has no tuition price for {cert.Code} and no planning estimate is set: HR can add a price quote, then ask again.");
        }
        decimal committed = 0;
        if (policy is null)
        {
            reasons.Add("No tuition policy is published yet, so nothing can be funded: HR publishes one under Tuition policies.");
        }
        else
        {
            var label = $"{policy.Name} ({policy.Code} v{policy.VersionNumber})";
            // The policy's own eligibility (the same rules and words as issuing an agreement); the application window
            // below is the request's alone: an approved request is not refused its agreement when the window closes.
            var served = PolicyService.ServedMonths(employee, today);
            reasons.AddRange(PolicyService.Ineligibility(policy, employee, today));
            if (policy.ApplicationsOpenOn is { } opens && today < opens || policy.ApplicationsCloseOn is { } closes && today > closes)
            {
                var window = (policy.ApplicationsOpenOn, policy.ApplicationsCloseOn) switch
                {
                    ({ } o, { } c) => $"from {Day(o)} to {Day(c)}",
                    ({ } o, null) => $"from {Day(o)}",
                    (null, { } c) => $"until {Day(c)}",
                    _ => "",
                };
                reasons.Add($"{label} accepts requests {window}; today is {Day(today)}.");
            }
            committed = await CommittedAsync(employee.Id, year, exceptCase, ct);
            if (cost is not null && committed + funded > policy.AnnualCap)
            {
                var left = Math.Max(0, policy.AnnualCap - committed);
                reasons.Add($"{label} funds up to {Labels.Money(policy.AnnualCap)} per person in {year}: {Labels.Money(committed)} is already committed to {name} (agreements and open requests), so {Labels.Money(left)} is left, and {cert.Code}'s tuition, exam, materials and travel come to {Labels.Money(funded)}.");
            }
            facts.Add($"Checked against {label}.");
            facts.Add($"{name}: {Months(served)} of service, role {(employee.JobRole.Length == 0 ? "not recorded" : employee.JobRole)}.");
            facts.Add($"{year} allowance {Labels.Money(policy.AnnualCap)}; committed {Labels.Money(committed)}; this request {Labels.Money(funded)}.");
        }
        var open = await db.CertificationRequests.AsNoTracking()
            .Where(r => r.EmployeeId == employee.Id && r.CertificationId == cert.Id && r.BusinessCaseId != exceptCase)
            .Select(r => r.BusinessCase!.Status).ToListAsync(ct);
        if (open.Any(IsOpen))
        {
            reasons.Add($"{name} already has an open request for {cert.Code}: withdraw it or wait for its decision.");
        }
        return new RequestCheck(employee, cert, policy, cost, priced.Basis, year, policy?.AnnualCap, committed, funded,
            await CostCenterAsync(employee, costCenter, year, ct), reasons, facts);
    }

    /// <summary>
    /// What the employee's allowance already carries in a calendar year: agreements funded that year (as issuing counts
    /// them) and business cases still open or approved without an agreement (their tuition, exam, materials and travel).
    /// </summary>
    private async Task<decimal> CommittedAsync(Guid employeeId, int year, Guid? exceptCase, CancellationToken ct)
    {
        var agreements = (await db.Agreements.AsNoTracking()
            .Where(a => a.EmployeeId == employeeId && a.Status != AgreementStatus.Superseded)
            .Select(a => new { a.FundedAmount, a.PaidOn, a.IssuedAt }).ToListAsync(ct))
            .Where(a => (a.PaidOn?.Year ?? a.IssuedAt.Year) == year).Sum(a => a.FundedAmount);
        var funded = db.Agreements.Where(a => a.BusinessCaseId != null).Select(a => a.BusinessCaseId!.Value);
        var requested = db.CertificationRequests.Select(r => r.BusinessCaseId);
        var open = (await db.BusinessCases.AsNoTracking()
            .Where(c => c.EmployeeId == employeeId && c.FiscalYear == year && c.Id != exceptCase && !funded.Contains(c.Id)
                && (c.Status == BusinessCaseStatus.Requested || c.Status == BusinessCaseStatus.Submitted || c.Status == BusinessCaseStatus.Approved
                    || (c.Status == BusinessCaseStatus.Draft && requested.Contains(c.Id))))
            .Select(c => new { c.Fees, c.Materials, c.Travel }).ToListAsync(ct)).Sum(c => c.Fees + c.Materials + c.Travel);
        return agreements + open;
    }

    /// <summary>The cost center charged: the one asked for, else a budget of the year named after the team, else the year's only budget, else the team's code.</summary>
    private async Task<string> CostCenterAsync(Employee employee, string? asked, int year, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(asked))
        {
            return asked.Trim();
        }
        var budgets = await db.Budgets.AsNoTracking().Where(b => b.FiscalYear == year).Select(b => b.CostCenter).ToListAsync(ct);
        if (employee.Team is { } team && budgets.FirstOrDefault(b => b == team.Code || b == team.Name) is { } named)
        {
            return named;
        }
        return budgets.Count == 1 ? budgets[0] : employee.Team?.Code ?? "General";
    }

    /// <summary>Makes the request: refused with every reason when the policy does not allow it; otherwise opens the business case and mails the next person.</summary>
    public async Task<Outcome<CertificationRequest>> CreateAsync(Caller caller, RequestInput input, CancellationToken ct)
    {
        var checkedOutcome = await CheckAsync(caller, input, ct);
        if (!checkedOutcome.IsOk)
        {
            return checkedOutcome.As<CertificationRequest>();
        }
        var check = checkedOutcome.Value!;
        if (!check.Allowed)
        {
            return Outcome<CertificationRequest>.Invalid(new Dictionary<string, string[]> { ["eligibility"] = [.. check.Reasons] });
        }
        var employee = check.Employee;
        var now = clock.GetUtcNow();
        // A manager asking for their report has decided already: the request goes straight to the budget holder, as it
        // does for someone with no manager on record.
        var byManager = caller.EmployeeId != employee.Id;
        var managerId = byManager ? null : employee.ManagerId;
        var cost = check.Cost!;
        var bc = new BusinessCase
        {
            EmployeeId = employee.Id,
            CertificationCode = check.Certification.Code,
            CertificationName = check.Certification.Name,
            FiscalYear = check.Year,
            CostCenter = check.CostCenter,
            Fees = cost.Fees,
            Materials = cost.Materials,
            Travel = cost.Travel,
            HoursAway = cost.HoursAway,
            HourlyLoadedCost = employee.HourlyLoadedCost,
            Backfill = cost.Backfill,
            CostSource = PriceBook.SourceCode(cost.Source),
            CostBasis = check.CostBasis,
            Justification = input.Justification?.Trim() ?? "",
            Status = managerId is null ? BusinessCaseStatus.Submitted : BusinessCaseStatus.Requested,
            SubmittedAt = managerId is null ? now : null,
            SubmittedBy = managerId is null ? caller.Email : null,
            CreatedBy = caller.Email,
            CreatedAt = now,
        };
        bc.TotalCost = BusinessCaseService.Figures(bc).TotalCost;
        var request = new CertificationRequest
        {
            BusinessCaseId = bc.Id,
            EmployeeId = employee.Id,
            CertificationId = check.Certification.Id,
            PolicyId = check.Policy!.Id,
            Source = input.Source ?? "catalog",
            ManagerId = managerId,
            RequestedBy = caller.Email,
            RequestedAt = now,
            Eligibility = string.Join(" ", check.Facts),
            ManagerDecidedBy = byManager ? caller.Email : null,
            ManagerDecidedAt = byManager ? now : null,
        };
        db.BusinessCases.Add(bc);
        db.CertificationRequests.Add(request);
        if (managerId is { } manager)
        {
            await NotifyManagerAsync(request, bc, employee, manager, ct);
        }
        else
        {
            await NotifyBudgetHoldersAsync(request, bc, employee, ct);
        }
        await db.SaveChangesAsync(ct);
        request.BusinessCase = bc;
        request.Employee = employee;
        request.Certification = check.Certification;
        request.Policy = check.Policy;
        return Outcome<CertificationRequest>.Ok(request);
    }

    /// <summary>Approve, return or reject at the request's stage: the manager's while it waits for them, the budget holder's after.</summary>
    public async Task<Outcome<CertificationRequest>> DecideAsync(Caller caller, Guid id, RequestDecision decision, string? comment, CancellationToken ct)
    {
        var found = await FindAsync(caller, id, ct);
        if (found is null)
        {
            return Outcome<CertificationRequest>.NotFound();
        }
        return found.BusinessCase!.Status == BusinessCaseStatus.Submitted
            ? await BudgetHolderDecideAsync(caller, id, decision, comment, ct)
            : await ManagerDecideAsync(caller, id, decision, comment, ct);
    }

    /// <summary>The manager's decision: approve (on to the budget holder), return for changes or reject (a comment is required for both).</summary>
    public async Task<Outcome<CertificationRequest>> ManagerDecideAsync(Caller caller, Guid id, RequestDecision decision, string? comment, CancellationToken ct)
    {
        var request = await LoadAsync(caller, id, ct);
        if (request is null)
        {
            return Outcome<CertificationRequest>.NotFound();
        }
        var bc = request.BusinessCase!;
        if (!IsManagerOf(caller, request))
        {
            return Outcome<CertificationRequest>.Forbidden("only the employee's manager decides first on their request");
        }
        if (bc.Status != BusinessCaseStatus.Requested)
        {
            return Outcome<CertificationRequest>.Conflict($"the request is {Labels.Of(StatusCode(bc.Status)).ToLowerInvariant()}; only a request waiting for the manager can be decided by the manager");
        }
        comment = comment?.Trim();
        if (decision != RequestDecision.Approve && string.IsNullOrEmpty(comment))
        {
            return Outcome<CertificationRequest>.Invalid("comment", decision == RequestDecision.Return
                ? "returning a request needs a comment saying what to change"
                : "a rejection needs a comment explaining why");
        }
        if (comment is { Length: > 2000 })
        {
            return Outcome<CertificationRequest>.Invalid("comment", "at most 2000 characters");
        }
        var now = clock.GetUtcNow();
        request.ManagerDecidedBy = caller.Email;
        request.ManagerDecidedAt = now;
        request.ManagerComment = string.IsNullOrEmpty(comment) ? null : comment;
        var employee = request.Employee!;
        switch (decision)
        {
            case RequestDecision.Approve:
                bc.Status = BusinessCaseStatus.Submitted;
                bc.SubmittedAt = now;
                bc.SubmittedBy = caller.Email;
                await NotifyBudgetHoldersAsync(request, bc, employee, ct);
                break;
            case RequestDecision.Return:
                bc.Status = BusinessCaseStatus.Draft;
                bc.DecisionComment = comment;
                bc.DecidedBy = caller.Email;
                bc.DecidedAt = now;
                await NotifyRequesterAsync(request, bc, "returned for changes", comment, ct);
                break;
            default:
                bc.Status = BusinessCaseStatus.Rejected;
                bc.DecisionComment = comment;
                bc.DecidedBy = caller.Email;
                bc.DecidedAt = now;
                await NotifyRequesterAsync(request, bc, "rejected", comment, ct);
                break;
        }
        await db.SaveChangesAsync(ct);
        return Outcome<CertificationRequest>.Ok(request);
    }

    /// <summary>The budget holder's decision, through the business case's own rules (budget, race, comments); then the requester is told.</summary>
    public async Task<Outcome<CertificationRequest>> BudgetHolderDecideAsync(Caller caller, Guid id, RequestDecision decision, string? comment, CancellationToken ct)
    {
        var found = await FindAsync(caller, id, ct);
        if (found is null)
        {
            return Outcome<CertificationRequest>.NotFound();
        }
        var outcome = decision switch
        {
            RequestDecision.Approve => await cases.DecideAsync(caller, found.BusinessCaseId, approve: true, comment, ct),
            RequestDecision.Reject => await cases.DecideAsync(caller, found.BusinessCaseId, approve: false, comment, ct),
            _ => await cases.ReturnAsync(caller, found.BusinessCaseId, comment, ct),
        };
        if (!outcome.IsOk)
        {
            return outcome.As<CertificationRequest>();
        }
        var request = (await LoadAsync(caller, id, ct))!;
        var bc = request.BusinessCase!;
        if (bc.Status == BusinessCaseStatus.Submitted)
        {
            return Outcome<CertificationRequest>.Ok(request); // a first approval above the second-approval threshold: another approver completes it
        }
        await NotifyRequesterAsync(request, bc, bc.Status switch
        {
            BusinessCaseStatus.Approved => "approved",
            BusinessCaseStatus.Rejected => "rejected",
            _ => "returned for changes",
        }, bc.DecisionComment, ct);
        await db.SaveChangesAsync(ct);
        return Outcome<CertificationRequest>.Ok(request);
    }

    /// <summary>The requester (or the employee) withdraws a request that is not decided yet.</summary>
    public async Task<Outcome<CertificationRequest>> WithdrawAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var own = await RequesterAsync(caller, id, IsOpen, "withdraw a request", "an open request can be withdrawn", ct);
        if (!own.IsOk)
        {
            return own;
        }
        var request = own.Value!;
        var bc = request.BusinessCase!;
        bc.Status = BusinessCaseStatus.Withdrawn;
        request.WithdrawnBy = caller.Email;
        request.WithdrawnAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return Outcome<CertificationRequest>.Ok(request);
    }

    /// <summary>Sends a returned request again (with a new justification if given): to the manager, or straight to the budget holder when the manager asked.</summary>
    public async Task<Outcome<CertificationRequest>> ResubmitAsync(Caller caller, Guid id, string? justification, CancellationToken ct)
    {
        var own = await RequesterAsync(caller, id, status => status == BusinessCaseStatus.Draft, "send a request again", "a request returned for changes can be sent again", ct);
        if (!own.IsOk)
        {
            return own;
        }
        var request = own.Value!;
        var bc = request.BusinessCase!;
        if (justification is { Length: > 4000 })
        {
            return Outcome<CertificationRequest>.Invalid("justification", "at most 4000 characters");
        }
        var now = clock.GetUtcNow();
        if (!string.IsNullOrWhiteSpace(justification))
        {
            bc.Justification = justification.Trim();
        }
        bc.DecisionComment = null;
        bc.DecidedBy = null;
        bc.DecidedAt = null;
        if (request.ManagerId is { } manager)
        {
            bc.Status = BusinessCaseStatus.Requested;
            bc.SubmittedAt = null;
            bc.SubmittedBy = null;
            request.ManagerDecidedBy = null;
            request.ManagerDecidedAt = null;
            request.ManagerComment = null;
            await NotifyManagerAsync(request, bc, request.Employee!, manager, ct);
        }
        else
        {
            bc.Status = BusinessCaseStatus.Submitted;
            bc.SubmittedAt = now;
            bc.SubmittedBy = caller.Email;
            await NotifyBudgetHoldersAsync(request, bc, request.Employee!, ct);
        }
        await db.SaveChangesAsync(ct);
        return Outcome<CertificationRequest>.Ok(request);
    }

    /// <summary>The manager who decides first: the one named on the request, or a manager above them (the request is in their part of the org chart).</summary>
    public static bool IsManagerOf(Caller caller, CertificationRequest request) =>
        caller.EmployeeId is { } self && self != request.EmployeeId && request.ManagerId is { } manager && (manager == self || caller.IsIn(Roles.Manager));

    public static bool IsRequester(Caller caller, CertificationRequest request) =>
        string.Equals(caller.Email, request.RequestedBy, StringComparison.OrdinalIgnoreCase) || caller.EmployeeId == request.EmployeeId;

    /// <summary>
    /// The request for a step only its requester takes (withdraw, send again): not found when the caller may not see it,
    /// forbidden to anyone but the person who asked or the employee, a conflict when its case is not in a state
    /// <paramref name="allowed"/> takes. <paramref name="step"/> and <paramref name="onlyWhen"/> finish the reasons.
    /// </summary>
    private async Task<Outcome<CertificationRequest>> RequesterAsync(
        Caller caller, Guid id, Func<BusinessCaseStatus, bool> allowed, string step, string onlyWhen, CancellationToken ct)
    {
        var request = await LoadAsync(caller, id, ct);
        if (request is null)
        {
            return Outcome<CertificationRequest>.NotFound();
        }
        if (!IsRequester(caller, request))
        {
            return Outcome<CertificationRequest>.Forbidden($"only the person who asked, or the employee, may {step}");
        }
        var status = request.BusinessCase!.Status;
        return allowed(status)
            ? Outcome<CertificationRequest>.Ok(request)
            : Outcome<CertificationRequest>.Conflict($"the request is {Labels.Of(StatusCode(status)).ToLowerInvariant()}; only {onlyWhen}");
    }

    private async Task<CertificationRequest?> LoadAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var request = await db.CertificationRequests.Include(r => r.BusinessCase).Include(r => r.Employee).Include(r => r.Certification).Include(r => r.Policy)
            .FirstOrDefaultAsync(r => r.Id == id, ct);
        return request is null || !await scope.CanSeeAsync(caller, request.EmployeeId, ct) ? null : request;
    }

    private async Task NotifyManagerAsync(CertificationRequest request, BusinessCase bc, Employee employee, Guid managerId, CancellationToken ct)
    {
        var manager = await db.Employees.AsNoTracking().FirstOrDefaultAsync(e => e.Id == managerId, ct);
        if (manager is null)
        {
            return;
        }
        await outbox.QueueAsync($"request:{request.Id}:manager:{bc.Version}:{clock.GetUtcNow().ToUnixTimeSeconds()}", manager.Email,
            $"{employee.FullName} asks to take {bc.CertificationCode}",
            $"Hello {manager.FirstName},\n\n{employee.FullName} asks for {bc.CertificationCode} {bc.CertificationName} (fully loaded cost {Labels.Money(bc.TotalCost)}). You decide first: approve it on to the budget holder, return it for changes or reject it: {links.To($"/Requests/Details/{request.Id}")}\n", ct);
    }

    private async Task NotifyBudgetHoldersAsync(CertificationRequest request, BusinessCase bc, Employee employee, CancellationToken ct)
    {
        foreach (var holder in await users.GetUsersInRoleAsync(Roles.Approver))
        {
            if (holder.Email is null || holder.EmployeeId == employee.Id)
            {
                continue;
            }
            await outbox.QueueAsync($"request:{request.Id}:budget:{holder.Id}:{clock.GetUtcNow().ToUnixTimeSeconds()}", holder.Email,
                $"Decide: {employee.FullName}, {bc.CertificationCode} ({Labels.Money(bc.TotalCost)})",
                $"{(string.IsNullOrWhiteSpace(holder.DisplayName) ? "Hello" : "Hello " + holder.DisplayName)},\n\n{employee.FullName}'s request for {bc.CertificationCode} {bc.CertificationName} is waiting for the budget holder: fully loaded cost {Labels.Money(bc.TotalCost)}, cost center {bc.CostCenter}, FY{bc.FiscalYear}. Approve, return or reject it: {links.To($"/Requests/Details/{request.Id}")}\n", ct);
        }
    }

    private async Task NotifyRequesterAsync(CertificationRequest request, BusinessCase bc, string what, string? comment, CancellationToken ct)
    {
        var employee = request.Employee ?? await db.Employees.AsNoTracking().FirstAsync(e => e.Id == request.EmployeeId, ct);
        var to = new[] { employee.Email, request.RequestedBy }.Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var address in to)
        {
            await outbox.QueueAsync($"request:{request.Id}:{what}:{address}:{clock.GetUtcNow().ToUnixTimeSeconds()}", address,
                $"Your request for {bc.CertificationCode} was {what}",
                $"The request for {employee.FullName} to take {bc.CertificationCode} {bc.CertificationName} was {what}{(string.IsNullOrEmpty(comment) ? "" : ": " + comment)}. {links.To($"/Requests/Details/{request.Id}")}\n", ct);
        }
    }

    private static string Day(DateOnly day) => PolicyService.Day(day);

    private static string Months(int months) => PolicyService.Months(months);
}

public enum RequestDecision
{
    Approve,
    Return,
    Reject,
}
