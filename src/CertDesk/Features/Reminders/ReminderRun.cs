using CertDesk.Domain.Credentials;
using CertDesk.Features.Credentials;
using CertDesk.Features.Enrollments;

namespace CertDesk.Features.Reminders;

/// <summary>This process's name in reminder claims: unique per running app, so two nodes never share one.</summary>
public sealed class NodeIdentity
{
    public string Name { get; } = string.Create(CultureInfo.InvariantCulture,
        $"{(Environment.MachineName.Length > 20 ? Environment.MachineName[..20] : Environment.MachineName)}/{Environment.ProcessId}/{Guid.NewGuid():N}");
}

public sealed record ReminderRunResult(int Due, int Claimed, int TakenOver, int Sent, int Failed);

/// <summary>
/// One pass of the reminder scheduler: works out what is due today, claims each reminder by inserting its unique
/// key (subject, kind, due date): the node whose insert succeeds owns it; then sends and marks it sent in one
/// save. A claim left unsent longer than the lease (a node stopped in the middle) is taken over with one
/// conditional UPDATE, which only one node can win. The in-app notification has a unique reminder id, so even a
/// takeover cannot show a reminder twice.
/// </summary>
public sealed partial class ReminderRun(
    CertDeskDbContext db, IEnumerable<IReminderSender> senders, NodeIdentity node, ICompletionRules completionRules, EnrollmentService enrollments,
    PendingSeparations separations, IOptions<FollowOptions> options, ILogger<ReminderRun> log)
{
    /// <summary>The advisory lock of the pass's dated duties (separations on their date, missed deadlines): one node at a time.</summary>
    public const long DutiesLock = 7736104;

    public sealed record Candidate(Guid SubjectId, string Kind, DateOnly DueOn, Guid EmployeeId, string Text, string Link);

    public async Task<ReminderRunResult> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await DatedDutiesAsync(DateOnly.FromDateTime(now.UtcDateTime), ct);
        // The Reminder table is itself the delivery log: scheduler rows are not stamped into the audit trail,
        // whose single chain two nodes would otherwise race for.
        db.Audit.Suppressed = true;
        db.Audit.Actor = "system:reminders";
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var due = await CandidatesAsync(today, ct);

        var existing = new HashSet<(Guid, string, DateOnly)>();
        var subjects = due.Select(d => d.SubjectId).Distinct().ToList();
        foreach (var chunk in subjects.Chunk(500))
        {
            foreach (var r in await db.Reminders.AsNoTracking().Where(r => chunk.Contains(r.SubjectId)).Select(r => new { r.SubjectId, r.Kind, r.DueOn }).ToListAsync(ct))
            {
                existing.Add((r.SubjectId, r.Kind, r.DueOn));
            }
        }
        var claimToken = $"{node.Name}#{Guid.NewGuid().ToString("N")[..8]}";
        var claimed = 0;
        foreach (var c in due.Where(d => !existing.Contains((d.SubjectId, d.Kind, d.DueOn))))
        {
            var reminder = new Reminder
            {
                SubjectId = c.SubjectId,
                Kind = c.Kind,
                DueOn = c.DueOn,
                EmployeeId = c.EmployeeId,
                Text = c.Text,
                Link = c.Link,
                ClaimedBy = claimToken,
                ClaimedAt = now.UtcDateTime,
            };
            db.Reminders.Add(reminder);
            try
            {
                await db.SaveChangesAsync(ct);
                claimed++;
            }
            catch (DbUpdateException)
            {
                // Another node inserted the same key first: it owns this reminder.
                db.Entry(reminder).State = EntityState.Detached;
            }
        }

        var cutoff = now.UtcDateTime.AddMinutes(-options.Value.ClaimLeaseMinutes);
        var takenOver = await db.Reminders
            .Where(r => r.SentAt == null && r.ClaimedBy != claimToken && r.ClaimedAt < cutoff)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimedBy, claimToken).SetProperty(r => r.ClaimedAt, now.UtcDateTime), ct);

        var sent = 0;
        var failed = 0;
        db.ChangeTracker.Clear();
        var mine = await db.Reminders.Where(r => r.ClaimedBy == claimToken && r.SentAt == null).OrderBy(r => r.DueOn).ToListAsync(ct);
        foreach (var reminder in mine)
        {
            try
            {
                reminder.Attempts++;
                foreach (var sender in senders)
                {
                    await sender.SendAsync(reminder, ct);
                }
                reminder.SentAt = now.UtcDateTime;
                await db.SaveChangesAsync(ct);
                sent++;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or IOException)
            {
                failed++;
                LogSendFailed(log, reminder.Kind, reminder.SubjectId, e);
                db.ChangeTracker.Clear();
            }
        }
        return new ReminderRunResult(due.Count, claimed, takenOver, sent, failed);
    }

    /// <summary>
    /// What falls due on a date before reminders are worked out (audited, unlike the reminders): separations recorded
    /// ahead take effect, then every enrollment whose completion deadline passed without a pass becomes not completed
    /// (opening the agreement's not-completed repayment where the policy says so). Each exactly once.
    /// </summary>
    private async Task DatedDutiesAsync(DateOnly today, CancellationToken ct)
    {
        try
        {
            await NodeLock.RunAloneAsync(db, DutiesLock, async () =>
            {
                db.Audit.Actor = "system:separations";
                var separated = await separations.ApplyDueAsync(today, ct);
                db.Audit.Actor = "system:completion";
                var notCompleted = await enrollments.EnforceDeadlinesAsync(today, ct);
                if (separated > 0 || notCompleted > 0)
                {
                    LogDuties(log, separated, notCompleted);
                }
            }, ct);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
        {
            LogDutiesFailed(log, e);
        }
        db.ChangeTracker.Clear();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dated duties: {Separated} separations took effect, {NotCompleted} enrollments not completed by their deadline")]
    private static partial void LogDuties(ILogger logger, int separated, int notCompleted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The dated duties (separations, deadlines) failed; the next pass retries")]
    private static partial void LogDutiesFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {Kind} for {SubjectId} could not be sent; another pass retries after the lease")]
    private static partial void LogSendFailed(ILogger logger, string kind, Guid subjectId, Exception exception);

    /// <summary>Everything due on <paramref name="today"/> by the configured offsets.</summary>
    public async Task<IReadOnlyList<Candidate>> CandidatesAsync(DateOnly today, CancellationToken ct)
    {
        var o = options.Value;
        var list = new List<Candidate>();
        void Add(DateOnly eventDate, int[] offsets, Guid subject, string kind, Guid employee, Func<int, string> text, string link)
        {
            foreach (var (offset, dueOn) in CredentialDates.RemindersDue(eventDate, offsets, today))
            {
                list.Add(new Candidate(subject, string.Create(CultureInfo.InvariantCulture, $"{kind}_{offset}d"), dueOn, employee, text(offset), link));
            }
        }

        // Open enrollments of people still employed, against their completion deadline (the agreement's, else their own):
        // the person and their manager are warned the configured days before (Follow:DeadlineOffsets).
        var open = await db.Enrollments.AsNoTracking().Include(e => e.Certification).Include(e => e.Employee)
            .Where(e => e.Status != EnrollmentStatus.Passed && e.Status != EnrollmentStatus.Withdrawn && e.Status != EnrollmentStatus.NotCompleted
                && e.Employee!.Status == EmploymentStatus.Active)
            .ToListAsync(ct);
        var rules = await completionRules.ForAllAsync(open, ct);
        foreach (var e in open)
        {
            var link = $"/Enrollments/Details/{e.Id}";
            var code = e.Certification!.Code;
            if (rules[e.Id].Deadline is { } deadline)
            {
                Add(deadline, o.DeadlineOffsets, e.Id, "deadline", e.EmployeeId, d => $"{code}: the completion deadline {deadline:yyyy-MM-dd} is in {d} days.", link);
                if (e.Employee!.ManagerId is { } manager)
                {
                    Add(deadline, o.DeadlineOffsets, e.Id, "deadline_manager", manager,
                        d => $"{e.Employee.FullName}'s {code} completion deadline {deadline:yyyy-MM-dd} is in {d} days (not yet completed).", link);
                }
            }
            if (e.Status == EnrollmentStatus.ExamScheduled && e.ExamDate is { } exam)
            {
                Add(exam, o.ExamOffsets, e.Id, "exam", e.EmployeeId, d => $"{code}: your exam is on {exam:yyyy-MM-dd} ({d} days).", link);
            }
        }

        var credentials = await db.Credentials.AsNoTracking().Include(c => c.Certification).Include(c => c.CeActivities).Include(c => c.Employee)
            .AsSplitQuery().ToListAsync(ct);
        foreach (var c in credentials)
        {
            var link = $"/Credentials/Details/{c.Id}";
            if (c.ExpiresOn is { } expires)
            {
                Add(expires, o.ExpiryOffsets, c.Id, "expiring", c.EmployeeId, d => $"{c.Certification!.Code} credential {c.Number} expires on {expires:yyyy-MM-dd} ({d} days).", link);
            }
            var (status, _) = CredentialService.Renewal(c, today);
            if (status is { Compliant: false })
            {
                Add(status.WindowEnd, o.RenewalShortOffsets, c.Id, "renewal_short", c.EmployeeId,
                    d => string.Create(CultureInfo.InvariantCulture, $"{c.Certification!.Code}: {status.Short:0.##} renewal hours still short; the window ends {status.WindowEnd:yyyy-MM-dd}."), link);
            }
        }

        var checkIns = await db.CheckIns.AsNoTracking().Where(c => c.Rating == null)
            .Select(c => new { c.Id, c.Day, c.DueOn, c.Evidence, c.ActionPlanId, EmployeeId = c.ActionPlanId, Plan = db.ActionPlans.Where(p => p.Id == c.ActionPlanId).Select(p => new { p.EmployeeId, p.Employee!.ManagerId, p.Certification!.Code, p.Employee.FirstName, p.Employee.LastName }).First() })
            .ToListAsync(ct);
        foreach (var c in checkIns)
        {
            var link = $"/ActionPlans/Details/{c.ActionPlanId}";
            if (c.Evidence is null)
            {
                Add(c.DueOn, o.CheckInOffsets, c.Id, "checkin", c.Plan.EmployeeId, d => $"{c.Plan.Code} action plan: your {c.Day}-day check-in is due {c.DueOn:yyyy-MM-dd}.", link);
            }
            if (c.Plan.ManagerId is { } manager)
            {
                Add(c.DueOn, [0], c.Id, "checkin_rating", manager, _ => $"{c.Plan.FirstName} {c.Plan.LastName}'s {c.Day}-day check-in ({c.Plan.Code}) is due for your rating.", link);
            }
        }
        return list;
    }
}
