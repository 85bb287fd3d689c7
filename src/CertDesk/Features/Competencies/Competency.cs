namespace CertDesk.Features.Competencies;

/// <summary>
/// A competency of the framework, grouped by <see cref="Category"/>, optionally a part of a broader one
/// (<see cref="ParentId"/>; the hierarchy may not loop), with what each level 1-5 looks like.
/// </summary>
public sealed class Competency : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Category { get; set; }
    public Guid? ParentId { get; set; }
    public Competency? Parent { get; set; }
    public string Level1 { get; set; } = "";
    public string Level2 { get; set; } = "";
    public string Level3 { get; set; } = "";
    public string Level4 { get; set; } = "";
    public string Level5 { get; set; } = "";
    public int Version { get; set; }

    public string[] Levels => [Level1, Level2, Level3, Level4, Level5];
}

internal sealed class CompetencyConfiguration : IEntityTypeConfiguration<Competency>
{
    public void Configure(EntityTypeBuilder<Competency> competency)
    {
        competency.Property(c => c.Code).HasMaxLength(32);
        competency.Property(c => c.Name).HasMaxLength(120);
        competency.Property(c => c.Category).HasMaxLength(80);
        foreach (var level in new[] { "Level1", "Level2", "Level3", "Level4", "Level5" })
        {
            competency.Property(level).HasMaxLength(500);
        }
        competency.HasIndex(c => c.Code).IsUnique();
        competency.HasOne(c => c.Parent).WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        competency.Ignore(c => c.Levels);
    }
}
