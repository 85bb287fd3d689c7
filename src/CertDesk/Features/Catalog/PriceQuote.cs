namespace CertDesk.Features.Catalog;

/// <summary>How a quoted course is delivered; in person (or blended) adds the travel assumption to the cost.</summary>
public enum DeliveryFormat
{
    Online,
    InPerson,
    Blended,
}

/// <summary>
/// One quote of the center's own price book for a certification: what a vendor (or the issuer) quoted the center,
/// valid from a day to a day (or open-ended). It is the cost basis while in force; beside it the catalog keeps the
/// issuer's published price. Edited with If-Match (<see cref="Version"/>); every change is in the audit trail.
/// </summary>
public sealed class PriceQuote : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CertificationId { get; set; }
    public Certification? Certification { get; set; }
    public decimal Tuition { get; set; }

    /// <summary>Null: not part of this quote (the catalog's published exam fee, if any, applies).</summary>
    public decimal? ExamFee { get; set; }
    public decimal? Materials { get; set; }
    public decimal? ClassHours { get; set; }
    public DeliveryFormat Delivery { get; set; }
    public DateOnly ValidFrom { get; set; }

    /// <summary>Last day the quote holds; null = until replaced.</summary>
    public DateOnly? ValidTo { get; set; }

    /// <summary>Who quoted it: the vendor, the issuer, or where the figure was found.</summary>
    public required string Vendor { get; set; }

    /// <summary>The quote's own number or reference, if any.</summary>
    public string? Reference { get; set; }

    /// <summary>A made-up figure of the demo organization (shown as such), never a real offer.</summary>
    public bool DemoFigure { get; set; }

    /// <summary>The vendor's quote document (PDF or image), when attached.</summary>
    public string? AttachmentName { get; set; }
    public string? AttachmentContentType { get; set; }
    public byte[]? AttachmentContent { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }

    public bool InForceOn(DateOnly day) => ValidFrom <= day && (ValidTo is null || ValidTo >= day);
}

internal sealed class PriceQuoteConfiguration : IEntityTypeConfiguration<PriceQuote>
{
    public void Configure(EntityTypeBuilder<PriceQuote> quote)
    {
        quote.Property(q => q.Tuition).HasPrecision(12, 2);
        quote.Property(q => q.ExamFee).HasPrecision(12, 2);
        quote.Property(q => q.Materials).HasPrecision(12, 2);
        quote.Property(q => q.ClassHours).HasPrecision(8, 2);
        quote.Property(q => q.Delivery).HasConversion<string>().HasMaxLength(16);
        quote.Property(q => q.Vendor).HasMaxLength(200);
        quote.Property(q => q.Reference).HasMaxLength(100);
        quote.Property(q => q.AttachmentName).HasMaxLength(200);
        quote.Property(q => q.AttachmentContentType).HasMaxLength(100);
        quote.Property(q => q.CreatedBy).HasMaxLength(256);
        quote.HasIndex(q => new { q.CertificationId, q.ValidFrom, q.Vendor }).IsUnique();
        quote.HasOne(q => q.Certification).WithMany().HasForeignKey(q => q.CertificationId).OnDelete(DeleteBehavior.Cascade);
    }
}
