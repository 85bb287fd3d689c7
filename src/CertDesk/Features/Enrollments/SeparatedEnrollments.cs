using CertDesk.Domain.Credentials;

namespace CertDesk.Features.Enrollments;

/// <summary>
/// A separated person's open enrollments close (withdrawn, with the separation named on the transition), so they
/// leave the follow-through lists, reminders and plans. Idempotent: only enrollments still open are moved.
/// </summary>
public sealed class SeparatedEnrollments(CertDeskDbContext db, TimeProvider clock) : ISeparationListener
{
    public async Task<int> OnSeparationsAsync(CancellationToken ct)
    {
        var open = await db.Enrollments.Include(e => e.Employee)
            .Where(e => e.Employee!.Status == EmploymentStatus.Separated
                && e.Status != EnrollmentStatus.Passed && e.Status != EnrollmentStatus.Withdrawn && e.Status != EnrollmentStatus.NotCompleted)
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var enrollment in open)
        {
            var who = enrollment.Employee!;
            db.EnrollmentTransitions.Add(new EnrollmentTransition
            {
                EnrollmentId = enrollment.Id,
                From = enrollment.Status,
                To = EnrollmentStatus.Withdrawn,
                At = now,
                Actor = "system:separation",
                Note = $"closed: separated on {who.SeparationDate:yyyy-MM-dd} ({who.SeparationReason ?? "no reason given yet"})",
            });
            enrollment.Status = EnrollmentStatus.Withdrawn;
        }
        if (open.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }
        return open.Count;
    }
}
