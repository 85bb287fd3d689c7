using CertDesk.Domain.Credentials;

namespace CertDesk.Features.Enrollments;

/// <summary>
/// The completion rules that apply to an enrollment. The default comes from the enrollment and its certification
/// (pass the exam, by the enrollment's deadline, the minimum grade if one was set); the tuition agreement, when the
/// person signed one, supplies its own (connected where agreements are registered).
/// </summary>
public interface ICompletionRules
{
    Task<CompletionRules> ForAsync(Enrollment enrollment, CancellationToken ct);

    /// <summary>The rules of many enrollments at once (their certifications loaded), by enrollment id: a few queries, not one per enrollment.</summary>
    Task<IReadOnlyDictionary<Guid, CompletionRules>> ForAllAsync(IReadOnlyCollection<Enrollment> enrollments, CancellationToken ct);
}

public sealed class CertificationCompletionRules : ICompletionRules
{
    public Task<CompletionRules> ForAsync(Enrollment enrollment, CancellationToken ct) => Task.FromResult(Of(enrollment));

    public Task<IReadOnlyDictionary<Guid, CompletionRules>> ForAllAsync(IReadOnlyCollection<Enrollment> enrollments, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<Guid, CompletionRules>>(enrollments.ToDictionary(e => e.Id, Of));

    public static CompletionRules Of(Enrollment enrollment)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        return new CompletionRules(enrollment.Deadline, RequirePass: true, enrollment.MinimumScore, "certification", enrollment.Certification?.ExamAttempts);
    }
}
