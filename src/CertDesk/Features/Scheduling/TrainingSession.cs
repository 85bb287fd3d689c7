namespace CertDesk.Features.Scheduling;

public enum SessionKind
{
    Class,
    Exam,
    Coaching,
}

public enum SessionStatus
{
    Scheduled,
    Cancelled,
}

/// <summary>
/// A class, exam or coaching session at a site: local date and start (the site's time zone), length, attendees,
/// a room or an online link. <see cref="Uid"/> and <see cref="Sequence"/> are the calendar invite's identity and
/// revision: an update raises the sequence, a cancellation keeps the UID.
/// </summary>
public sealed class TrainingSession : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Title { get; set; }
    public SessionKind Kind { get; set; }
    public Guid SiteId { get; set; }
    public Site? Site { get; set; }
    public DateOnly LocalDate { get; set; }
    public TimeOnly LocalStart { get; set; }
    public int LengthMinutes { get; set; }
    public DateTime StartUtc { get; set; }
    public DateTime EndUtc { get; set; }
    public string? Location { get; set; }
    public string? OnlineUrl { get; set; }
    public SessionStatus Status { get; set; }
    public required string Uid { get; set; }
    public int Sequence { get; set; }
    public Guid? OrganizerId { get; set; }
    public Employee? Organizer { get; set; }
    public List<SessionAttendee> Attendees { get; set; } = [];
    public int Version { get; set; }
}

public sealed class SessionAttendee
{
    public Guid SessionId { get; set; }
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
}

internal sealed class TrainingSessionConfiguration : IEntityTypeConfiguration<TrainingSession>
{
    public void Configure(EntityTypeBuilder<TrainingSession> session)
    {
        session.ToTable("TrainingSessions");
        session.Property(s => s.Title).HasMaxLength(200);
        session.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        session.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        session.Property(s => s.Location).HasMaxLength(200);
        session.Property(s => s.OnlineUrl).HasMaxLength(500);
        session.Property(s => s.Uid).HasMaxLength(100);
        session.HasIndex(s => s.Uid).IsUnique();
        session.HasIndex(s => s.StartUtc);
        session.Property(s => s.StartUtc).HasConversion(UtcDateTime.Converter);
        session.Property(s => s.EndUtc).HasConversion(UtcDateTime.Converter);
        session.HasOne(s => s.Site).WithMany().HasForeignKey(s => s.SiteId).OnDelete(DeleteBehavior.Restrict);
        session.HasOne(s => s.Organizer).WithMany().HasForeignKey(s => s.OrganizerId).OnDelete(DeleteBehavior.SetNull);
        session.HasMany(s => s.Attendees).WithOne().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionAttendeeConfiguration : IEntityTypeConfiguration<SessionAttendee>
{
    public void Configure(EntityTypeBuilder<SessionAttendee> attendee)
    {
        attendee.ToTable("SessionAttendees");
        attendee.HasKey(a => new { a.SessionId, a.EmployeeId });
        attendee.HasIndex(a => a.EmployeeId);
        attendee.HasOne(a => a.Employee).WithMany().HasForeignKey(a => a.EmployeeId).OnDelete(DeleteBehavior.Cascade);
    }
}
