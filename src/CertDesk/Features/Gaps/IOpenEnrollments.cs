namespace CertDesk.Features.Gaps;

/// <summary>
/// The certifications people are enrolled in and have not finished (the cohort plan leaves those out). Implemented by
/// Enrollments, which already uses Gaps, so the two features stay one-way.
/// </summary>
public interface IOpenEnrollments
{
    /// <summary>(employee id, certification code) of every open enrollment of the people named.</summary>
    Task<IReadOnlySet<(Guid Employee, string Certification)>> OpenAsync(IReadOnlyCollection<Guid> employeeIds, CancellationToken ct);
}
