using CertDesk.Domain.Credentials;
using CertDesk.Features.Gaps;

namespace CertDesk.Features.Enrollments;

/// <summary>Open enrollments for the cohort plan: every stage that is not final (<see cref="EnrollmentLifecycle.IsOpen"/>; a failed exam may be retaken).</summary>
public sealed class OpenEnrollments(CertDeskDbContext db) : IOpenEnrollments
{
    private static readonly EnrollmentStatus[] s_open = [.. Enum.GetValues<EnrollmentStatus>().Where(EnrollmentLifecycle.IsOpen)];

    public async Task<IReadOnlySet<(Guid Employee, string Certification)>> OpenAsync(IReadOnlyCollection<Guid> employeeIds, CancellationToken ct)
    {
        var rows = await db.Enrollments.AsNoTracking()
            .Where(e => employeeIds.Contains(e.EmployeeId) && s_open.Contains(e.Status))
            .Select(e => new { e.EmployeeId, e.Certification!.Code }).ToListAsync(ct);
        return rows.Select(r => (r.EmployeeId, r.Code)).ToHashSet();
    }
}
