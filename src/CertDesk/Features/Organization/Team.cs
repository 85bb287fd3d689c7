namespace CertDesk.Features.Organization;

/// <summary>A team, keyed by the roster's <c>team_id</c> (its <see cref="Code"/>).</summary>
public sealed class Team : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Code { get; set; }
    public required string Name { get; set; }
    public Guid SiteId { get; set; }
    public Site? Site { get; set; }
    public Guid? ManagerId { get; set; }
    public Employee? Manager { get; set; }
    public int Version { get; set; }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> team)
    {
        team.Property(t => t.Code).HasMaxLength(64);
        team.Property(t => t.Name).HasMaxLength(120);
        team.HasIndex(t => t.Code).IsUnique();
        team.HasIndex(t => t.Name).IsUnique();
        team.HasOne(t => t.Site).WithMany().HasForeignKey(t => t.SiteId).OnDelete(DeleteBehavior.Restrict);
        team.HasOne(t => t.Manager).WithMany().HasForeignKey(t => t.ManagerId).OnDelete(DeleteBehavior.SetNull);
    }
}
