using System.Globalization;
using CertDesk.Data;
using CertDesk.Domain.Credentials;
using CertDesk.Features.Catalog;
using CertDesk.Features.Enrollments;
using CertDesk.Features.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.Tests.Infrastructure;

/// <summary>An expense line as HR left it: category, amount, date and approval state.</summary>
public sealed record ExpenseSpec(string Category, decimal Amount, DateOnly On, ExpenseState State = ExpenseState.Approved);

/// <summary>
/// What a person's enrollment holds after the fact (the stages, approvals and dates the API enforces are tested elsewhere):
/// expenses, exam attempts (date, fee, passed), study hours.
/// </summary>
public sealed record EnrollmentSpec(
    string EmployeeNumber, string CertificationCode, EnrollmentStatus Status, DateOnly Created,
    IReadOnlyList<ExpenseSpec>? Expenses = null, IReadOnlyList<(DateOnly On, decimal? Fee, bool Passed)>? Attempts = null,
    IReadOnlyList<(DateOnly On, decimal Hours)>? Study = null);

/// <summary>A team's KPI sums of one UTC day (yyyy-MM-dd), every column of the contract's intervals.</summary>
public sealed record KpiDay(string Day, long Offered, long Answered, long Abandoned, long Within, long Wait, long Handle, long Hold, long Wrap,
    long Transferred, long Fcr, long CsatSum, long CsatCount);

/// <summary>Proof intents: a certification of the catalog, enrollments with their recorded costs, and training sessions, dated in the past.</summary>
public sealed partial class CertDeskApp
{
    public async Task AddCertificationAsync(string code, string name)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        db.Certifications.Add(new Certification { Code = code, Name = name });
        await db.SaveChangesAsync();
    }

    public async Task<Guid> RecordEnrollmentAsync(EnrollmentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var employee = await db.Employees.SingleAsync(e => e.EmployeeNumber == spec.EmployeeNumber);
        var certification = await db.Certifications.SingleAsync(c => c.Code == spec.CertificationCode);
        var enrollment = new Enrollment
        {
            EmployeeId = employee.Id,
            CertificationId = certification.Id,
            Status = spec.Status,
            CreatedBy = "hr@demo.local",
            CreatedAt = new DateTimeOffset(spec.Created.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero),
        };
        enrollment.Transitions.Add(new EnrollmentTransition { To = spec.Status, At = enrollment.CreatedAt, Actor = "hr@demo.local" });
        foreach (var x in spec.Expenses ?? [])
        {
            enrollment.Expenses.Add(new ExpenseLine
            {
                Category = x.Category,
                Amount = x.Amount,
                IncurredOn = x.On,
                State = x.State,
                SubmittedBy = employee.Email,
                DecidedBy = x.State == ExpenseState.Submitted ? null : "hr@demo.local",
            });
        }
        var number = 0;
        foreach (var (on, fee, passed) in spec.Attempts ?? [])
        {
            enrollment.Attempts.Add(new ExamAttempt { Number = ++number, TakenOn = on, Score = passed ? 85 : 60, PassMark = 70, Passed = passed, Fee = fee, RecordedBy = "hr@demo.local" });
        }
        foreach (var (on, hours) in spec.Study ?? [])
        {
            enrollment.StudyLogs.Add(new StudyLog { On = on, Hours = hours, LoggedBy = employee.Email });
        }
        db.Enrollments.Add(enrollment);
        if (spec.Status == EnrollmentStatus.Passed && (spec.Attempts ?? []).LastOrDefault(a => a.Passed) is { On: var passedOn })
        {
            db.Credentials.Add(new CertDesk.Features.Credentials.Credential
            {
                Number = "CD-T-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant(),
                EmployeeId = employee.Id,
                CertificationId = certification.Id,
                EnrollmentId = enrollment.Id,
                IssuedOn = passedOn,
                ExpiresOn = CredentialDates.Expiry(passedOn, certification.ValidityMonths),
            });
        }
        await db.SaveChangesAsync();
        return enrollment.Id;
    }

    /// <summary>A class or exam session at a site, on a local date at 09:00 (times taken as UTC), attended by these people.</summary>
    public async Task AddSessionAsync(string siteName, string title, SessionKind kind, DateOnly day, int minutes, SessionStatus status, params string[] attendees)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var site = await db.Sites.SingleAsync(s => s.Name == siteName);
        var start = day.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);
        var session = new TrainingSession
        {
            Title = title,
            Kind = kind,
            SiteId = site.Id,
            LocalDate = day,
            LocalStart = new TimeOnly(9, 0),
            LengthMinutes = minutes,
            StartUtc = start,
            EndUtc = start.AddMinutes(minutes),
            Status = status,
            Uid = $"{Guid.NewGuid():N}@test",
        };
        foreach (var number in attendees)
        {
            session.Attendees.Add(new SessionAttendee { EmployeeId = (await db.Employees.SingleAsync(e => e.EmployeeNumber == number)).Id });
        }
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
    }

    /// <summary>The daily sums the KPI reports read (KpiDailyFacts) for a team, by day.</summary>
    public async Task<List<KpiDay>> KpiDaysAsync(string team)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        return [.. (await db.KpiDailyFacts.AsNoTracking().Where(d => d.TeamCode == team).ToListAsync())
            .Select(d => new KpiDay(d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Offered, d.Answered, d.Abandoned, d.AnsweredWithinThreshold,
                d.WaitSecondsAnswered, d.HandleSeconds, d.HoldSeconds, d.WrapSeconds, d.Transferred, d.ResolvedFirstContact, d.CsatSum, d.CsatCount))
            .OrderBy(d => d.Day, StringComparer.Ordinal)];
    }

    /// <summary>The reference for <see cref="KpiDaysAsync"/>: the team's interval facts read back and summed per UTC day here.</summary>
    public async Task<List<KpiDay>> KpiDaysFromTheFactsAsync(string team)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        return [.. (await db.KpiIntervalFacts.AsNoTracking().Where(f => f.TeamCode == team).ToListAsync())
            .GroupBy(f => f.IntervalStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Select(g => new KpiDay(g.Key, g.Sum(f => f.Offered), g.Sum(f => f.Answered), g.Sum(f => f.Abandoned), g.Sum(f => f.AnsweredWithinThreshold),
                g.Sum(f => f.WaitSecondsAnswered), g.Sum(f => f.HandleSeconds), g.Sum(f => f.HoldSeconds), g.Sum(f => f.WrapSeconds), g.Sum(f => f.Transferred),
                g.Sum(f => f.ResolvedFirstContact), g.Sum(f => f.CsatSum), g.Sum(f => f.CsatCount)))
            .OrderBy(d => d.Day, StringComparer.Ordinal)];
    }

    /// <summary>What a restore of a backup older than the daily sums does: every day of every team rebuilt from the facts.</summary>
    public async Task RebuildKpiDaysAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        await db.Database.OpenConnectionAsync();
        await global::CertDesk.Features.Proof.KpiDailyRollup.RebuildAsync(db.Database.GetDbConnection(), null, db.IsPostgres, CancellationToken.None);
    }
}
