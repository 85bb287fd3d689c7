namespace CertDesk.Features.Reminders;

/// <summary>
/// One reminder, keyed by (subject, kind, due date): the unique key is the claim. A node that inserts the row owns
/// the sending; a claim older than the lease with nothing sent is taken over (the node died in the middle).
/// </summary>
public sealed class Reminder
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The enrollment, credential or check-in the reminder is about.</summary>
    public Guid SubjectId { get; set; }
    public required string Kind { get; set; }
    public DateOnly DueOn { get; set; }
    public Guid EmployeeId { get; set; }
    public string Text { get; set; } = "";
    public string Link { get; set; } = "";
    public string ClaimedBy { get; set; } = "";
    /// <summary>UTC (a DateTime, so that SQLite can compare it against the lease cutoff).</summary>
    public DateTime ClaimedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public int Attempts { get; set; }
}

/// <summary>An in-app message, shown on the home page until read. At most one per reminder.</summary>
public sealed class Notification
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public Guid? ReminderId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string Text { get; set; } = "";
    public string Link { get; set; } = "";
    public DateTimeOffset? ReadAt { get; set; }
}

internal sealed class ReminderConfiguration : IEntityTypeConfiguration<Reminder>
{
    public void Configure(EntityTypeBuilder<Reminder> r)
    {
        r.Property(x => x.Kind).HasMaxLength(48);
        r.Property(x => x.Text).HasMaxLength(500);
        r.Property(x => x.Link).HasMaxLength(300);
        r.Property(x => x.ClaimedBy).HasMaxLength(100);
        r.HasIndex(x => new { x.SubjectId, x.Kind, x.DueOn }).IsUnique();
        r.HasIndex(x => x.SentAt);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> n)
    {
        n.Property(x => x.Text).HasMaxLength(500);
        n.Property(x => x.Link).HasMaxLength(300);
        n.HasIndex(x => x.ReminderId).IsUnique();
        n.HasIndex(x => new { x.EmployeeId, x.ReadAt });
        n.HasOne(x => x.Employee).WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
