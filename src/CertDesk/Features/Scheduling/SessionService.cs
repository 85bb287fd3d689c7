using CertDesk.Domain.Scheduling;

namespace CertDesk.Features.Scheduling;

/// <summary>The input of a session (API body and page form): site-local date and start, length in minutes.</summary>
public sealed record SessionInput(
    string? Title, string? Kind, Guid? SiteId, string? Date, string? Start, int? LengthMinutes,
    IReadOnlyList<Guid>? Attendees, string? Location, string? OnlineUrl);

public sealed record SessionDto(
    Guid Id, string Title, string Kind, Guid SiteId, string Site, string TimeZone, string Date, string Start, int LengthMinutes,
    DateTime StartUtc, DateTime EndUtc, string? Location, string? OnlineUrl, string Status, string Uid, int Sequence,
    IReadOnlyList<SessionAttendeeDto> Attendees, int Version);

public sealed record SessionAttendeeDto(Guid Id, string EmployeeId, string Name, string Role);

/// <summary>
/// Training sessions: create, change and cancel (with their invites) and list what the caller may see (the impact
/// and the best slots are <see cref="SessionPlanning"/>). Managers schedule only people in their part of the org
/// chart; an employee sees the sessions they attend.
/// </summary>
public sealed class SessionService(CertDeskDbContext db, OrganizationScope scope, IEnumerable<ISessionInviteSender> senders, TimeProvider clock)
{
    public const int MaxLengthMinutes = 8 * 60;
    public const int MaxAttendees = 200;
    public const int MaxWindowDays = 42;

    public async Task<IQueryable<TrainingSession>> VisibleAsync(Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var query = db.Sessions.AsNoTracking();
        var visible = await scope.VisibleEmployeeIdsAsync(caller, ct);
        if (visible is null)
        {
            return query;
        }
        var self = caller.EmployeeId;
        if (caller.IsIn(Roles.Manager))
        {
            return query.Where(s => s.OrganizerId == self || s.Attendees.Any(a => visible.Contains(a.EmployeeId)));
        }
        return query.Where(s => s.Attendees.Any(a => a.EmployeeId == self));
    }

    public static IQueryable<SessionDto> Project(IQueryable<TrainingSession> sessions) => sessions.Select(s => new SessionDto(
        Id: s.Id,
        Title: s.Title,
        Kind: s.Kind.ToString(),
        SiteId: s.SiteId,
        Site: s.Site!.Name,
        TimeZone: s.Site.TimeZone,
        Date: "",
        Start: "",
        LengthMinutes: s.LengthMinutes,
        StartUtc: s.StartUtc,
        EndUtc: s.EndUtc,
        Location: s.Location,
        OnlineUrl: s.OnlineUrl,
        Status: s.Status.ToString(),
        Uid: s.Uid,
        Sequence: s.Sequence,
        Attendees: s.Attendees.Select(a => new SessionAttendeeDto(a.EmployeeId, a.Employee!.EmployeeNumber, a.Employee.FirstName + " " + a.Employee.LastName, a.Employee.JobRole)).ToList(),
        Version: s.Version));

    /// <summary>Fills in the local date and start (kept as DateOnly/TimeOnly in the database).</summary>
    public static SessionDto Finish(SessionDto dto, TrainingSession? entity = null)
    {
        ArgumentNullException.ThrowIfNull(dto);
        var local = SiteClock.ToLocal(dto.StartUtc, SiteClock.Zone(dto.TimeZone));
        return dto with
        {
            Date = (entity?.LocalDate ?? DateOnly.FromDateTime(local)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Start = (entity?.LocalStart ?? TimeOnly.FromDateTime(local)).ToString("HH:mm", CultureInfo.InvariantCulture),
            Kind = dto.Kind.ToLowerInvariant(),
            Status = dto.Status.ToLowerInvariant(),
        };
    }

    public async Task<SessionDto?> GetAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var visible = await VisibleAsync(caller, ct);
        var dto = await Project(visible.Where(s => s.Id == id)).FirstOrDefaultAsync(ct);
        return dto is null ? null : Finish(dto);
    }

    private sealed record Checked(string Title, SessionKind Kind, Site Site, DateOnly Date, TimeOnly Start, int Length, DateTime StartUtc, DateTime EndUtc, List<Employee> Attendees, string? Location, string? OnlineUrl);

