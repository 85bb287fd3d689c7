using System.Diagnostics;
using CertDesk.Domain.Credentials;
using CertDesk.Domain.Kpi;
using CertDesk.Domain.Proof;
using CertDesk.Features.ActionPlans;
using CertDesk.Features.BusinessCases;
using CertDesk.Features.Credentials;
using CertDesk.Features.Enrollments;
using CertDesk.Features.Scheduling;

namespace CertDesk.Features.Proof;

/// <summary>
/// <c>seed-demo --size large</c>: one year of 15-minute interval facts for every demo team (deterministic), with a real
/// effect built into the certified teams after their certification date, the certified teams' supervisors' CCCM
/// enrollments with their real costs, and a seeded ROI study that uses them.
/// </summary>
public sealed class DemoKpiData(CertDeskDbContext db, KpiImport import, RoiStudies studies)
{
    public static readonly DateOnly From = new(2025, 11, 1);
    public static readonly DateOnly To = new(2026, 11, 1);
    public static readonly DateOnly CertifiedOn = new(2026, 5, 1);
    public const string StudyName = "CCCM supervisors 2026: service and handle time";

    /// <summary>The teams whose managers completed CCCM on <see cref="CertifiedOn"/>.</summary>
    public static readonly string[] CertifiedTeams = ["COL-T01", "COL-T03", "COL-T05", "PHX-T02", "PHX-T04", "MNL-T01", "MNL-T06", "MNL-T08"];

    /// <summary>The effect built into the certified teams once certified (fully in place one month after the date).</summary>
    public const double SlEffectPoints = 6, AhtEffectSeconds = -18, AbandonEffectPoints = -1.5, FcrEffectPoints = 4, CsatEffect = 0.15;

    public sealed record Outcome(bool Seeded, long Facts, TimeSpan Elapsed);

    public async Task<Outcome> SeedAsync(IProgress<double>? progress, CancellationToken ct)
    {
        if (await db.RoiStudies.AnyAsync(s => s.Name == StudyName, ct))
        {
            return new Outcome(false, 0, TimeSpan.Zero);
        }
        var teams = await db.Teams.AsNoTracking().Select(t => t.Code).OrderBy(c => c).ToListAsync(ct);
        var expected = (long)teams.Count * (To.DayNumber - From.DayNumber) * 96;
        var watch = Stopwatch.StartNew();
        var facts = await import.WriteFactsAsync(Generate(teams), "demo-large-" + From.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), progress, expected, ct);
        watch.Stop();

