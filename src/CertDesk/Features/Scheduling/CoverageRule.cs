namespace CertDesk.Features.Scheduling;

/// <summary>
/// Supervisor coverage: at least one supervisor on the floor per <see cref="AgentsPerSupervisor"/> agents, and at least
/// <see cref="MinimumSupervisors"/> while any agent is on the floor; over one team (<see cref="TeamId"/>) or a whole
/// site (<see cref="SiteId"/>, team null). Supervisors are people whose job role is Supervisor or Manager.
/// </summary>
public sealed class CoverageRule : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SiteId { get; set; }
    public Site? Site { get; set; }
    public Guid? TeamId { get; set; }
    public Team? Team { get; set; }
    public int AgentsPerSupervisor { get; set; } = 15;
    public int MinimumSupervisors { get; set; } = 1;
    public int Version { get; set; }
}

internal sealed class CoverageRuleConfiguration : IEntityTypeConfiguration<CoverageRule>
{
    public void Configure(EntityTypeBuilder<CoverageRule> rule)
    {
        rule.HasOne(r => r.Site).WithMany().HasForeignKey(r => r.SiteId).OnDelete(DeleteBehavior.Cascade);
        rule.HasOne(r => r.Team).WithMany().HasForeignKey(r => r.TeamId).OnDelete(DeleteBehavior.Cascade);
        rule.HasIndex(r => new { r.SiteId, r.TeamId }).IsUnique();
    }
}
