using CertDesk.Domain.Credentials;
using CertDesk.Features.ActionPlans;
using CertDesk.Features.Credentials;
using CertDesk.Features.Enrollments;

namespace CertDesk.Features.Dashboards;

/// <summary>
/// Demo follow-through, dated relative to today so that dashboards show something current: the demo employee
/// (E0020) passed HDI-SCTL about six weeks ago (credential, action plan, a rated 30-day check-in, a survey) and is
/// studying for CWPP; three other supervisors of the demo manager (E0009) are at other stages.
/// </summary>
public sealed class DemoFollowThrough(CertDeskDbContext db, TimeProvider clock)
{
    private const string Employee = "employee@demo.local", Manager = "manager@demo.local", Hr = "hr@demo.local";

    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        if (await db.Enrollments.AnyAsync(ct))
        {
            return false;
        }
        var me = await db.Employees.FirstOrDefaultAsync(e => e.EmployeeNumber == "E0020", ct);
        var manager = await db.Employees.FirstOrDefaultAsync(e => e.EmployeeNumber == "E0009", ct);
        var certs = await db.Certifications.ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, ct);
        if (me is null || manager is null || !certs.ContainsKey("HDI-SCTL") || !certs.ContainsKey("CWPP"))
        {
            return false;
        }
        var peers = await db.Employees.Where(e => e.ManagerId == manager.Id && e.Id != me.Id && e.JobRole == "Supervisor").OrderBy(e => e.EmployeeNumber).Take(3).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        // The demo employee: passed HDI-SCTL 42 days ago.
        var sctl = Enroll(me.Id, certs["HDI-SCTL"], today.AddDays(-130), EnrollmentStatus.Passed, Employee, today.AddDays(-20));
        sctl.StudyLogs.AddRange([Study(today.AddDays(-100), 3, "Module 1-2: coaching frameworks"), Study(today.AddDays(-80), 4.5m, "Practice exam"), Study(today.AddDays(-50), 2, "Review of weak areas")]);
        sctl.Expenses.Add(new ExpenseLine { Category = "tuition", Amount = 1195m, IncurredOn = today.AddDays(-125), Note = "HDI course seat", State = ExpenseState.Approved, SubmittedBy = Employee, DecidedBy = Hr, DecidedAt = now.AddDays(-120) });
        sctl.Attempts.Add(new ExamAttempt { Number = 1, TakenOn = today.AddDays(-42), Score = 82, PassMark = 70, Passed = true, Fee = certs["HDI-SCTL"].ExamFee, RecordedBy = Employee });
        sctl.ExamDate = today.AddDays(-42);
        var credential = new Credential
        {
            Number = "CD-" + today.AddDays(-42).Year.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-DEMO2020",
            EmployeeId = me.Id,
            CertificationId = sctl.CertificationId,
            EnrollmentId = sctl.Id,
            IssuedOn = today.AddDays(-42),
            ExpiresOn = CredentialDates.Expiry(today.AddDays(-42), certs["HDI-SCTL"].ValidityMonths),
            Sharing = CredentialSharing.WithName,
            VerifiedBy = Hr,
            VerifiedAt = now.AddDays(-40),
            VerificationEvidence = "Score report checked in the HDI certification portal",
        };
        credential.CeActivities.Add(new CeActivity { On = today.AddDays(-10), Hours = 1.5m, Category = "web seminar", Description = "HDI webinar: coaching in hybrid teams (certificate of attendance)", LoggedBy = Employee });
        var plan = ActionPlanService.NewPlan(me.Id, sctl.CertificationId, credential.Id, credential.IssuedOn);
        plan.Items.AddRange([
            new ActionItem { Title = "Run the weekly QA calibration with the team's two senior agents", Process = "Weekly QA calibration", OwnerId = me.Id, DueOn = credential.IssuedOn.AddDays(14) },
            new ActionItem { Title = "Coach two agents a week on schedule adherence, using the real-time adherence report", Process = "Adherence coaching", OwnerId = me.Id, DueOn = credential.IssuedOn.AddDays(30) },
            new ActionItem { Title = "Bring the team's intraday variance to the Monday forecast review", Process = "Forecast review", OwnerId = manager.Id, DueOn = credential.IssuedOn.AddDays(60) },
        ]);
        var first = plan.CheckIns.Single(c => c.Day == 30);
        (first.Evidence, first.EvidenceBy, first.EvidenceAt) = ("Calibrated 4 weeks in a row; variance between scorers down from 11 to 5 points.", Employee, now.AddDays(-13));
        (first.Rating, first.RatingComment, first.RatedBy, first.RatedAt) = (4, "Calibration is now routine; coaching notes are specific.", Manager, now.AddDays(-11));
        db.Surveys.Add(new Survey { EmployeeId = me.Id, CertificationId = sctl.CertificationId, EnrollmentId = sctl.Id, Reaction = 4, Learning = 4, ConfidenceBefore = 2, ConfidenceAfter = 4, Comment = "Practical; the coaching module was the best part.", SubmittedAt = now.AddDays(-40) });

        // ... and studies for CWPP.
        var cwpp = Enroll(me.Id, certs["CWPP"], today.AddDays(-30), EnrollmentStatus.InProgress, Employee, today.AddDays(60));
        cwpp.StudyLogs.AddRange([Study(today.AddDays(-20), 2, "Erlang C refresher"), Study(today.AddDays(-6), 2.5m, "Staffing & scheduling exam prep")]);
        db.AddRange(sctl, cwpp, credential, plan);

        if (peers.Count >= 3 && certs.ContainsKey("HDI-SCM") && certs.ContainsKey("CQMP") && certs.ContainsKey("CCCM"))
        {
            // A peer whose HDI-SCM expires in about a month, with an overdue 90-day check-in.
            var issued = today.AddMonths(-36).AddDays(30);
            var scm = Enroll(peers[0].Id, certs["HDI-SCM"], issued.AddDays(-90), EnrollmentStatus.Passed, "hr@demo.local", issued.AddDays(10));
            scm.Attempts.Add(new ExamAttempt { Number = 1, TakenOn = issued, Score = 77, PassMark = 70, Passed = true, Fee = certs["HDI-SCM"].ExamFee, RecordedBy = Hr });
            var old = new Credential
            {
                Number = "CD-" + issued.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-DEMO" + peers[0].EmployeeNumber[1..],
                EmployeeId = peers[0].Id,
                CertificationId = scm.CertificationId,
                EnrollmentId = scm.Id,
                IssuedOn = issued,
                ExpiresOn = CredentialDates.Expiry(issued, certs["HDI-SCM"].ValidityMonths),
                Sharing = CredentialSharing.Validity,
                VerifiedBy = Hr,
                VerifiedAt = new DateTimeOffset(issued.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
                VerificationEvidence = "exam result recorded by HR",
            };
            old.CeActivities.Add(new CeActivity { On = issued.AddMonths(6), Hours = 20, Category = "course", Description = "HDI conference sessions", LoggedBy = Hr });
            var oldPlan = ActionPlanService.NewPlan(peers[0].Id, scm.CertificationId, old.Id, today.AddDays(-120));
            oldPlan.Items.Add(new ActionItem { Title = "Review the weekly staffing plan with WFM", Process = "Forecast review", OwnerId = peers[0].Id, DueOn = today.AddDays(-100) });
            oldPlan.CheckIns.Single(c => c.Day == 30).Rating = 3;
            oldPlan.CheckIns.Single(c => c.Day == 30).RatedBy = Manager;

            // A peer who failed CQMP once and has the retake scheduled.
            var cqmp = Enroll(peers[1].Id, certs["CQMP"], today.AddDays(-90), EnrollmentStatus.ExamScheduled, Manager, today.AddDays(30));
            cqmp.Attempts.Add(new ExamAttempt { Number = 1, TakenOn = today.AddDays(-14), Score = 64, PassMark = 70, Passed = false, Fee = certs["CQMP"].ExamFee, RecordedBy = Hr });
            cqmp.ExamDate = today.AddDays(6);
            cqmp.StudyLogs.Add(Study(today.AddDays(-30), 5, "QA form design"));

            // A peer with a planned CCCM from the cohort plan.
            var cccm = Enroll(peers[2].Id, certs["CCCM"], today.AddDays(-3), EnrollmentStatus.Planned, Manager, today.AddDays(180));
            cccm.Origin = "cohort_plan";
            db.AddRange(scm, old, oldPlan, cqmp, cccm);
        }
        await db.SaveChangesAsync(ct);
        return true;

        StudyLog Study(DateOnly on, decimal hours, string note) => new() { On = on, Hours = hours, Note = note, LoggedBy = Employee };
    }

    private static readonly EnrollmentStatus[] s_path = [EnrollmentStatus.Planned, EnrollmentStatus.Approved, EnrollmentStatus.Enrolled, EnrollmentStatus.InProgress, EnrollmentStatus.ExamScheduled];

    /// <summary>An enrollment with the transitions that led to its stage, a few days apart (the approval by the demo manager).</summary>
    internal static Enrollment Enroll(Guid employeeId, Catalog.Certification cert, DateOnly created, EnrollmentStatus status, string actor, DateOnly deadline)
    {
        var at = new DateTimeOffset(created.ToDateTime(new TimeOnly(14, 0)), TimeSpan.Zero);
        var e = new Enrollment { EmployeeId = employeeId, CertificationId = cert.Id, Status = status, CreatedAt = at, CreatedBy = actor, Deadline = deadline, PlannedStart = created.AddDays(7) };
        EnrollmentStatus? from = null;
        var path = status is EnrollmentStatus.Passed or EnrollmentStatus.Failed ? [.. s_path, status] : s_path.TakeWhile(s => s != status).Append(status).ToArray();
        for (var i = 0; i < path.Length; i++)
        {
            var by = path[i] == EnrollmentStatus.Approved ? Manager : actor;
            e.Transitions.Add(new EnrollmentTransition { From = from, To = path[i], At = at.AddDays(i * 5), Actor = by });
            from = path[i];
        }
        return e;
    }
}