        await SeedCohortEnrollmentsAsync(ct);
        var seeder = new Caller("seed", "hr@demo.local", "Demo seed", new HashSet<string>(StringComparer.Ordinal) { Roles.ProgramManager }, null);
        var created = await studies.CreateAsync(seeder, new RoiStudyInput(
            StudyName, "CCCM", CertifiedOn, From, new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 1), To,
            CertifiedTeams, null,
            new Dictionary<string, decimal>
            {
                ["service_level"] = 1_200m,
                ["aht"] = 450m,
                ["abandonment"] = 900m,
                ["fcr"] = 700m,
                ["csat"] = 6_000m,
                ["attrition"] = 6_500m,
            },
            null, // no costs typed: the study takes the real costs recorded on the cohort's CCCM enrollments
            0.9m, 0.8m,
            "Supervisors' confidence in coaching conversations\nBetter WFM collaboration on intraday changes\nAgent engagement (survey comments)"), ct);
        if (created.Value is null)
        {
            throw new InvalidOperationException("the demo ROI study does not validate");
        }
        return new Outcome(true, facts, watch.Elapsed);
    }

    public const string ClassTitle = "CCCM prep class", ExamTitle = "CCCM exam", CostCenter = "Contact center training";
    public static readonly DateOnly ClassDay = new(2026, 2, 10), ExamDay = new(2026, 4, 14);

    /// <summary>
    /// The certified teams' supervisors went through CCCM before <see cref="CertifiedOn"/>: enrolled in January, an 8-hour
    /// prep class in February (Columbus in person, Phoenix flying in; Manila online), study hours, the exam on 14 April
    /// (one retake), approved expenses (tuition, materials, travel; one submitted and one rejected line that do not
    /// count), credentials and action plans with most check-ins rated, and the approved business cases (FY2026 budget
    /// of the cost center "Contact center training") they started from. Their real costs are what the demo study uses.
    /// </summary>
    public async Task<int> SeedCohortEnrollmentsAsync(CancellationToken ct)
    {
        var cccm = await db.Certifications.Where(c => c.Code == "CCCM").OrderBy(c => c.Id).FirstOrDefaultAsync(ct);
        if (cccm is null)
        {
            return 0;
        }
        var teams = await db.Teams.Where(t => CertifiedTeams.Contains(t.Code) && t.ManagerId != null).OrderBy(t => t.Code).ToListAsync(ct);
        var ids = teams.Select(t => t.ManagerId!.Value).ToList();
        if (await db.Enrollments.AnyAsync(e => e.CertificationId == cccm.Id && ids.Contains(e.EmployeeId) && e.Status == EnrollmentStatus.Passed, ct))
        {
            return 0;
        }
        var people = await db.Employees.Include(e => e.Manager).Include(e => e.Site).Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        const string Hr = "hr@demo.local";
        var columbus = await db.Sites.FirstAsync(s => s.Name == "Columbus", ct);
        var classes = new Dictionary<string, TrainingSession>(StringComparer.Ordinal);
        var exams = new Dictionary<string, TrainingSession>(StringComparer.Ordinal);
        TrainingSession Session(Dictionary<string, TrainingSession> map, string key, string title, SessionKind kind, Site site, DateOnly day, TimeOnly start, int minutes, string? url)
        {
            if (!map.TryGetValue(key, out var session))
            {
                var begin = SiteClock.ToUtc(day, start, SiteClock.Zone(site.TimeZone), out _) ?? day.ToDateTime(start, DateTimeKind.Utc);
                session = new TrainingSession
                {
                    Title = title,
                    Kind = kind,
                    SiteId = site.Id,
                    LocalDate = day,
                    LocalStart = start,
                    LengthMinutes = minutes,
                    StartUtc = begin,
                    EndUtc = begin.AddMinutes(minutes),
                    Location = url is null ? "Training room 2" : null,
                    OnlineUrl = url,
                    Status = SessionStatus.Scheduled,
                    Uid = $"demo-{key}@certdesk",
                };
                map[key] = session;
                db.Sessions.Add(session);
            }
            return session;
        }
        var seeded = 0;
        foreach (var (team, i) in teams.Select((t, i) => (t, i)))
        {
            var person = people[team.ManagerId!.Value];
            var site = person.Site ?? columbus;
            var manila = site.Name == "Manila";
            var approver = person.Manager?.Email ?? "manager@demo.local";
            var created = new DateOnly(2026, 1, 5).AddDays(i);
            var e = Dashboards.DemoFollowThrough.Enroll(person.Id, cccm, created, EnrollmentStatus.Passed, Hr, new DateOnly(2026, 4, 30));
            foreach (var t in e.Transitions.Where(t => t.To == EnrollmentStatus.Approved))
            {
                t.Actor = approver;
            }
            e.Origin = "cohort_plan";
            var decided = new DateTimeOffset(created.AddDays(6).ToDateTime(new TimeOnly(15, 0)), TimeSpan.Zero);
            ExpenseLine Expense(string category, decimal amount, DateOnly on, string note, ExpenseState state = ExpenseState.Approved) => new()
            {
                Category = category,
                Amount = amount,
                IncurredOn = on,
                Note = note,
                State = state,
                SubmittedBy = person.Email,
                DecidedBy = state == ExpenseState.Submitted ? null : Hr,
                DecidedAt = state == ExpenseState.Submitted ? null : decided,
            };
            e.Expenses.Add(Expense("tuition", 1_995m, created.AddDays(3), "RCCSP-accredited CCCM prep course seat"));
            e.Expenses.Add(Expense("materials", 185m, created.AddDays(10), "CCCM study guide and practice exams"));
            if (site.Name == "Phoenix")
            {
                e.Expenses.Add(Expense("travel", 640m, ClassDay, "Flight and hotel, Phoenix to Columbus for the prep class"));
            }
            if (i == 2)
            {
                e.Expenses.Add(Expense("other", 95m, ClassDay, "Team lunch after the class (not a program cost)", ExpenseState.Rejected));
            }
            if (i == teams.Count - 1)
            {
                e.Expenses.Add(Expense("travel", 220m, ExamDay, "Taxi to the exam centre (receipt pending)", ExpenseState.Submitted));
            }
            for (var k = 0; k < 6; k++)
            {
                var hours = 4m + ((i + k) % 4) * 1.5m;
                e.StudyLogs.Add(new StudyLog { On = new DateOnly(2026, 1, 20).AddDays(k * 14 + i), Hours = hours, Note = $"CCCM module {k + 1}", LoggedBy = person.Email });
            }
            var retake = i == 4;
            e.Attempts.Add(new ExamAttempt { Number = 1, TakenOn = ExamDay, Score = retake ? 64 : 76 + i, PassMark = 70, Passed = !retake, Fee = 300m, RecordedBy = Hr });
            if (retake)
            {
                e.Attempts.Add(new ExamAttempt { Number = 2, TakenOn = ExamDay.AddDays(14), Score = 81, PassMark = 70, Passed = true, Fee = 150m, RecordedBy = Hr });
            }
            var passedOn = retake ? ExamDay.AddDays(14) : ExamDay;
            e.ExamDate = passedOn;
            var cls = manila
                ? Session(classes, "cccm-class-mnl", ClassTitle + " (online)", SessionKind.Class, site, ClassDay.AddDays(2), new TimeOnly(9, 0), 480, "https://meet.example.com/cccm-prep")
                : Session(classes, "cccm-class-col", ClassTitle, SessionKind.Class, columbus, ClassDay, new TimeOnly(9, 0), 480, null);
            cls.Attendees.Add(new SessionAttendee { EmployeeId = person.Id });
            Session(exams, "cccm-exam-" + site.Name.ToLowerInvariant(), ExamTitle, SessionKind.Exam, site, ExamDay, new TimeOnly(10, 0), 90, null)
                .Attendees.Add(new SessionAttendee { EmployeeId = person.Id });

            var credential = new Credential
            {
                Number = "CD-2026-CCCM" + person.EmployeeNumber[1..],
                EmployeeId = person.Id,
                CertificationId = cccm.Id,
                EnrollmentId = e.Id,
                IssuedOn = passedOn,
                ExpiresOn = CredentialDates.Expiry(passedOn, cccm.ValidityMonths),
                Sharing = CredentialSharing.Validity,
                VerifiedBy = Hr,
                VerifiedAt = new DateTimeOffset(passedOn.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
                VerificationEvidence = "exam result recorded by HR",
            };
            var plan = ActionPlanService.NewPlan(person.Id, cccm.Id, credential.Id, passedOn);
            plan.Items.Add(new ActionItem { Title = "Run the weekly intraday review with WFM and act on the variance", Process = "Intraday management", OwnerId = person.Id, DueOn = passedOn.AddDays(21) });
            foreach (var check in plan.CheckIns.Where(c => c.Day == 30 || (c.Day == 60 && i % 4 != 3) || (c.Day == 90 && i % 2 == 0)))
            {
                (check.Evidence, check.EvidenceBy, check.EvidenceAt) = ("Intraday review held every week; variance actions logged.", person.Email, new DateTimeOffset(check.DueOn.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
                (check.Rating, check.RatedBy, check.RatedAt) = (3 + (i + check.Day / 30) % 3, approver, new DateTimeOffset(check.DueOn.AddDays(2).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
            }
            db.AddRange(e, credential, plan);

            // The approved business case the enrollment came from: the estimate the real spend is compared with.
            var estimate = new BusinessCase
            {
                EmployeeId = person.Id,
                CertificationCode = "CCCM",
                CertificationName = cccm.Name,
                FiscalYear = 2026,
                CostCenter = CostCenter,
                Fees = 2_295m,
                Materials = 150m,
                Travel = site.Name == "Phoenix" ? 700m : 0m,
                HoursAway = 40m,
                HourlyLoadedCost = person.HourlyLoadedCost,
                Backfill = 800m,
                Status = BusinessCaseStatus.Approved,
                Justification = "Supervisor of a certified team: intraday management, coaching and WFM collaboration.",
                SubmittedAt = decided.AddDays(-5),
                DecidedBy = "director@demo.local",
                DecidedAt = decided.AddDays(-4),
                CreatedBy = Hr,
                CreatedAt = decided.AddDays(-6),
            };
            estimate.Benefits.Add(new BusinessCaseBenefit { Name = "Service level and handle time on the team", AnnualValue = 9_000m, Isolation = 0.6m, Confidence = 0.8m });
            estimate.TotalCost = BusinessCaseService.Figures(estimate).TotalCost;
            db.BusinessCases.Add(estimate);
            seeded++;
        }
        if (!await db.Budgets.AnyAsync(b => b.FiscalYear == 2026 && b.CostCenter == CostCenter, ct))
        {
            db.Budgets.Add(new Budget { FiscalYear = 2026, CostCenter = CostCenter, Amount = 45_000m });
        }
        await db.SaveChangesAsync(ct);
        return seeded;
    }

    /// <summary>Deterministic facts, team by team, interval by interval (sorted as the contract's files are).</summary>
    public static IEnumerable<IntervalFact> Generate(IReadOnlyList<string> teams)
    {
        ArgumentNullException.ThrowIfNull(teams);
        var start = From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = To.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var certified = CertifiedOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        foreach (var team in teams.Order(StringComparer.Ordinal))
        {
            var rng = new SplitMix64((ulong)StableHash(team));
            var volume = 14 + 10 * rng.NextDouble();
            var sl = 0.70 + 0.12 * rng.NextDouble();
            var aht = 330 + 90 * rng.NextDouble();
            var abandon = 0.04 + 0.03 * rng.NextDouble();
            var fcr = 0.68 + 0.1 * rng.NextDouble();
            var csat = 3.9 + 0.5 * rng.NextDouble();
            var isCertified = CertifiedTeams.Contains(team, StringComparer.Ordinal);
            for (var t = start; t < end; t = t.AddMinutes(15))
            {
                var hour = t.Hour + t.Minute / 60.0;
                var shape = 0.25 + 0.75 * Math.Max(0, Math.Sin(Math.PI * (hour - 6) / 16));
                var season = 1 + 0.1 * Math.Sin(2 * Math.PI * (t - start).TotalDays / 365);
                var offered = (long)Math.Max(1, Math.Round(volume * shape * season + 2 * rng.NextGaussian()));
                // A common trend for everyone (the thing DiD removes) plus the certification effect, ramped in over a month.
                var trend = (t - start).TotalDays / 365;
                var ramp = isCertified ? Math.Clamp((t - certified).TotalDays / 30, 0, 1) : 0;
                var load = Math.Max(0, shape * season - 0.8);
                var slNow = Math.Clamp(sl - 0.2 * load - 0.02 * trend + ramp * SlEffectPoints / 100 + 0.04 * rng.NextGaussian(), 0.05, 1);
                var abandonNow = Math.Clamp(abandon + 0.04 * load + 0.005 * trend + ramp * AbandonEffectPoints / 100 + 0.01 * rng.NextGaussian(), 0, 0.5);
                var abandoned = Math.Min(offered, (long)Math.Round(offered * abandonNow));
                var answered = offered - abandoned;
                var within = Math.Min(answered, (long)Math.Round(offered * slNow));
                var asa = Math.Max(0, 8 + 60 * (1 - slNow) + 3 * rng.NextGaussian());
                var ahtNow = Math.Max(60, aht + 10 * trend + ramp * AhtEffectSeconds + 20 * rng.NextGaussian());
                var handle = (long)Math.Round(answered * ahtNow);
                var fcrNow = Math.Clamp(fcr + ramp * FcrEffectPoints / 100 + 0.05 * rng.NextGaussian(), 0, 1);
                var csatCount = (long)Math.Round(answered * 0.2);
                var csatNow = Math.Clamp(csat + ramp * CsatEffect + 0.2 * rng.NextGaussian(), 1, 5);
                yield return new IntervalFact(team, t, offered, answered, abandoned, within, (long)Math.Round(answered * asa), handle,
                    (long)Math.Round(handle * 0.08), (long)Math.Round(handle * 0.15), (long)Math.Round(answered * 0.07),
                    Math.Min(answered, (long)Math.Round(answered * fcrNow)), (long)Math.Round(csatCount * csatNow), csatCount);
            }
        }
    }

    private static uint StableHash(string s)
    {
        var h = 2166136261u;
        foreach (var c in s)
        {
            h = (h ^ c) * 16777619u;
        }
        return h;
    }
}
