using CertDesk.Domain.Credentials;
using CertDesk.Features.Agreements;
using CertDesk.Features.TuitionPolicies;

namespace CertDesk.Features.Enrollments;

/// <summary>
/// The completion rules of the person's tuition agreement for this certification when one is in force (signed by
/// both, or since completed or separated): pass the exam, by the policy's deadline months counted from the
/// countersignature, and the policy's minimum grade when its standard is a minimum grade (<see cref="GradeScale"/>).
/// Without an agreement, the certification's default rules.
/// </summary>
public sealed class AgreementCompletionRules(CertDeskDbContext db) : ICompletionRules
{
    private sealed record Signed(Guid Id, Guid EmployeeId, string CertificationCode, DateTimeOffset CountersignedAt, CompletionStandard Standard, string? MinimumGrade, int DeadlineMonths);

    public async Task<CompletionRules> ForAsync(Enrollment enrollment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        var certification = enrollment.Certification is { } c ? (c.Code, c.ExamAttempts)
            : await db.Certifications.AsNoTracking().Where(x => x.Id == enrollment.CertificationId).Select(x => new ValueTuple<string, int?>(x.Code, x.ExamAttempts)).FirstAsync(ct);
        return (await RulesAsync([(enrollment, certification.Item1, certification.Item2)], ct))[enrollment.Id];
    }

    public Task<IReadOnlyDictionary<Guid, CompletionRules>> ForAllAsync(IReadOnlyCollection<Enrollment> enrollments, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(enrollments);
        return RulesAsync([.. enrollments.Select(e => (e, e.Certification?.Code ?? throw new InvalidOperationException("The enrollments' certifications must be loaded."), e.Certification.ExamAttempts))], ct);
    }

    private async Task<IReadOnlyDictionary<Guid, CompletionRules>> RulesAsync(IReadOnlyList<(Enrollment Enrollment, string Code, int? Attempts)> enrollments, CancellationToken ct)
    {
        var people = enrollments.Select(e => e.Enrollment.EmployeeId).Distinct().ToList();
        var signed = new List<Signed>();
        foreach (var chunk in people.Chunk(500))
        {
            signed.AddRange(await db.Agreements.AsNoTracking()
                .Where(a => chunk.Contains(a.EmployeeId) && a.CountersignedAt != null && a.Status != AgreementStatus.Superseded)
                .Select(a => new Signed(a.Id, a.EmployeeId, a.CertificationCode, a.CountersignedAt!.Value, a.Policy!.CompletionStandard, a.Policy.MinimumGrade, a.Policy.CompletionDeadlineMonths))
                .ToListAsync(ct));
        }
        // Ids are time-ordered (version 7): the latest signed agreement of a person for a certification decides.
        var latest = signed.GroupBy(a => (a.EmployeeId, a.CertificationCode)).ToDictionary(g => g.Key, g => g.MaxBy(a => a.Id)!);
        var rules = new Dictionary<Guid, CompletionRules>();
        foreach (var (enrollment, code, attempts) in enrollments)
        {
            if (!latest.TryGetValue((enrollment.EmployeeId, code), out var agreement))
            {
                rules[enrollment.Id] = new CompletionRules(enrollment.Deadline, RequirePass: true, enrollment.MinimumScore, "certification", attempts);
                continue;
            }
            var from = DateOnly.FromDateTime(agreement.CountersignedAt.UtcDateTime);
            var minimum = agreement.Standard == CompletionStandard.MinimumGrade ? GradeScale.ToScore(agreement.MinimumGrade) : null;
            rules[enrollment.Id] = new CompletionRules(from.AddMonths(agreement.DeadlineMonths), RequirePass: true, minimum ?? enrollment.MinimumScore, "agreement", attempts);
        }
        return rules;
    }
}