    private async Task<Outcome<Checked>> CheckAsync(Caller caller, SessionInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [message];

        var title = input.Title?.Trim() ?? "";
        if (title.Length is 0 or > 200)
        {
            Error("title", "is required (at most 200 characters)");
        }
        else if (CalendarText.HasControl(title))
        {
            Error("title", "has a line break or another control character");
        }
        SessionKind kind = SessionKind.Class;
        if (!Enum.TryParse(input.Kind ?? "class", ignoreCase: true, out kind) || !Enum.IsDefined(kind) || int.TryParse(input.Kind, out _))
        {
            Error("kind", $"'{input.Kind}' is not one of class, exam, coaching");
        }
        var ids = (input.Attendees ?? []).Distinct().ToList();
        if (ids.Count is 0 or > MaxAttendees)
        {
            Error("attendees", $"name 1 to {MaxAttendees} attendees");
        }
        var attendees = await db.Employees.Where(e => ids.Contains(e.Id)).ToListAsync(ct);
        if (attendees.Count < ids.Count)
        {
            Error("attendees", $"{ids.Count - attendees.Count} attendee(s) are not known employees");
        }
        if (attendees.Any(a => a.Status != EmploymentStatus.Active))
        {
            Error("attendees", "separated employees cannot attend");
        }
        foreach (var a in attendees)
        {
            if (!await scope.CanSeeAsync(caller, a.Id, ct))
            {
                return Outcome<Checked>.Forbidden();
            }
        }
        var siteId = input.SiteId ?? attendees.Select(a => a.SiteId).FirstOrDefault(s => s != null);
        var site = siteId is { } sid ? await db.Sites.FirstOrDefaultAsync(s => s.Id == sid, ct) : null;
        if (site is null)
        {
            Error("site_id", "is required (or attendees with a site)");
        }
        DateOnly date = default;
        if (!DateOnly.TryParseExact(input.Date ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            Error("date", $"'{input.Date}' is not a date (yyyy-MM-dd)");
        }
        TimeOnly start = default;
        if (!TimeOnly.TryParseExact(input.Start ?? "", ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
        {
            Error("start", $"'{input.Start}' is not a time of day (HH:mm)");
        }
        else if (start.Minute % ImpactPlanner.IntervalMinutes != 0)
        {
            Error("start", $"{input.Start} is not on the {ImpactPlanner.IntervalMinutes}-minute grid");
        }
        var length = input.LengthMinutes ?? 0;
        if (length <= 0 || length % ImpactPlanner.IntervalMinutes != 0)
        {
            Error("length_minutes", $"'{input.LengthMinutes}' is not a length in minutes > 0 and a multiple of {ImpactPlanner.IntervalMinutes}");
        }
        else if (length > MaxLengthMinutes)
        {
            Error("length_minutes", $"{length} minutes is longer than the scheduling window of one working day ({MaxLengthMinutes} minutes)");
        }
        var location = string.IsNullOrWhiteSpace(input.Location) ? null : input.Location.Trim();
        if (location?.Length > 200)
        {
            Error("location", "at most 200 characters");
        }
        else if (location is not null && CalendarText.HasControl(location))
        {
            Error("location", "has a line break or another control character");
        }
        // The link goes into every attendee's calendar: one line, no spaces or controls, https only, kept as parsed.
        var online = string.IsNullOrWhiteSpace(input.OnlineUrl) ? null : input.OnlineUrl.Trim();
        if (online is not null && (online.Length > 500 || CalendarText.HasControl(online) || online.Any(char.IsWhiteSpace)
            || !Uri.TryCreate(online, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            Error("online_url", $"'{CalendarText.Clean(online)}' is not an https:// link on one line");
        }
        else if (online is not null)
        {
            online = new Uri(online).AbsoluteUri;
        }
        if (errors.Count > 0)
        {
            return Outcome<Checked>.Invalid(errors);
        }

        var zone = SiteClock.Zone(site!.TimeZone);
        var startUtc = SiteClock.ToUtc(date, start, zone, out var gap);
        if (startUtc is null)
        {
            Error("start", gap!);
            return Outcome<Checked>.Invalid(errors);
        }
        if (startUtc.Value < clock.GetUtcNow().UtcDateTime)
        {
            Error("date", $"{date:yyyy-MM-dd} {start:HH\\:mm} ({site.TimeZone}) is in the past");
            return Outcome<Checked>.Invalid(errors);
        }
        return Outcome<Checked>.Ok(new Checked(title, kind, site, date, start, length, startUtc.Value, startUtc.Value.AddMinutes(length), attendees, location, online));
    }

    public async Task<Outcome<TrainingSession>> CreateAsync(Caller caller, SessionInput input, CancellationToken ct)
    {
        var check = await CheckAsync(caller, input, ct);
        if (!check.IsOk)
        {
            return check.As<TrainingSession>();
        }
        var c = check.Value!;
        var session = new TrainingSession
        {
            Title = c.Title,
            Kind = c.Kind,
            SiteId = c.Site.Id,
            LocalDate = c.Date,
            LocalStart = c.Start,
            LengthMinutes = c.Length,
            StartUtc = c.StartUtc,
            EndUtc = c.EndUtc,
            Location = c.Location,
            OnlineUrl = c.OnlineUrl,
            Uid = $"{Guid.NewGuid():N}@certdesk",
            Sequence = 0,
            OrganizerId = caller.EmployeeId,
            Attendees = c.Attendees.Select(a => new SessionAttendee { EmployeeId = a.Id }).ToList(),
        };
        db.Sessions.Add(session);
        await QueueInvitesAsync(session, [], null, ct);
        await db.SaveChangesAsync(ct);
        return Outcome<TrainingSession>.Ok(session);
    }

    /// <summary>Changes a session: the invite keeps its UID and its SEQUENCE goes up by one.</summary>
    public async Task<Outcome<TrainingSession>> UpdateAsync(Caller caller, Guid id, SessionInput input, int? expectedVersion, CancellationToken ct)
    {
        var (session, outOfScope) = await LoadEditableAsync(caller, id, ct);
        if (outOfScope)
        {
            return Outcome<TrainingSession>.Forbidden("The session has an organizer or attendees outside your part of the organization.");
        }
        if (session is null)
        {
            return Outcome<TrainingSession>.NotFound();
        }
        if (session.Status == SessionStatus.Cancelled)
        {
            return Outcome<TrainingSession>.Invalid("status", "a cancelled session cannot be changed");
        }
        if (expectedVersion is { } v && v != session.Version)
        {
            throw new DbUpdateConcurrencyException($"The session is at version {session.Version}, not {v}.");
        }
        var check = await CheckAsync(caller, input, ct);
        if (!check.IsOk)
        {
            return check.As<TrainingSession>();
        }
        var c = check.Value!;
        session.Title = c.Title;
        session.Kind = c.Kind;
        session.SiteId = c.Site.Id;
        session.LocalDate = c.Date;
        session.LocalStart = c.Start;
        session.LengthMinutes = c.Length;
        session.StartUtc = c.StartUtc;
        session.EndUtc = c.EndUtc;
        session.Location = c.Location;
        session.OnlineUrl = c.OnlineUrl;
        session.Sequence++;
        var wanted = c.Attendees.Select(a => a.Id).ToHashSet();
        var removed = session.Attendees.Where(a => !wanted.Contains(a.EmployeeId)).Select(a => a.EmployeeId).ToList();
        session.Attendees.RemoveAll(a => !wanted.Contains(a.EmployeeId));
        foreach (var a in wanted.Where(w => session.Attendees.All(x => x.EmployeeId != w)))
        {
            session.Attendees.Add(new SessionAttendee { SessionId = session.Id, EmployeeId = a });
        }
        await QueueInvitesAsync(session, removed, null, ct);
        await db.SaveChangesAsync(ct);
        return Outcome<TrainingSession>.Ok(session);
    }

    /// <summary>Cancels a session: METHOD:CANCEL, STATUS:CANCELLED, same UID, SEQUENCE + 1.</summary>
    public Task<Outcome<TrainingSession>> CancelAsync(Caller caller, Guid id, CancellationToken ct) => CancelAsync(caller, id, reason: null, ct);

    /// <summary>
    /// Cancels a session and tells everyone on the invite why: <paramref name="reason"/> (the page asks for it; the API
    /// sends none) goes into each cancellation e-mail. It is not stored on the session: the e-mail is its record.
    /// </summary>
    public async Task<Outcome<TrainingSession>> CancelAsync(Caller caller, Guid id, string? reason, CancellationToken ct)
    {
        var (session, outOfScope) = await LoadEditableAsync(caller, id, ct);
        if (outOfScope)
        {
            return Outcome<TrainingSession>.Forbidden("The session has an organizer or attendees outside your part of the organization.");
        }
        if (session is null)
        {
            return Outcome<TrainingSession>.NotFound();
        }
        if (session.Status != SessionStatus.Cancelled)
        {
            session.Status = SessionStatus.Cancelled;
            session.Sequence++;
            await QueueInvitesAsync(session, [], string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), ct);
            await db.SaveChangesAsync(ct);
        }
        return Outcome<TrainingSession>.Ok(session);
    }

    /// <summary>
    /// Separated people leave every scheduled session that has not started: the session's SEQUENCE goes up, the people
    /// taken off get the CANCEL (same UID), the others the updated REQUEST; a session left with no attendee is cancelled.
    /// Idempotent: a separated person is no longer an attendee afterwards.
    /// </summary>
    public async Task<int> RemoveSeparatedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var sessions = await db.Sessions.Include(s => s.Attendees).ThenInclude(a => a.Employee)
            .Where(s => s.Status == SessionStatus.Scheduled && s.StartUtc > now && s.Attendees.Any(a => a.Employee!.Status == EmploymentStatus.Separated))
            .ToListAsync(ct);
        foreach (var session in sessions)
        {
            var removed = session.Attendees.Where(a => a.Employee!.Status == EmploymentStatus.Separated).Select(a => a.EmployeeId).ToList();
            session.Attendees.RemoveAll(a => removed.Contains(a.EmployeeId));
            session.Sequence++;
            if (session.Attendees.Count == 0)
            {
                session.Status = SessionStatus.Cancelled;
            }
            // The people taken off get the CANCEL; the others (or, once nobody is left, the organizer) the new version.
            await QueueInvitesAsync(session, removed, null, ct);
        }
        if (sessions.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }
        return sessions.Count;
    }

    /// <summary>
    /// A session the caller may change: organization-wide roles any session; a manager only a session whose organizer and
    /// every attendee are within their part of the org chart (seeing one of their people on it is not enough to cancel
    /// it or take someone else's people off it). Every write goes through here.
    /// </summary>
    private async Task<(TrainingSession? Session, bool OutOfScope)> LoadEditableAsync(Caller caller, Guid id, CancellationToken ct)
    {
        if (!caller.IsOrganizationWide && !caller.IsIn(Roles.Manager))
        {
            return (null, false);
        }
        var visible = await VisibleAsync(caller, ct);
        if (!await visible.AnyAsync(s => s.Id == id, ct))
        {
            return (null, false);
        }
        var session = await db.Sessions.Include(s => s.Attendees).FirstAsync(s => s.Id == id, ct);
        if (!caller.IsOrganizationWide)
        {
            var people = session.Attendees.Select(a => a.EmployeeId).ToList();
            if (session.OrganizerId is { } organizer && organizer != caller.EmployeeId)
            {
                people.Add(organizer);
            }
            foreach (var person in people)
            {
                if (!await scope.CanSeeAsync(caller, person, ct))
                {
                    return (null, true);
                }
            }
        }
        return (session, false);
    }

    public async Task<SessionInvite?> InviteAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var visible = await VisibleAsync(caller, ct);
        var session = await visible.Include(s => s.Attendees).FirstOrDefaultAsync(s => s.Id == id, ct);
        return session is null ? null : await InviteOfAsync(session, null, null, ct);
    }

    /// <summary>
    /// The invite of the session as it is about to be saved (attendees and organizer read by id, so it works before
    /// the save): the attendees' REQUEST (or CANCEL), or, with <paramref name="only"/>, a CANCEL for just those people.
    /// </summary>
    private async Task<SessionInvite> InviteOfAsync(TrainingSession session, IReadOnlyCollection<Guid>? only, bool? cancel, CancellationToken ct)
    {
        var timeZone = await db.Sites.AsNoTracking().Where(s => s.Id == session.SiteId).Select(s => s.TimeZone).FirstAsync(ct);
        var ids = only ?? session.Attendees.Select(a => a.EmployeeId).ToList();
        var people = await db.Employees.AsNoTracking().Where(e => ids.Contains(e.Id)).OrderBy(e => e.LastName).ThenBy(e => e.FirstName).ThenBy(e => e.EmployeeNumber)
            .Select(e => new InvitePerson(e.FirstName + " " + e.LastName, e.Email)).ToListAsync(ct);
        var organizer = session.OrganizerId is { } organizerId
            ? await db.Employees.AsNoTracking().Where(e => e.Id == organizerId).Select(e => new InvitePerson(e.FirstName + " " + e.LastName, e.Email)).FirstOrDefaultAsync(ct)
            : null;
        var invite = SessionInviteBuilder.Build(session, timeZone, organizer, people, clock.GetUtcNow().UtcDateTime, cancel);
        return only is null ? invite : invite with { Recipients = people };
    }

    /// <summary>
    /// Hands the invite of a change to every sender before the change is saved, so that e-mail is queued in the same
    /// transaction: the attendees and the organizer get the REQUEST (or the CANCEL of a cancelled session); people taken
    /// off the session get a CANCEL with the same UID and SEQUENCE.
    /// </summary>
    private async Task QueueInvitesAsync(TrainingSession session, IReadOnlyCollection<Guid> removed, string? reason, CancellationToken ct)
    {
        var invite = await InviteOfAsync(session, null, null, ct) with { Reason = reason };
        var farewell = removed.Count > 0 ? await InviteOfAsync(session, removed, cancel: true, ct) : null;
        foreach (var sender in senders)
        {
            await sender.SendAsync(invite, ct);
            if (farewell is not null)
            {
                await sender.SendAsync(farewell, ct);
            }
        }
    }
}
