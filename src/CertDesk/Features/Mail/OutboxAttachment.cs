namespace CertDesk.Features.Mail;

/// <summary>A file sent with an <see cref="OutboxMessage"/> (e.g. a calendar invite, <c>text/calendar; method=REQUEST</c>).</summary>
public sealed class OutboxAttachment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OutboxMessageId { get; set; }
    public required string FileName { get; set; }

    /// <summary>The full MIME type with its parameters, e.g. <c>text/calendar; method=CANCEL; charset=utf-8</c>.</summary>
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
}

/// <summary>What a caller hands <see cref="Outbox"/> to attach.</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

internal sealed class OutboxAttachmentConfiguration : IEntityTypeConfiguration<OutboxAttachment>
{
    public void Configure(EntityTypeBuilder<OutboxAttachment> a)
    {
        a.ToTable("OutboxAttachments");
        a.Property(x => x.FileName).HasMaxLength(200);
        a.Property(x => x.ContentType).HasMaxLength(200);
        a.HasIndex(x => x.OutboxMessageId);
    }
}
