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
}

public sealed class CertificationCompletionRules : ICompletionRules
{
    public Task<CompletionRules> ForAsync(Enrollment enrollment, CancellationToken ct) =>
        Task.FromResult(new CompletionRules(enrollment.Deadline, RequirePass: true, enrollment.MinimumScore, "certification", enrollment.Certification?.ExamAttempts));
}
