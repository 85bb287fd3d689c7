using CertDesk.Features.Enrollments;

namespace CertDesk.Features.ActionPlans;

public sealed record ActionItemInput(string? Title, string? Process, Guid? OwnerId, DateOnly? DueOn);

public sealed record EvidenceInput(string? Evidence);

public sealed record RatingInput(int? Rating, string? Comment);

public sealed record SurveyInput(Guid? CertificationId, int? Reaction, int? Learning, int? ConfidenceBefore, int? ConfidenceAfter, string? Comment);

public sealed record ActionItemDto(Guid Id, string Title, string Process, Guid OwnerId, string OwnerName, DateOnly DueOn);

public sealed record CheckInDto(Guid Id, int Day, DateOnly DueOn, string State, string? Evidence, string? EvidenceBy, DateTimeOffset? EvidenceAt, int? Rating, string? RatingComment, string? RatedBy, DateTimeOffset? RatedAt, int Version);

public sealed record ActionPlanDto(Guid Id, Guid EmployeeId, string EmployeeName, Guid CertificationId, string CertificationCode, string CertificationName, Guid? CredentialId, DateOnly StartsOn, IReadOnlyList<ActionItemDto> Items, IReadOnlyList<CheckInDto> CheckIns, int Version);

/// <summary>
/// Action plans after certification: items tied to daily processes, and the 30/60/90-day check-ins. The person
/// records evidence of their own check-ins only; the behaviour rating comes only from the person's manager chain.
/// </summary>
public sealed class ActionPlanService(CertDeskDbContext db, OrganizationScope scope, TimeProvider clock)
{
    public static readonly int[] CheckInDays = [30, 60, 90];

    public static readonly string[] Processes = ["Weekly QA calibration", "Adherence coaching", "Forecast review", "Schedule review", "Side-by-side coaching", "Team huddle", "Other"];

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>A plan starting on the credential's issue date, with its three check-ins.</summary>
    public static ActionPlan NewPlan(Guid employeeId, Guid certificationId, Guid? credentialId, DateOnly startsOn)
    {
        var plan = new ActionPlan { EmployeeId = employeeId, CertificationId = certificationId, CredentialId = credentialId, StartsOn = startsOn };
        foreach (var day in CheckInDays)
        {
            plan.CheckIns.Add(new CheckIn { Day = day, DueOn = startsOn.AddDays(day) });
        }
        return plan;
    }

    public static string StateOf(CheckIn c, DateOnly today) =>
        c.Rating is not null ? "rated" : c.Evidence is not null ? "evidence_recorded" : c.DueOn < today ? "overdue" : "open";

    public async Task<IQueryable<ActionPlan>> VisibleAsync(Caller caller, CancellationToken ct)
    {
        var visible = await scope.VisibleEmployeeIdsAsync(caller, ct);
        var query = db.ActionPlans.AsNoTracking();
        return visible is null ? query : query.Where(p => visible.Contains(p.EmployeeId));
    }

    public async Task<IReadOnlyList<ActionPlanDto>> ListAsync(Caller caller, Guid? employeeId, CancellationToken ct)
    {
        var query = await VisibleAsync(caller, ct);
        if (employeeId is { } who)
        {
            query = query.Where(p => p.EmployeeId == who);
        }
        return await ReadAsync(query, ct);
    }

    /// <summary>One plan the caller may see, or null (read alone: a plan's page read every visible plan before).</summary>
    public async Task<ActionPlanDto?> FindAsync(Caller caller, Guid planId, CancellationToken ct) =>
        (await ReadAsync((await VisibleAsync(caller, ct)).Where(p => p.Id == planId), ct)).SingleOrDefault();

