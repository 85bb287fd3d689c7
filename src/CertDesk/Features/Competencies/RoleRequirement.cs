namespace CertDesk.Features.Competencies;

/// <summary>
/// One line of a role profile: what a job role (as in <c>Employee.JobRole</c>: Supervisor, Manager, ...) requires of
/// a competency, the level (1-5) and the weight (importance, &gt; 0) the gap analysis multiplies the gap by.
/// </summary>
public sealed class RoleRequirement : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string JobRole { get; set; }
    public Guid CompetencyId { get; set; }
    public Competency? Competency { get; set; }
    public int RequiredLevel { get; set; }
    public decimal Weight { get; set; }
    public int Version { get; set; }
}

internal sealed class RoleRequirementConfiguration : IEntityTypeConfiguration<RoleRequirement>
{
    public void Configure(EntityTypeBuilder<RoleRequirement> requirement)
    {
        requirement.Property(r => r.JobRole).HasMaxLength(64);
        requirement.Property(r => r.Weight).HasPrecision(6, 2);
        requirement.HasIndex(r => new { r.JobRole, r.CompetencyId }).IsUnique();
        requirement.HasOne(r => r.Competency).WithMany().HasForeignKey(r => r.CompetencyId).OnDelete(DeleteBehavior.Cascade);
    }
}
