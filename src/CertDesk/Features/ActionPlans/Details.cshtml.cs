using CertDesk.Features.Enrollments;

namespace CertDesk.Features.ActionPlans;

/// <summary>One action plan: items, the 30/60/90-day check-ins (evidence by the person, rating by the manager chain), the survey.</summary>
public sealed class DetailsModel(ActionPlanService service, OrganizationScope scope, CertDeskDbContext db) : PageModel
{
    public ActionPlanDto Plan { get; private set; } = null!;
    public bool IsPerson { get; private set; }
    public bool IsManagerChain { get; private set; }
    public bool CanAddItems => IsPerson || IsManagerChain;
    public bool SurveyDone { get; private set; }
    public string? Error { get; private set; }
    [TempData] public string? Message { get; set; }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var plan = await service.FindAsync(caller, id, ct);
        if (plan is null)
        {
            return NotFound();
        }
        Plan = plan;
        IsPerson = caller.EmployeeId == plan.EmployeeId;
        IsManagerChain = !IsPerson && caller.IsIn(Roles.Manager) && await scope.CanSeeAsync(caller, plan.EmployeeId, ct);
        SurveyDone = await db.Surveys.AnyAsync(s => s.EmployeeId == plan.EmployeeId && s.CertificationId == plan.CertificationId, ct);
        return Page();
    }

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => ShowAsync(id, ct);

    private Task<IActionResult> AfterAsync<T>(Guid id, Outcome<T> outcome, string done, CancellationToken ct) =>
        this.RedirectOrShowAsync(outcome, new { id }, () => Message = done, reason => Error = reason, () => ShowAsync(id, ct));

    public async Task<IActionResult> OnPostItemAsync(Guid id, string? title, string? process, DateOnly? dueOn, CancellationToken ct) =>
        await AfterAsync(id, await service.AddItemAsync(Caller.From(User), id, new ActionItemInput(title, process, null, dueOn), ct), "Item added.", ct);

    /// <summary>The plan's person and whether the caller is them or above them; null when the plan is not visible.</summary>
    private async Task<(bool IsPerson, bool IsManagerChain)?> RelationAsync(Guid id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var person = await db.ActionPlans.AsNoTracking().Where(p => p.Id == id).Select(p => (Guid?)p.EmployeeId).FirstOrDefaultAsync(ct);
        if (person is null || !await scope.CanSeeAsync(caller, person.Value, ct))
        {
            return null;
        }
        var isPerson = caller.EmployeeId == person;
        return (isPerson, !isPerson && caller.IsIn(Roles.Manager));
    }

    public async Task<IActionResult> OnPostEvidenceAsync(Guid id, Guid checkInId, string? evidence, CancellationToken ct)
    {
        var relation = await RelationAsync(id, ct);
        if (relation is null)
        {
            return NotFound();
        }
        if (!relation.Value.IsPerson)
        {
            return Forbid(); // evidence is recorded by the person, never for someone else
        }
        return await AfterAsync(id, await service.RecordEvidenceAsync(Caller.From(User), checkInId, new EvidenceInput(evidence), null, ct), "Evidence recorded.", ct);
    }

    public async Task<IActionResult> OnPostRateAsync(Guid id, Guid checkInId, int? rating, string? comment, CancellationToken ct)
    {
        var relation = await RelationAsync(id, ct);
        if (relation is null)
        {
            return NotFound();
        }
        if (!relation.Value.IsManagerChain)
        {
            return Forbid(); // only the person's manager chain rates
        }
        return await AfterAsync(id, await service.RateAsync(Caller.From(User), checkInId, new RatingInput(rating, comment), null, ct), "Check-in completed.", ct);
    }

    public async Task<IActionResult> OnPostSurveyAsync(Guid id, int? reaction, int? learning, int? confidenceBefore, int? confidenceAfter, string? comment, CancellationToken ct)
    {
        if (await RelationAsync(id, ct) is not { IsPerson: true })
        {
            return Forbid(); // the survey is the certified person's own
        }
        var plan = await db.ActionPlans.AsNoTracking().Where(p => p.Id == id).Select(p => (Guid?)p.CertificationId).FirstOrDefaultAsync(ct);
        return await AfterAsync(id, await service.SubmitSurveyAsync(Caller.From(User), new SurveyInput(plan, reaction, learning, confidenceBefore, confidenceAfter, comment), ct), "Thank you.", ct);
    }
}
