using CertDesk.Data;
using CertDesk.Features.Organization;
using CertDesk.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.Tests.Infrastructure;

public sealed record ReminderCounts(int Reminders, int Sent, int Notifications, int DistinctNotified, int Emails);

/// <summary>Follow-through intents: a reminder pass at a given time, a node that dies after claiming, the counts.</summary>
public sealed partial class CertDeskApp
{
    /// <summary>One pass of the reminder scheduler on this node, as the hosted service runs it.</summary>
    public async Task<ReminderRunResult> RunRemindersAsync(DateTimeOffset now)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderRun>().RunAsync(now, CancellationToken.None);
    }

    /// <summary>A node that claims what is due and stops before sending (killed in the middle of a pass).</summary>
    public async Task<int> ClaimRemindersThenDieAsync(DateTimeOffset now)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        db.Audit.Suppressed = true;
        var due = await scope.ServiceProvider.GetRequiredService<ReminderRun>().CandidatesAsync(DateOnly.FromDateTime(now.UtcDateTime), CancellationToken.None);
        foreach (var c in due)
        {
            db.Reminders.Add(new Reminder { SubjectId = c.SubjectId, Kind = c.Kind, DueOn = c.DueOn, EmployeeId = c.EmployeeId, Text = c.Text, Link = c.Link, ClaimedBy = "node-that-died", ClaimedAt = now.UtcDateTime });
        }
        await db.SaveChangesAsync();
        return due.Count;
    }

    public async Task<ReminderCounts> ReminderCountsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        return new ReminderCounts(
            await db.Reminders.CountAsync(), await db.Reminders.CountAsync(r => r.SentAt != null), await db.Notifications.CountAsync(r => r.ReminderId != null),
            await db.Notifications.Where(r => r.ReminderId != null).Select(n => n.ReminderId).Distinct().CountAsync(),
            await db.OutboxMessages.CountAsync(m => m.Key.StartsWith("reminder:")));
    }

    /// <summary>Row counts of the follow-through tables: equal before and after a refused request means nothing was written.</summary>
    public async Task<string> FollowThroughCountsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        return string.Join(" ",
            await db.Enrollments.CountAsync(), await db.EnrollmentTransitions.CountAsync(), await db.StudyLogs.CountAsync(), await db.ExpenseLines.CountAsync(),
            await db.EvidenceFiles.CountAsync(), await db.ExamAttempts.CountAsync(), await db.Credentials.CountAsync(), await db.CeActivities.CountAsync(),
            await db.CheckIns.CountAsync(c => c.Evidence != null || c.Rating != null), await db.AuditEntries.CountAsync());
    }

    /// <summary>The verify command as a given caller (e.g. an HR person who holds the credential), through the service.</summary>
    public async Task<CertDesk.Features.Shared.Outcome<CertDesk.Features.Credentials.Credential>> VerifyCredentialAsAsync(CertDesk.Features.Accounts.Caller caller, Guid id, string evidence)
    {
        await using var scope = Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<CertDesk.Features.Credentials.CredentialService>();
        return await service.VerifyResultAsync(caller, id, new CertDesk.Features.Credentials.VerificationInput(evidence), null, CancellationToken.None);
    }

    public async Task<Guid> CertificationIdAsync(string code)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        return await db.Certifications.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
    }

    /// <summary>The employee numbers of a person and everyone below them in the org chart (walked here, not through the app's scope).</summary>
    public async Task<IReadOnlySet<string>> ChartFromAsync(string employeeNumber)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var people = await db.Employees.AsNoTracking().Select(e => new { e.Id, e.ManagerId, e.EmployeeNumber }).ToListAsync();
        var top = people.Single(p => p.EmployeeNumber == employeeNumber);
        var below = new HashSet<Guid> { top.Id };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var p in people.Where(p => p.ManagerId is { } m && below.Contains(m)))
            {
                grew |= below.Add(p.Id);
            }
        }
        return people.Where(p => below.Contains(p.Id)).Select(p => p.EmployeeNumber).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Active people outside a person's part of the org chart, by employee number.</summary>
    public async Task<IReadOnlyList<string>> OutsideChartOfAsync(string employeeNumber)
    {
        var inside = await ChartFromAsync(employeeNumber);
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var active = await db.Employees.AsNoTracking().Where(e => e.Status == EmploymentStatus.Active).OrderBy(e => e.EmployeeNumber).Select(e => e.EmployeeNumber).ToListAsync();
        return [.. active.Where(n => !inside.Contains(n))];
    }
}
