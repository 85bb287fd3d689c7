namespace CertDesk.Features.Scheduling;

/// <summary>The scheduler: pick attendees, a length and a window; see the best slots on a chart; book one.</summary>
[SolverRoute]
[Authorize(Policy = Policies.ManagesPeople)]
public sealed class PlanModel(SessionService sessions, SessionPlanning planning, OrganizationScope scope, PeoplePicker picker, TimeProvider clock) : PageModel
{
    public sealed record Person(Guid Id, string Number, string Name, string Role, string? Team);

    /// <summary>Set when moving a booked session: booking then updates it (same invite UID, SEQUENCE + 1).</summary>
    [BindProperty(SupportsGet = true)] public Guid? SessionId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Title { get; set; }
    [BindProperty(SupportsGet = true)] public string Kind { get; set; } = "class";
    [BindProperty(SupportsGet = true)] public List<Guid> Attendees { get; set; } = [];
    /// <summary>
    /// The other attendees, one per field of the people picker ("Jane Doe (E0021)", a name or an employee id). A field may
    /// also hold several separated by commas, as the single field of older links did ("E0021, E0022").
    /// </summary>
    [BindProperty(SupportsGet = true)] public List<string> Others { get; set; } = [];
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

    /// <summary>Everyone the caller may schedule, for the people picker of the other attendees.</summary>
    public IReadOnlyList<PersonChoice> Choices { get; private set; } = [];

    /// <summary>The other attendees as their fields show them, each once; blanks dropped.</summary>
    public IReadOnlyList<string> OtherEntries => Others.SelectMany(SplitOthers).Select(o => PeoplePicker.Show(o, Choices)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
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
            Others = booked.Attendees.Where(a => !listed.Contains(a.Id)).Select(a => a.EmployeeId).ToList();
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
        // A name or id that did not resolve is reported, not left out of the slots quietly.
        if (ids.Count == 0 || Errors.Count > 0)
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
        await LoadPeopleAsync(ct);
        var ids = await AllAttendeesAsync(ct);
        if (Errors.Count > 0)
        {
            // Nobody named is booked without the others: the session is not written until every attendee is known.
            return Page();
        }
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
        return Page();
    }

    /// <summary>
    /// The ticked people plus the other attendees, each read as the people picker reads one person
    /// (<see cref="PeoplePicker.Resolve"/>). Every entry that is not someone the caller may schedule is an error.
    /// </summary>
    private async Task<List<Guid>> AllAttendeesAsync(CancellationToken ct)
    {
        var pieces = Others.SelectMany(SplitOthers).ToList();
        var ids = new List<Guid>(Attendees);
        if (pieces.Count == 0)
        {
            return ids.Distinct().ToList();
        }
        var numbers = new List<string>();
        foreach (var piece in pieces)
        {
            var number = PeoplePicker.Resolve(piece, Choices, out var ambiguous);
            if (ambiguous is not null)
            {
                Errors.Add($"Other attendees: {ambiguous}");
                continue;
            }
            numbers.Add(number);
        }
        var people = await scope.EmployeesAsync(Caller.From(User), ct);
        var found = await people.Where(e => e.Status == EmploymentStatus.Active && numbers.Contains(e.EmployeeNumber))
            .Select(e => new { e.Id, e.EmployeeNumber }).ToListAsync(ct);
        foreach (var missing in numbers.Except(found.Select(f => f.EmployeeNumber), StringComparer.Ordinal).Distinct(StringComparer.Ordinal))
        {
            Errors.Add($"Other attendees: \"{missing}\" is not someone you can schedule; pick the person from the list.");
        }
        ids.AddRange(found.Select(f => f.Id));
        return ids.Distinct().ToList();
    }

    /// <summary>
    /// The entries of one field: split at commas, semicolons and line breaks; words that all carry digits are ids
    /// separated by spaces ("E0021 E0022", as the old field allowed), while a name keeps its spaces.
    /// </summary>
    private static IEnumerable<string> SplitOthers(string? field) =>
        (field ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(piece => piece.Split(' ', StringSplitOptions.RemoveEmptyEntries) is var words && words.All(w => w.Any(char.IsAsciiDigit)) ? words : [piece]);

    private async Task LoadPeopleAsync(CancellationToken ct)
    {
        Choices = await picker.ChoicesAsync(Caller.From(User), ct);
        var people = await scope.EmployeesAsync(Caller.From(User), ct);
        People = await people.Where(e => e.Status == EmploymentStatus.Active && (e.JobRole == "Supervisor" || e.JobRole == "Manager"))
            .OrderBy(e => e.Team != null ? e.Team.Code : "~").ThenBy(e => e.EmployeeNumber)
            .Select(e => new Person(e.Id, e.EmployeeNumber, e.FirstName + " " + e.LastName, e.JobRole, e.Team != null ? e.Team.Code : null))
            .ToListAsync(ct);
    }
}
