namespace CertDesk.Features.Scheduling;

/// <summary>The scheduler: pick attendees, a length and a window; see the best slots on a chart; book one.</summary>
[SolverRoute]
[Authorize(Policy = Policies.ManagesPeople)]
public sealed class PlanModel(SessionService sessions, SessionPlanning planning, OrganizationScope scope, TimeProvider clock) : PageModel
{
    public sealed record Person(Guid Id, string Number, string Name, string Role, string? Team);

    /// <summary>Set when moving a booked session: booking then updates it (same invite UID, SEQUENCE + 1).</summary>
    [BindProperty(SupportsGet = true)] public Guid? SessionId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Title { get; set; }
    [BindProperty(SupportsGet = true)] public string Kind { get; set; } = "class";
    [BindProperty(SupportsGet = true)] public List<Guid> Attendees { get; set; } = [];
    [BindProperty(SupportsGet = true)] public string? Others { get; set; }
    [BindProperty(SupportsGet = true)] public int LengthMinutes { get; set; } = 60;
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public int Step { get; set; } = 30;
    [BindProperty(SupportsGet = true)] public string? Location { get; set; }
    [BindProperty(SupportsGet = true)] public string? OnlineUrl { get; set; }
    [BindProperty(SupportsGet = true)] public string? PreferredDate { get; set; }
    [BindProperty(SupportsGet = true)] public string? PreferredStart { get; set; }
    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? Start { get; set; }

    public IReadOnlyList<Person> People { get; private set; } = [];
    public BestSlotsDto? Result { get; private set; }
    public ImpactDto? Preferred { get; private set; }
    public List<string> Errors { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadPeopleAsync(ct);
        if (SessionId is { } moving && Attendees.Count == 0 && await sessions.GetAsync(Caller.From(User), moving, ct) is { } booked)
        {
            Title = booked.Title;
            Kind = booked.Kind;
            LengthMinutes = booked.LengthMinutes;
            var listed = People.Select(p => p.Id).ToHashSet();
            Attendees = booked.Attendees.Where(a => listed.Contains(a.Id)).Select(a => a.Id).ToList();
            Others = string.Join(", ", booked.Attendees.Where(a => !listed.Contains(a.Id)).Select(a => a.EmployeeId));
            Location = booked.Location;
            OnlineUrl = booked.OnlineUrl;
            PreferredDate = booked.Date;
            PreferredStart = booked.Start;
            From = booked.Date;
            To = DateOnly.ParseExact(booked.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        From ??= today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        To ??= today.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var ids = await AllAttendeesAsync(ct);
        if (ids.Count == 0)
        {
            return;
        }
        var outcome = await planning.BestSlotsAsync(Caller.From(User), new BestSlotsInput(ids, LengthMinutes, From, To, Step, null), 10, ct, SessionId);
        if (outcome.Kind == OutcomeKind.Forbidden)
        {
            Errors.Add("attendees: someone chosen is not in your part of the organization");
        }
        else if (!outcome.IsOk)
        {
            Errors.AddRange(outcome.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
        }
        else
        {
            Result = outcome.Value;
        }
        if (!string.IsNullOrWhiteSpace(PreferredDate) && !string.IsNullOrWhiteSpace(PreferredStart))
        {
            var preferred = await planning.ImpactOfAsync(Caller.From(User), ids, PreferredDate, PreferredStart, LengthMinutes, ct, SessionId);
            if (preferred.IsOk)
            {
                Preferred = preferred.Value;
            }
            else if (preferred.Kind == OutcomeKind.Invalid)
            {
                Errors.AddRange(preferred.Errors.SelectMany(e => e.Value.Select(m => $"preferred {e.Key}: {m}")));
            }
        }
    }

    public async Task<IActionResult> OnPostBookAsync(CancellationToken ct)
    {
        var ids = await AllAttendeesAsync(ct);
        var input = new SessionInput(Title, Kind, null, Date, Start, LengthMinutes, ids, Location, OnlineUrl);
        var outcome = SessionId is { } moving
            ? await sessions.UpdateAsync(Caller.From(User), moving, input, null, ct)
            : await sessions.CreateAsync(Caller.From(User), input, ct);
        if (outcome.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }
        if (outcome.IsOk)
        {
            return RedirectToPage("/Scheduling/Sessions/Details", new { id = outcome.Value!.Id });
        }
        if (outcome.Kind == OutcomeKind.Forbidden)
        {
            Errors.Add("attendees: someone chosen is not in your part of the organization");
        }
        else
        {
            Errors.AddRange(outcome.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
        }
        await LoadPeopleAsync(ct);
        return Page();
    }

    /// <summary>The ticked people plus any employee numbers typed in "others".</summary>
    private async Task<List<Guid>> AllAttendeesAsync(CancellationToken ct)
    {
        var numbers = (Others ?? "").Split([',', ' ', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ids = new List<Guid>(Attendees);
        if (numbers.Length > 0)
        {
            var people = await scope.EmployeesAsync(Caller.From(User), ct);
            var found = await people.Where(e => numbers.Contains(e.EmployeeNumber)).Select(e => new { e.Id, e.EmployeeNumber }).ToListAsync(ct);
            foreach (var missing in numbers.Except(found.Select(f => f.EmployeeNumber), StringComparer.Ordinal))
            {
                Errors.Add($"others: '{missing}' is not someone you can schedule");
            }
            ids.AddRange(found.Select(f => f.Id));
        }
        return ids.Distinct().ToList();
    }

    private async Task LoadPeopleAsync(CancellationToken ct)
    {
        var people = await scope.EmployeesAsync(Caller.From(User), ct);
        People = await people.Where(e => e.Status == EmploymentStatus.Active && (e.JobRole == "Supervisor" || e.JobRole == "Manager"))
            .OrderBy(e => e.Team != null ? e.Team.Code : "~").ThenBy(e => e.EmployeeNumber)
            .Select(e => new Person(e.Id, e.EmployeeNumber, e.FirstName + " " + e.LastName, e.JobRole, e.Team != null ? e.Team.Code : null))
            .ToListAsync(ct);
    }
}
