namespace CertDesk.Features.Catalog;

/// <summary>An organization that awards certifications (RCCSP, SWPP, ICMI, HDI, CXPA, ...), keyed by its <see cref="Code"/>.</summary>
public sealed class Issuer : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? Website { get; set; }

    /// <summary>Where the issuer's identity was found (a citation); null = not sourced.</summary>
    public string? Source { get; set; }
    public int Version { get; set; }
}

internal sealed class IssuerConfiguration : IEntityTypeConfiguration<Issuer>
{
    public void Configure(EntityTypeBuilder<Issuer> issuer)
    {
        issuer.Property(i => i.Code).HasMaxLength(32);
        issuer.Property(i => i.Name).HasMaxLength(200);
        issuer.Property(i => i.Website).HasMaxLength(300);
        issuer.Property(i => i.Source).HasMaxLength(1000);
        issuer.HasIndex(i => i.Code).IsUnique();
    }
}
