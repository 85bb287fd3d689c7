namespace CertDesk.Features.Scheduling;

/// <summary>
/// A contact queue of a site, served by teams, with its service-level target (e.g. 80 % in 20 s), the mean patience
/// for Erlang A (null: Erlang C), the maximum occupancy and the shrinkage used to gross up required staff.
/// </summary>
public sealed class Queue : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public Guid SiteId { get; set; }
    public Site? Site { get; set; }
    public List<Team> Teams { get; set; } = [];
    public decimal ServiceLevel { get; set; } = 0.8m;
    public int TargetSeconds { get; set; } = 20;
    public int? PatienceSeconds { get; set; }
    public decimal? MaxOccupancy { get; set; } = 0.9m;
    public decimal? Shrinkage { get; set; } = 0.3m;
    public int Version { get; set; }
}

internal sealed class QueueConfiguration : IEntityTypeConfiguration<Queue>
{
    public void Configure(EntityTypeBuilder<Queue> queue)
    {
        queue.ToTable("Queues");
        queue.Property(q => q.Name).HasMaxLength(120);
        queue.HasIndex(q => q.Name).IsUnique();
        queue.Property(q => q.ServiceLevel).HasPrecision(5, 4);
        queue.Property(q => q.MaxOccupancy).HasPrecision(5, 4);
        queue.Property(q => q.Shrinkage).HasPrecision(5, 4);
        queue.HasOne(q => q.Site).WithMany().HasForeignKey(q => q.SiteId).OnDelete(DeleteBehavior.Restrict);
        queue.HasMany(q => q.Teams).WithMany().UsingEntity(
            "QueueTeams",
            r => r.HasOne(typeof(Team)).WithMany().HasForeignKey("TeamId").OnDelete(DeleteBehavior.Cascade),
            l => l.HasOne(typeof(Queue)).WithMany().HasForeignKey("QueueId").OnDelete(DeleteBehavior.Cascade));
    }
}
