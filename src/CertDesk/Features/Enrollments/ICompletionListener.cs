namespace CertDesk.Features.Enrollments;

/// <summary>
/// Told, in the unit of work that moves an enrollment to not completed (final failed attempt, grade below the standard,
/// missed deadline), so the tuition agreement's not-completed rule can open its repayment in the same save
/// (connected where repayments are registered).
/// </summary>
public interface ICompletionListener
{
    Task NotCompletedAsync(Enrollment enrollment, DateOnly on, string reason, CancellationToken ct);
}
