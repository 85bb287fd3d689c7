namespace CertDesk.Features.Organization;

public enum EmploymentStatus
{
    Active,
    Separated,
}

/// <summary>
/// A person of the organization, keyed by the HRIS <c>employee_id</c> (<see cref="EmployeeNumber"/>).
/// Never deleted: a separation is recorded with its date and reason.
/// </summary>
public sealed class Employee : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string EmployeeNumber { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public required string Email { get; set; }
    public string Title { get; set; } = "";

    /// <summary>The job role competency profiles key on (Agent, Supervisor, Manager, ...).</summary>
    public string JobRole { get; set; } = "";
    public Guid? TeamId { get; set; }
    public Team? Team { get; set; }
    public Guid? SiteId { get; set; }
    public Site? Site { get; set; }
    public Guid? ManagerId { get; set; }
    public Employee? Manager { get; set; }
    public DateOnly HireDate { get; set; }
    public EmploymentStatus Status { get; set; }
    public DateOnly? SeparationDate { get; set; }
    public string? SeparationReason { get; set; }
    public decimal HourlyLoadedCost { get; set; }
    public int Version { get; set; }

    public string FullName => $"{FirstName} {LastName}";
}

internal sealed class EmployeeConfiguration : IEntityTypeConfiguration<Employee>
{
    public void Configure(EntityTypeBuilder<Employee> employee)
    {
        employee.Property(e => e.EmployeeNumber).HasMaxLength(64);
        employee.Property(e => e.FirstName).HasMaxLength(100);
        employee.Property(e => e.LastName).HasMaxLength(100);
        employee.Property(e => e.Email).HasMaxLength(254);
        employee.Property(e => e.Title).HasMaxLength(120);
        employee.Property(e => e.JobRole).HasMaxLength(64);
        employee.Property(e => e.SeparationReason).HasMaxLength(64);
        employee.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        employee.Property(e => e.HourlyLoadedCost).HasPrecision(12, 2);
        employee.HasIndex(e => e.EmployeeNumber).IsUnique();
        employee.HasIndex(e => e.Email);
        employee.HasIndex(e => e.ManagerId);
        employee.Ignore(e => e.FullName);
        employee.HasOne(e => e.Team).WithMany().HasForeignKey(e => e.TeamId).OnDelete(DeleteBehavior.SetNull);
        employee.HasOne(e => e.Site).WithMany().HasForeignKey(e => e.SiteId).OnDelete(DeleteBehavior.SetNull);
        employee.HasOne(e => e.Manager).WithMany().HasForeignKey(e => e.ManagerId).OnDelete(DeleteBehavior.Restrict);
    }
}
