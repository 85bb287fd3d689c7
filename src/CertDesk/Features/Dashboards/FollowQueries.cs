using CertDesk.Domain.Credentials;

namespace CertDesk.Features.Dashboards;

public sealed record DueItem(DateOnly On, string What, string Link, bool Overdue);

public sealed record TeamRow(Guid EmployeeId, string Name, string Title, int OpenEnrollments, int Passed, int Credentials, int Expiring, int OverdueCheckIns, decimal? AverageRating);

public sealed record ProgramRow(
    Guid CertificationId, string Code, string Name, int Enrollments, int Open, int Passed, int Failed, int Withdrawn, decimal? CompletionRate, int Attempts, decimal? PassRate,
    decimal? AverageDaysToCertify, int ExpiringIn90Days, int OverdueCheckIns, int Surveys, decimal? Reaction, decimal? Learning, decimal? ConfidenceBefore, decimal? ConfidenceAfter, decimal? BehaviourRating, int Ratings,
    int PeopleEnrolled, int Certified, int Expired, int CheckInsDue)
{
    /// <summary>Check-ins rated (done) of those due by today or already rated; null when none is due yet.</summary>
    public decimal? FollowThroughRate => CheckInsDue == 0 ? null : Math.Round((decimal)Ratings / CheckInsDue, 4);
}

