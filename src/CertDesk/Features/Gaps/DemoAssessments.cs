using CertDesk.Domain.Gaps;
using CertDesk.Features.Competencies;

namespace CertDesk.Features.Gaps;

/// <summary>
/// Demo ratings (deterministic): for every supervisor, manager and director of the demo organization, a self and
/// a manager rating of each competency of their role profile in two rounds (autumn 2025, spring 2026), and a test
/// rating of workforce management for supervisors, so that gaps, heat maps and trends have something to show.
/// </summary>
public sealed class DemoAssessments(CertDeskDbContext db)
{
    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        if (await db.Assessments.AnyAsync(ct) || !await db.Employees.AnyAsync(ct))
        {
            return false;
        }
        var random = new Random(20261202);
        var people = await db.Employees.AsNoTracking().Where(e => e.Status == EmploymentStatus.Active && (e.JobRole == "Supervisor" || e.JobRole == "Manager" || e.JobRole == "Director"))
            .OrderBy(e => e.EmployeeNumber).Select(e => new { e.Id, e.JobRole, ManagerEmail = e.Manager != null ? e.Manager.Email : "", e.Email }).ToListAsync(ct);
        var profiles = await db.RoleRequirements.AsNoTracking().Select(r => new { r.JobRole, r.CompetencyId, r.RequiredLevel, Code = r.Competency!.Code }).ToListAsync(ct);
        foreach (var person in people)
        {
            foreach (var requirement in profiles.Where(r => r.JobRole == person.JobRole).OrderBy(r => r.Code, StringComparer.Ordinal))
            {
                var start = Math.Clamp(requirement.RequiredLevel - random.Next(0, 3), 1, 5);
                var later = Math.Min(5, start + (random.Next(3) == 0 ? 1 : 0));
                Add(person.Id, requirement.CompetencyId, RatingSource.Self, Math.Min(5, start + random.Next(0, 2)), new DateOnly(2025, 9, 15), person.Email, "Self-assessment, autumn round");
                Add(person.Id, requirement.CompetencyId, RatingSource.Manager, start, new DateOnly(2025, 10, 1), person.ManagerEmail, "Observed in one-to-ones and floor walks");
                Add(person.Id, requirement.CompetencyId, RatingSource.Self, Math.Min(5, later + random.Next(0, 2)), new DateOnly(2026, 3, 16), person.Email, "Self-assessment, spring round");
                Add(person.Id, requirement.CompetencyId, RatingSource.Manager, later, new DateOnly(2026, 4, 1), person.ManagerEmail, "Reviewed against the team's KPIs");
                if (person.JobRole == "Supervisor" && requirement.Code == "WFM")
                {
                    Add(person.Id, requirement.CompetencyId, RatingSource.Test, Math.Clamp(later - random.Next(0, 2), 1, 5), new DateOnly(2026, 5, 4), "", "WFM knowledge check (scheduling and Erlang C)");
                }
            }
        }
        await db.SaveChangesAsync(ct);
        return true;

        void Add(Guid employee, Guid competency, RatingSource source, int level, DateOnly on, string assessor, string evidence) =>
            db.Assessments.Add(new Assessment { EmployeeId = employee, CompetencyId = competency, Source = source, Level = level, AssessedOn = on, AssessorEmail = assessor, Evidence = evidence });
    }
}
