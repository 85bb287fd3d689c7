namespace CertDesk.Features.Organization;

/// <summary>A contact-center site; its IANA time zone governs schedules and invites.</summary>
public sealed class Site : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The code of the jurisdiction whose rules limit tuition repayment agreements here (e.g. <c>US-CA</c>, see
    /// <see cref="CertDesk.Domain.Repayment.Jurisdictions"/>); null: no jurisdiction rule.</summary>
    public string? Jurisdiction { get; set; }
    public int Version { get; set; }
}

internal sealed class SiteConfiguration : IEntityTypeConfiguration<Site>
{
    public void Configure(EntityTypeBuilder<Site> site)
    {
        site.Property(s => s.Name).HasMaxLength(120);
        site.Property(s => s.TimeZone).HasMaxLength(64);
        site.Property(s => s.Jurisdiction).HasMaxLength(16);
        site.HasIndex(s => s.Name).IsUnique();
    }
}
