using CertDesk.Domain.BusinessCases;
using CertDesk.Features.Gaps;
using CertDesk.Features.Scheduling;

namespace CertDesk.Features.Enrollments;

/// <summary>
/// Which enrollments' costs to add up: certification codes (null = all), the people on these teams or managing them
/// (null = everyone), and a date window [From, To) that each cost's own date must fall in (null = no bound).
/// </summary>
public sealed record CostFilter(IReadOnlyCollection<string>? CertificationCodes = null, IReadOnlyCollection<string>? TeamCodes = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>One person's recorded costs for one certification (all their enrollments in it together).</summary>
public sealed record PersonCertificationCost(Guid EmployeeId, Guid CertificationId, string CertificationCode, int Enrollments, RecordedCosts Recorded);

/// <summary>
/// The real, fully loaded cost of certifications from what is recorded on the enrollments: approved expense lines
/// (tuition, materials, travel, other), the fees of the exam attempts, hours away (study hours logged plus class and
/// exam sessions attended whose title names the certification's code) at the person's hourly loaded cost, and
/// backfill of those hours by the planning assumptions' rule (<see cref="GapsOptions.BackfillShare"/> at
/// <see cref="GapsOptions.BackfillPremium"/>). The arithmetic is <see cref="RecordedCosts"/> and <see cref="CostInputs"/>,
/// the business case's own lines. Submitted or rejected expenses, cancelled sessions and sessions not yet ended do not count.
/// </summary>
public sealed class EnrollmentCosts(CertDeskDbContext db, IOptions<GapsOptions> gaps, TimeProvider clock)
{
    public BackfillRule Backfill => gaps.Value.Assumptions.Backfill;

    public async Task<IReadOnlyList<PersonCertificationCost>> ForAsync(CostFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var enrollments = db.Enrollments.AsNoTracking();
        if (filter.CertificationCodes is { } codes)
        {
            // Codes are compared in upper case, as business cases and studies store them.
            var wanted = codes.Select(c => c.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
            var ids = (await db.Certifications.AsNoTracking().Select(c => new { c.Id, c.Code }).ToListAsync(ct))
                .Where(c => wanted.Contains(c.Code.ToUpperInvariant())).Select(c => c.Id).ToList();
            enrollments = enrollments.Where(e => ids.Contains(e.CertificationId));
        }
        if (filter.TeamCodes is { } teamCodes)
        {
            var members = MembersOf(teamCodes);
            enrollments = enrollments.Where(e => members.Contains(e.EmployeeId));
        }
        var rows = await enrollments.Select(e => new { e.Id, e.EmployeeId, e.CertificationId, e.Certification!.Code, e.Employee!.HourlyLoadedCost }).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }
        var (from, to) = (filter.From ?? DateOnly.MinValue, filter.To ?? DateOnly.MaxValue);

        var expenses = await db.ExpenseLines.AsNoTracking()
            .Where(x => x.State == ExpenseState.Approved && x.IncurredOn >= from && x.IncurredOn < to && enrollments.Any(e => e.Id == x.EnrollmentId))
            .Select(x => new { x.EnrollmentId, x.Category, x.Amount }).ToListAsync(ct);
        var fees = await db.ExamAttempts.AsNoTracking()
            .Where(a => a.Fee != null && a.TakenOn >= from && a.TakenOn < to && enrollments.Any(e => e.Id == a.EnrollmentId))
            .Select(a => new { a.EnrollmentId, Fee = a.Fee!.Value }).ToListAsync(ct);
        var study = await db.StudyLogs.AsNoTracking()
            .Where(s => s.On >= from && s.On < to && enrollments.Any(e => e.Id == s.EnrollmentId))
            .Select(s => new { s.EnrollmentId, s.Hours }).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var sessions = await db.SessionAttendees.AsNoTracking()
            .Where(a => enrollments.Any(e => e.EmployeeId == a.EmployeeId))
            .Join(db.Sessions.Where(s => s.Status == SessionStatus.Scheduled && (s.Kind == SessionKind.Class || s.Kind == SessionKind.Exam)
                    && s.EndUtc <= now && s.LocalDate >= from && s.LocalDate < to),
                a => a.SessionId, s => s.Id, (a, s) => new { a.EmployeeId, s.Title, s.LengthMinutes })
            .ToListAsync(ct);

        var result = new List<PersonCertificationCost>();
        foreach (var person in rows.GroupBy(r => (r.EmployeeId, r.CertificationId)))
        {
            var ids = person.Select(r => r.Id).ToHashSet();
            var first = person.First();
            decimal Expense(string category) => expenses.Where(x => ids.Contains(x.EnrollmentId) && x.Category == category).Sum(x => x.Amount);
            var sessionHours = sessions.Where(s => s.EmployeeId == first.EmployeeId && NamesCertification(s.Title, first.Code)).Sum(s => s.LengthMinutes) / 60m;
            var recorded = new RecordedCosts(
                Expense("tuition"), fees.Where(f => ids.Contains(f.EnrollmentId)).Sum(f => f.Fee), Expense("materials"), Expense("travel"),
                expenses.Where(x => ids.Contains(x.EnrollmentId) && x.Category is not ("tuition" or "materials" or "travel")).Sum(x => x.Amount),
                study.Where(s => ids.Contains(s.EnrollmentId)).Sum(s => s.Hours), sessionHours, first.HourlyLoadedCost);
            result.Add(new PersonCertificationCost(first.EmployeeId, first.CertificationId, first.Code, person.Count(), recorded));
        }
        return result;
    }

    /// <summary>
    /// The people of a cohort of teams: everyone whose team (in the roster now) is one of them, and the managers of
    /// those teams. The roster keeps no team history, so someone who moved since counts with their current team.
    /// </summary>
    public IQueryable<Guid> MembersOf(IReadOnlyCollection<string> teamCodes)
    {
        ArgumentNullException.ThrowIfNull(teamCodes);
        var teams = teamCodes.ToList();
        return db.Employees.Where(e => (e.Team != null && teams.Contains(e.Team.Code)) || db.Teams.Any(t => t.ManagerId == e.Id && teams.Contains(t.Code)))
            .Select(e => e.Id);
    }

    /// <summary>The cost lines of many people, and whether anything at all was recorded.</summary>
    public CostLines Lines(IEnumerable<PersonCertificationCost> people) => CostLines.Sum(people.Select(p => p.Recorded), Backfill);

    /// <summary>
    /// True when the session title names the code as a whole word: letters, digits and '-' make up a code, so "CCCM prep
    /// class" names CCCM, while "HDI-SCM exam" names neither HDI-SCTL nor SCM.
    /// </summary>
    public static bool NamesCertification(string title, string code)
    {
        ArgumentNullException.ThrowIfNull(title);
        if (string.IsNullOrEmpty(code))
        {
            return false;
        }
        static bool Part(char c) => char.IsLetterOrDigit(c) || c == '-';
        for (var at = title.IndexOf(code, StringComparison.OrdinalIgnoreCase); at >= 0; at = title.IndexOf(code, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + code.Length;
            if ((at == 0 || !Part(title[at - 1])) && (end == title.Length || !Part(title[end])))
            {
                return true;
            }
        }
        return false;
    }
}