    private async Task<IReadOnlyList<ActionPlanDto>> ReadAsync(IQueryable<ActionPlan> query, CancellationToken ct)
    {
        var plans = await query.Include(p => p.Employee).Include(p => p.Certification).Include(p => p.Items).Include(p => p.CheckIns)
            .OrderByDescending(p => p.StartsOn).AsSplitQuery().ToListAsync(ct);
        var ownerIds = plans.SelectMany(p => p.Items.Select(i => i.OwnerId)).Distinct().ToList();
        var owners = await db.Employees.AsNoTracking().Where(e => ownerIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.FirstName + " " + e.LastName, ct);
        return [.. plans.Select(p => new ActionPlanDto(
            p.Id, p.EmployeeId, p.Employee!.FullName, p.CertificationId, p.Certification!.Code, p.Certification.Name, p.CredentialId, p.StartsOn,
            [.. p.Items.OrderBy(i => i.DueOn).ThenBy(i => i.Title, StringComparer.Ordinal).Select(i => new ActionItemDto(i.Id, i.Title, i.Process, i.OwnerId, owners.GetValueOrDefault(i.OwnerId, ""), i.DueOn))],
            [.. p.CheckIns.OrderBy(c => c.Day).Select(c => ToDto(c, Today))],
            p.Version))];
    }

    public static CheckInDto ToDto(CheckIn c, DateOnly today) =>
        new(c.Id, c.Day, c.DueOn, StateOf(c, today), c.Evidence, c.EvidenceBy, c.EvidenceAt, c.Rating, c.RatingComment, c.RatedBy, c.RatedAt, c.Version);

    private async Task<bool> IsManagerChainAsync(Caller caller, Guid employeeId, CancellationToken ct) =>
        caller.EmployeeId is { } me && me != employeeId && caller.IsIn(Roles.Manager) && await scope.CanSeeAsync(caller, employeeId, ct);