/// <summary>The dashboards' numbers: what is due for a person, a manager's team, and the program per certification.</summary>
public sealed class FollowQueries(CertDeskDbContext db, OrganizationScope scope, TimeProvider clock)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Deadlines, exams, check-ins and expiring credentials of one person, soonest first.</summary>
    public async Task<IReadOnlyList<DueItem>> DueForAsync(Guid employeeId, CancellationToken ct)
    {
        var today = Today;
        var horizon = today.AddDays(90);
        var items = new List<DueItem>();
        var enrollments = await db.Enrollments.AsNoTracking().Where(e => e.EmployeeId == employeeId && e.Status != EnrollmentStatus.Passed && e.Status != EnrollmentStatus.Withdrawn && e.Status != EnrollmentStatus.NotCompleted)
            .Select(e => new { e.Id, e.Deadline, e.ExamDate, e.Status, e.Certification!.Code }).ToListAsync(ct);
        foreach (var e in enrollments)
        {
            if (e.Deadline is { } d && d <= horizon)
            {
                items.Add(new DueItem(d, $"{e.Code}: completion deadline", $"/Enrollments/Details/{e.Id}", d < today));
            }
            if (e.Status == EnrollmentStatus.ExamScheduled && e.ExamDate is { } x)
            {
                items.Add(new DueItem(x, $"{e.Code}: exam", $"/Enrollments/Details/{e.Id}", x < today));
            }
        }
        var checkIns = await db.CheckIns.AsNoTracking().Where(c => c.Rating == null && c.DueOn <= horizon)
            .Join(db.ActionPlans.Where(p => p.EmployeeId == employeeId), c => c.ActionPlanId, p => p.Id, (c, p) => new { c.Day, c.DueOn, c.Evidence, p.Id, p.Certification!.Code })
            .ToListAsync(ct);
        items.AddRange(checkIns.Select(c => new DueItem(c.DueOn, $"{c.Code}: {c.Day}-day check-in{(c.Evidence is null ? "" : " (evidence recorded, awaiting rating)")}", $"/ActionPlans/Details/{c.Id}", c.DueOn < today)));
        var credentials = await db.Credentials.AsNoTracking().Where(c => c.EmployeeId == employeeId && c.ExpiresOn != null && c.ExpiresOn <= horizon)
            .Select(c => new { c.Id, c.ExpiresOn, c.Certification!.Code, c.Number }).ToListAsync(ct);
        items.AddRange(credentials.Select(c => new DueItem(c.ExpiresOn!.Value, $"{c.Code}: credential {c.Number} expires", $"/Credentials/Details/{c.Id}", c.ExpiresOn < today)));
        return [.. items.OrderBy(i => i.On).ThenBy(i => i.What, StringComparer.Ordinal)];
    }

    /// <summary>One row per person below the caller with any follow-through.</summary>
    public async Task<IReadOnlyList<TeamRow>> TeamAsync(Caller caller, CancellationToken ct)
    {
        var people = await scope.EmployeesAsync(caller, ct);
        if (caller.EmployeeId is { } me)
        {
            people = people.Where(e => e.Id != me);
        }
        var today = Today;
        var soon = today.AddDays(90);
        var rows = await people.Where(e => db.Enrollments.Any(x => x.EmployeeId == e.Id) || db.Credentials.Any(x => x.EmployeeId == e.Id))
            .OrderBy(e => e.LastName).ThenBy(e => e.FirstName)
            .Select(e => new
            {
                e.Id,
                Name = e.FirstName + " " + e.LastName,
                e.Title,
                Open = db.Enrollments.Count(x => x.EmployeeId == e.Id && x.Status != EnrollmentStatus.Passed && x.Status != EnrollmentStatus.Withdrawn && x.Status != EnrollmentStatus.NotCompleted),
                Passed = db.Enrollments.Count(x => x.EmployeeId == e.Id && x.Status == EnrollmentStatus.Passed),
                Credentials = db.Credentials.Count(x => x.EmployeeId == e.Id),
                Expiring = db.Credentials.Count(x => x.EmployeeId == e.Id && x.ExpiresOn != null && x.ExpiresOn <= soon),
                Overdue = db.CheckIns.Count(c => c.Rating == null && c.DueOn < today && db.ActionPlans.Any(p => p.Id == c.ActionPlanId && p.EmployeeId == e.Id)),
            })
            .Take(500).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var ratings = (await db.CheckIns.AsNoTracking().Where(c => c.Rating != null)
            .Join(db.ActionPlans.Where(p => ids.Contains(p.EmployeeId)), c => c.ActionPlanId, p => p.Id, (c, p) => new { p.EmployeeId, Rating = c.Rating!.Value })
            .ToListAsync(ct)).ToLookup(r => r.EmployeeId, r => r.Rating);
        return [.. rows.Select(r => new TeamRow(r.Id, r.Name, r.Title, r.Open, r.Passed, r.Credentials, r.Expiring, r.Overdue,
            ratings[r.Id].Any() ? Math.Round((decimal)ratings[r.Id].Average(), 2) : null))];
    }

    /// <summary>Per certification over the people the caller may see: people enrolled, completion and pass rates, time to certify, credentials current, expired and expiring, check-ins due, done and overdue, Kirkpatrick 1-3.</summary>
    public async Task<IReadOnlyList<ProgramRow>> ProgramAsync(Caller caller, CancellationToken ct)
    {
        var visible = await scope.VisibleEmployeeIdsAsync(caller, ct);
        var enrollments = db.Enrollments.AsNoTracking();
        var credentials = db.Credentials.AsNoTracking();
        var plans = db.ActionPlans.AsNoTracking();
        var surveys = db.Surveys.AsNoTracking();
        if (visible is not null)
        {
            enrollments = enrollments.Where(e => visible.Contains(e.EmployeeId));
            credentials = credentials.Where(e => visible.Contains(e.EmployeeId));
            plans = plans.Where(e => visible.Contains(e.EmployeeId));
            surveys = surveys.Where(e => visible.Contains(e.EmployeeId));
        }
        var today = Today;
        var e = await enrollments.Select(x => new { x.Id, x.EmployeeId, x.CertificationId, x.Status, x.CreatedAt }).ToListAsync(ct);
        var ids = e.Select(x => x.Id).ToList();
        var attempts = await db.ExamAttempts.AsNoTracking().Where(a => ids.Contains(a.EnrollmentId)).Select(a => new { a.EnrollmentId, a.Passed, a.TakenOn }).ToListAsync(ct);
        var certOf = e.ToDictionary(x => x.Id, x => x.CertificationId);
        var c = await credentials.Select(x => new { x.EmployeeId, x.CertificationId, x.ExpiresOn }).ToListAsync(ct);
        var checkIns = await db.CheckIns.AsNoTracking().Join(plans, ci => ci.ActionPlanId, p => p.Id, (ci, p) => new { p.CertificationId, ci.Rating, ci.DueOn }).ToListAsync(ct);
        var s = await surveys.Select(x => new { x.CertificationId, x.Reaction, x.Learning, x.ConfidenceBefore, x.ConfidenceAfter }).ToListAsync(ct);
        var certIds = e.Select(x => x.CertificationId).Concat(c.Select(x => x.CertificationId)).Distinct().ToList();
        var certs = await db.Certifications.AsNoTracking().Where(x => certIds.Contains(x.Id)).Select(x => new { x.Id, x.Code, x.Name }).ToListAsync(ct);
        static decimal? Avg(IEnumerable<int> values) => values.Any() ? Math.Round((decimal)values.Average(), 2) : null;
        var rows = new List<ProgramRow>();
        foreach (var cert in certs.OrderBy(x => x.Code, StringComparer.Ordinal))
        {
            var mine = e.Where(x => x.CertificationId == cert.Id).ToList();
            var passed = mine.Count(x => x.Status == EnrollmentStatus.Passed);
            var failed = mine.Count(x => x.Status is EnrollmentStatus.Failed or EnrollmentStatus.NotCompleted); // not completed counts as failed
            var withdrawn = mine.Count(x => x.Status == EnrollmentStatus.Withdrawn);
            var decided = passed + failed + withdrawn;
            var tries = attempts.Where(a => certOf[a.EnrollmentId] == cert.Id).ToList();
            var days = mine.Where(x => x.Status == EnrollmentStatus.Passed)
                .Select(x => tries.Where(a => a.EnrollmentId == x.Id && a.Passed).Select(a => (int?)(a.TakenOn.DayNumber - DateOnly.FromDateTime(x.CreatedAt.UtcDateTime).DayNumber)).FirstOrDefault())
                .Where(d => d is not null).Select(d => d!.Value).ToList();
            var sv = s.Where(x => x.CertificationId == cert.Id).ToList();
            var rated = checkIns.Where(x => x.CertificationId == cert.Id && x.Rating is not null).Select(x => x.Rating!.Value).ToList();
            rows.Add(new ProgramRow(
                CertificationId: cert.Id,
                Code: cert.Code,
                Name: cert.Name,
                Enrollments: mine.Count,
                Open: mine.Count - passed - withdrawn,
                Passed: passed,
                Failed: failed,
                Withdrawn: withdrawn,
                CompletionRate: decided == 0 ? null : Math.Round((decimal)passed / decided, 4),
                Attempts: tries.Count,
                PassRate: tries.Count == 0 ? null : Math.Round((decimal)tries.Count(a => a.Passed) / tries.Count, 4),
                AverageDaysToCertify: Avg(days),
                ExpiringIn90Days: c.Count(x => x.CertificationId == cert.Id && x.ExpiresOn is { } exp && exp >= today && exp <= today.AddDays(90)),
                OverdueCheckIns: checkIns.Count(x => x.CertificationId == cert.Id && x.Rating is null && x.DueOn < today),
                Surveys: sv.Count,
                Reaction: Avg(sv.Select(x => x.Reaction)),
                Learning: Avg(sv.Select(x => x.Learning)),
                ConfidenceBefore: Avg(sv.Select(x => x.ConfidenceBefore)),
                ConfidenceAfter: Avg(sv.Select(x => x.ConfidenceAfter)),
                BehaviourRating: Avg(rated),
                Ratings: rated.Count,
                PeopleEnrolled: mine.Select(x => x.EmployeeId).Distinct().Count(),
                Certified: c.Where(x => x.CertificationId == cert.Id && (x.ExpiresOn is null || x.ExpiresOn >= today)).Select(x => x.EmployeeId).Distinct().Count(),
                Expired: c.Where(x => x.CertificationId == cert.Id && x.ExpiresOn < today).Select(x => x.EmployeeId).Distinct().Count(),
                CheckInsDue: checkIns.Count(x => x.CertificationId == cert.Id && (x.DueOn <= today || x.Rating is not null))));
        }
        return rows;
    }
}
