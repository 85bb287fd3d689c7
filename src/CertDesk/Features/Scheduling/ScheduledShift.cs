namespace CertDesk.Features.Scheduling;

/// <summary>
/// One scheduled activity of one person, as imported (<c>employee_id,date,start,end,activity</c> in the site's local
/// time) and as instants in UTC. Only <see cref="ScheduleActivities.Work"/> is time on the floor.
/// </summary>
public sealed class ScheduledShift
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public DateOnly LocalDate { get; set; }
    public TimeOnly LocalStart { get; set; }
    public TimeOnly LocalEnd { get; set; }
    public DateTime StartUtc { get; set; }
    public DateTime EndUtc { get; set; }
    public required string Activity { get; set; }
}

/// <summary>
/// The activities of a schedule row; only work counts as on the floor. <c>exam</c> and <c>coaching</c> are the default
/// codes of exam and coaching sessions in the schedule exceptions (<see cref="SessionExceptionOptions"/>), so that an
/// export of them imports back.
/// </summary>
public static class ScheduleActivities
{
    public const string Work = "work";
    public static readonly string[] All = [Work, "break", "lunch", "meeting", "training", "exam", "coaching", "off_phone"];
}

internal sealed class ScheduledShiftConfiguration : IEntityTypeConfiguration<ScheduledShift>
{
    public void Configure(EntityTypeBuilder<ScheduledShift> shift)
    {
        shift.ToTable("ScheduledShifts");
        shift.Property(s => s.Activity).HasMaxLength(32);
        shift.Property(s => s.StartUtc).HasConversion(UtcDateTime.Converter);
        shift.Property(s => s.EndUtc).HasConversion(UtcDateTime.Converter);
        shift.HasIndex(s => new { s.EmployeeId, s.LocalDate });
        shift.HasIndex(s => s.StartUtc);
        shift.HasOne(s => s.Employee).WithMany().HasForeignKey(s => s.EmployeeId).OnDelete(DeleteBehavior.Cascade);
    }
}
