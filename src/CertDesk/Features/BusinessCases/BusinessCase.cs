namespace CertDesk.Features.BusinessCases;

public enum BusinessCaseStatus
{
    Draft,
    Submitted,
    Approved,
    Rejected,

    /// <summary>A certification request (Features/Requests) waiting for the employee's manager; then it is submitted to the budget holder.</summary>
    Requested,

    /// <summary>A certification request its requester withdrew before the decision.</summary>
    Withdrawn,
}

/// <summary>
/// The case for sending one candidate to one certification: fully loaded cost, projected monetized benefit and
/// the approval decision. The certification is named by code and name until the catalog is merged.
/// </summary>
public sealed class BusinessCase : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public required string CertificationCode { get; set; }
    public required string CertificationName { get; set; }
    public int FiscalYear { get; set; }
    public required string CostCenter { get; set; }
    public decimal Fees { get; set; }
    public decimal Materials { get; set; }
    public decimal Travel { get; set; }
    public decimal HoursAway { get; set; }

    /// <summary>The employee's hourly loaded cost when the case was drafted (kept so later roster changes do not move an approved case).</summary>
    public decimal HourlyLoadedCost { get; set; }
    public decimal Backfill { get; set; }

    /// <summary>
    /// Where the cost figures came from: <c>quote</c>, <c>published</c> or <c>estimate</c> when they are the price book's
    /// (<see cref="Catalog.PriceBook.CostOfAsync"/>), <c>entered</c> (or null, cases from before the price book) when
    /// someone typed other figures. <see cref="CostBasis"/> says it in words ("quote from ..., valid to ...").
    /// </summary>
    public string? CostSource { get; set; }
    public string? CostBasis { get; set; }
    public int BenefitYears { get; set; } = 1;
    public List<BusinessCaseBenefit> Benefits { get; set; } = [];

    /// <summary>The fully loaded cost, kept in step with the lines by the service (budgets sum it).</summary>
    public decimal TotalCost { get; set; }
    public BusinessCaseStatus Status { get; set; }
    public string Justification { get; set; } = "";
    public string? DecisionComment { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? SubmittedBy { get; set; }

    /// <summary>Above the second-approval threshold: who approved first (a different approver completes the approval).</summary>
    public string? FirstApprovedBy { get; set; }
    public DateTimeOffset? FirstApprovedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
}

public sealed class BusinessCaseBenefit
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid BusinessCaseId { get; set; }
    public required string Name { get; set; }
    public decimal AnnualValue { get; set; }
    public decimal Isolation { get; set; } = 1m;
    public decimal Confidence { get; set; } = 1m;
}

/// <summary>What a cost center may spend on certifications in a fiscal year; approvals draw it down.</summary>
public sealed class Budget : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public int FiscalYear { get; set; }
    public required string CostCenter { get; set; }
    public decimal Amount { get; set; }
    public int Version { get; set; }
}

internal sealed class BusinessCaseConfiguration : IEntityTypeConfiguration<BusinessCase>
{
    public void Configure(EntityTypeBuilder<BusinessCase> c)
    {
        c.Property(x => x.CertificationCode).HasMaxLength(32);
        c.Property(x => x.CertificationName).HasMaxLength(200);
        c.Property(x => x.CostCenter).HasMaxLength(64);
        c.Property(x => x.Justification).HasMaxLength(4000);
        c.Property(x => x.DecisionComment).HasMaxLength(2000);
        c.Property(x => x.DecidedBy).HasMaxLength(254);
        c.Property(x => x.CreatedBy).HasMaxLength(254);
        c.Property(x => x.SubmittedBy).HasMaxLength(254);
        c.Property(x => x.FirstApprovedBy).HasMaxLength(254);
        c.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        c.Property(x => x.CostSource).HasMaxLength(16);
        c.Property(x => x.CostBasis).HasMaxLength(300);
        foreach (var money in new[] { nameof(BusinessCase.Fees), nameof(BusinessCase.Materials), nameof(BusinessCase.Travel), nameof(BusinessCase.Backfill), nameof(BusinessCase.TotalCost), nameof(BusinessCase.HourlyLoadedCost) })
        {
            c.Property<decimal>(money).HasPrecision(14, 2);
        }
        c.Property(x => x.HoursAway).HasPrecision(9, 2);
        c.HasIndex(x => new { x.FiscalYear, x.CostCenter, x.Status });
        c.HasIndex(x => x.EmployeeId);
        c.HasOne(x => x.Employee).WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        c.HasMany(x => x.Benefits).WithOne().HasForeignKey(b => b.BusinessCaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BusinessCaseBenefitConfiguration : IEntityTypeConfiguration<BusinessCaseBenefit>
{
    public void Configure(EntityTypeBuilder<BusinessCaseBenefit> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.AnnualValue).HasPrecision(14, 2);
        b.Property(x => x.Isolation).HasPrecision(5, 4);
        b.Property(x => x.Confidence).HasPrecision(5, 4);
    }
}

internal sealed class BudgetConfiguration : IEntityTypeConfiguration<Budget>
{
    public void Configure(EntityTypeBuilder<Budget> b)
    {
        b.Property(x => x.CostCenter).HasMaxLength(64);
        b.Property(x => x.Amount).HasPrecision(14, 2);
        b.HasIndex(x => new { x.FiscalYear, x.CostCenter }).IsUnique();
    }
}
