using CertDesk.Domain.Gaps;

namespace CertDesk.Features.Competencies;

/// <summary>
/// One rating of one person's competency: self, manager or test; dated; with evidence and a comment.
/// Ratings are kept (a new rating is a new row), so the trend over time can be drawn.
/// </summary>
public sealed class Assessment : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public Guid CompetencyId { get; set; }
    public Competency? Competency { get; set; }
    public RatingSource Source { get; set; }

    /// <summary>0-5: 0 = no evidence of the competency yet.</summary>
    public int Level { get; set; }
    public DateOnly AssessedOn { get; set; }
    public string AssessorEmail { get; set; } = "";
    public string Evidence { get; set; } = "";
    public string Comment { get; set; } = "";
    public int Version { get; set; }
}

internal sealed class AssessmentConfiguration : IEntityTypeConfiguration<Assessment>
{
    public void Configure(EntityTypeBuilder<Assessment> assessment)
    {
        assessment.Property(a => a.Source).HasConversion<string>().HasMaxLength(16);
        assessment.Property(a => a.AssessorEmail).HasMaxLength(254);
        assessment.Property(a => a.Evidence).HasMaxLength(2000);
        assessment.Property(a => a.Comment).HasMaxLength(2000);
        // The natural key that makes an import idempotent: one rating per person, competency, source, day and assessor.
        assessment.HasIndex(a => new { a.EmployeeId, a.CompetencyId, a.Source, a.AssessedOn, a.AssessorEmail }).IsUnique();
        assessment.HasOne(a => a.Employee).WithMany().HasForeignKey(a => a.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        assessment.HasOne(a => a.Competency).WithMany().HasForeignKey(a => a.CompetencyId).OnDelete(DeleteBehavior.Restrict);
    }
}
