namespace CertDesk.Features.Mail;

/// <summary>
/// An e-mail CertDesk sends (or has sent). <see cref="Key"/> is unique, so queuing the same message twice
/// (a reminder re-run, a retried request) writes it once.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Key { get; set; }
    public required string To { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>"smtp" or "pickup" (an .eml file in the pickup folder).</summary>
    public string? Transport { get; set; }
    public string? Error { get; set; }
    public int Attempts { get; set; }

    /// <summary>Files sent with the message (calendar invites); deleted with it.</summary>
    public List<OutboxAttachment> Attachments { get; set; } = [];
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> m)
    {
        m.Property(x => x.Key).HasMaxLength(200);
        m.Property(x => x.To).HasMaxLength(254);
        m.Property(x => x.Subject).HasMaxLength(300);
        m.Property(x => x.Transport).HasMaxLength(16);
        m.Property(x => x.Error).HasMaxLength(1000);
        m.HasIndex(x => x.Key).IsUnique();
        m.HasIndex(x => x.SentAt);
        m.HasMany(x => x.Attachments).WithOne().HasForeignKey(a => a.OutboxMessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