    public async Task<Outcome<ActionItem>> AddItemAsync(Caller caller, Guid planId, ActionItemInput input, CancellationToken ct)
    {
        var plan = await db.ActionPlans.FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null || !await scope.CanSeeAsync(caller, plan.EmployeeId, ct))
        {
            return Outcome<ActionItem>.NotFound();
        }
        if (caller.EmployeeId != plan.EmployeeId && !await IsManagerChainAsync(caller, plan.EmployeeId, ct) && !caller.RunsProgram)
        {
            return Outcome<ActionItem>.Forbidden("plan items are agreed by the person and their manager");
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Length > 200)
        {
            errors["title"] = ["is required (at most 200 characters)"];
        }
        if (string.IsNullOrWhiteSpace(input.Process) || input.Process.Length > 120)
        {
            errors["process"] = ["names the daily process it is tied to (e.g. Weekly QA calibration), at most 120 characters"];
        }
        var owner = input.OwnerId ?? plan.EmployeeId;
        if (!await scope.CanSeeAsync(caller, owner, ct) && owner != plan.EmployeeId)
        {
            errors["owner_id"] = ["is not a person you can see"];
        }
        if (input.DueOn is not { } due || due < plan.StartsOn)
        {
            errors["due_on"] = ["is required and cannot be before the plan starts"];
        }
        if (errors.Count > 0)
        {
            return Outcome<ActionItem>.Invalid(errors);
        }
        var item = new ActionItem { ActionPlanId = plan.Id, Title = input.Title!.Trim(), Process = input.Process!.Trim(), OwnerId = owner, DueOn = input.DueOn!.Value };
        db.ActionItems.Add(item);
        await db.SaveChangesAsync(ct);
        return Outcome<ActionItem>.Ok(item);
    }

    private async Task<(CheckIn? CheckIn, Guid EmployeeId)> FindCheckInAsync(Caller caller, Guid checkInId, CancellationToken ct)
    {
        var checkIn = await db.CheckIns.FirstOrDefaultAsync(c => c.Id == checkInId, ct);
        var employeeId = checkIn is null ? Guid.Empty : await db.ActionPlans.Where(p => p.Id == checkIn.ActionPlanId).Select(p => p.EmployeeId).FirstAsync(ct);
        if (checkIn is null || !await scope.CanSeeAsync(caller, employeeId, ct))
        {
            return (null, employeeId);
        }
        return (checkIn, employeeId);
    }

    public async Task<Outcome<CheckIn>> RecordEvidenceAsync(Caller caller, Guid checkInId, EvidenceInput input, int? ifMatch, CancellationToken ct)
    {
        var (checkIn, employeeId) = await FindCheckInAsync(caller, checkInId, ct);
        if (checkIn is null)
        {
            return Outcome<CheckIn>.NotFound();
        }
        if (caller.EmployeeId != employeeId)
        {
            return Outcome<CheckIn>.Forbidden("a check-in's evidence is recorded by the person themself, not for someone else");
        }
        if (string.IsNullOrWhiteSpace(input.Evidence) || input.Evidence.Length > 2000)
        {
            return Outcome<CheckIn>.Invalid("evidence", "is required: what you did differently, with examples (at most 2000 characters)");
        }
        if (ifMatch is { } v && v != checkIn.Version)
        {
            return Outcome<CheckIn>.StaleAt(checkIn.Version);
        }
        if (checkIn.Rating is not null)
        {
            return Outcome<CheckIn>.Conflict("the check-in was already rated by the manager");
        }
        checkIn.Evidence = input.Evidence.Trim();
        checkIn.EvidenceBy = caller.Email;
        checkIn.EvidenceAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return Outcome<CheckIn>.Ok(checkIn);
    }

    public async Task<Outcome<CheckIn>> RateAsync(Caller caller, Guid checkInId, RatingInput input, int? ifMatch, CancellationToken ct)
    {
        var (checkIn, employeeId) = await FindCheckInAsync(caller, checkInId, ct);
        if (checkIn is null)
        {
            return Outcome<CheckIn>.NotFound();
        }
        if (!await IsManagerChainAsync(caller, employeeId, ct))
        {
            return Outcome<CheckIn>.Forbidden(caller.EmployeeId == employeeId
                ? "nobody rates their own behaviour change: your manager does"
                : "only the person's manager chain rates behaviour change");
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (input.Rating is not (>= 1 and <= 5))
        {
            errors["rating"] = ["must be 1 (no change) to 5 (consistently applied)"];
        }
        if ((input.Comment?.Length ?? 0) > 2000)
        {
            errors["comment"] = ["is at most 2000 characters"];
        }
        if (errors.Count > 0)
        {
            return Outcome<CheckIn>.Invalid(errors);
        }
        if (ifMatch is { } v && v != checkIn.Version)
        {
            return Outcome<CheckIn>.StaleAt(checkIn.Version);
        }
        checkIn.Rating = input.Rating;
        checkIn.RatingComment = input.Comment?.Trim() ?? "";
        checkIn.RatedBy = caller.Email;
        checkIn.RatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return Outcome<CheckIn>.Ok(checkIn);
    }

    public async Task<Outcome<Survey>> SubmitSurveyAsync(Caller caller, SurveyInput input, CancellationToken ct)
    {
        if (caller.EmployeeId is not { } me)
        {
            return Outcome<Survey>.Forbidden("surveys are answered by the certified person");
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, value) in new[] { ("reaction", input.Reaction), ("learning", input.Learning), ("confidence_before", input.ConfidenceBefore), ("confidence_after", input.ConfidenceAfter) })
        {
            if (value is not (>= 1 and <= 5))
            {
                errors[name] = ["must be 1-5"];
            }
        }
        var enrollment = input.CertificationId is { } certId
            ? await db.Enrollments.AsNoTracking().Where(e => e.EmployeeId == me && e.CertificationId == certId).OrderByDescending(e => e.Id).FirstOrDefaultAsync(ct)
            : null;
        if (enrollment is null)
        {
            errors["certification_id"] = ["is not a certification you were enrolled in"];
        }
        if ((input.Comment?.Length ?? 0) > 2000)
        {
            errors["comment"] = ["is at most 2000 characters"];
        }
        if (errors.Count > 0)
        {
            return Outcome<Survey>.Invalid(errors);
        }
        if (await db.Surveys.AnyAsync(s => s.EmployeeId == me && s.CertificationId == enrollment!.CertificationId, ct))
        {
            return Outcome<Survey>.Conflict("you already answered the survey for this certification");
        }
        var survey = new Survey
        {
            EmployeeId = me,
            CertificationId = enrollment!.CertificationId,
            EnrollmentId = enrollment.Id,
            Reaction = input.Reaction!.Value,
            Learning = input.Learning!.Value,
            ConfidenceBefore = input.ConfidenceBefore!.Value,
            ConfidenceAfter = input.ConfidenceAfter!.Value,
            Comment = input.Comment?.Trim() ?? "",
            SubmittedAt = clock.GetUtcNow(),
        };
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(ct);
        return Outcome<Survey>.Ok(survey);
    }
}
