using CertDesk.Data;
using CertDesk.Domain.Credentials;
using CertDesk.Features.Agreements;
using CertDesk.Features.TuitionPolicies;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Enrollments;

/// <summary>
/// The completion rules of the person's tuition agreement for this certification when one is in force (signed by
/// both, or since completed or separated): pass the exam, by the policy's deadline months counted from the
/// countersignature, and the policy's minimum grade when its standard is a minimum grade (<see cref="GradeScale"/>).
/// Without an agreement, the certification's default rules.
/// </summary>
public sealed class AgreementCompletionRules(CertDeskDbContext db, CertificationCompletionRules fallback) : ICompletionRules
{
    public async Task<CompletionRules> ForAsync(Enrollment enrollment, CancellationToken ct)
    {
        var code = enrollment.Certification?.Code ?? await db.Certifications.Where(c => c.Id == enrollment.CertificationId).Select(c => c.Code).FirstAsync(ct);
        var agreements = await db.Agreements.AsNoTracking()
            .Where(a => a.EmployeeId == enrollment.EmployeeId && a.CertificationCode == code && a.CountersignedAt != null && a.Status != AgreementStatus.Superseded)
            .Select(a => new { a.Id, a.CountersignedAt, a.Policy!.CompletionStandard, a.Policy.MinimumGrade, a.Policy.CompletionDeadlineMonths })
            .ToListAsync(ct);
        var agreement = agreements.OrderByDescending(a => a.Id).FirstOrDefault();
        if (agreement is null)
        {
            return await fallback.ForAsync(enrollment, ct);
        }
        var signed = DateOnly.FromDateTime(agreement.CountersignedAt!.Value.UtcDateTime);
        var minimum = agreement.CompletionStandard == CompletionStandard.MinimumGrade ? GradeScale.ToScore(agreement.MinimumGrade) : null;
        return new CompletionRules(signed.AddMonths(agreement.CompletionDeadlineMonths), RequirePass: true, minimum ?? enrollment.MinimumScore, "agreement", await AttemptLimitAsync(enrollment, ct));
    }

    private async Task<int?> AttemptLimitAsync(Enrollment enrollment, CancellationToken ct) => enrollment.Certification is { } c
        ? c.ExamAttempts
        : await db.Certifications.Where(c => c.Id == enrollment.CertificationId).Select(c => c.ExamAttempts).FirstAsync(ct);
}
