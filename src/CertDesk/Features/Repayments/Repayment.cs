using CertDesk.Features.Agreements;

namespace CertDesk.Features.Repayments;

public enum RepaymentStatus
{
    Open,
    Settled,
}

public enum LedgerEntryKind
{
    /// <summary>A planned payroll deduction (does not reduce the balance until paid).</summary>
    ScheduledDeduction,
    Payment,
    Waiver,
    WriteOff,
}

/// <summary>What one separated employee owes under one agreement, and the ledger that settles it.</summary>
public sealed class Repayment : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AgreementId { get; set; }
    public Agreement? Agreement { get; set; }
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public DateOnly SeparationDate { get; set; }
    public required string Reason { get; set; }
    public DateOnly CommitmentStart { get; set; }
    public int MonthsServed { get; set; }
    public int CommitmentMonths { get; set; }
    public decimal Percent { get; set; }
    public required string Rule { get; set; }
    public decimal Owed { get; set; }
    public decimal Outstanding { get; set; }
    public RepaymentStatus Status { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public List<RepaymentEntry> Entries { get; set; } = [];
    public int Version { get; set; }
}

public sealed class RepaymentEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RepaymentId { get; set; }
    public LedgerEntryKind Kind { get; set; }
    public DateOnly Date { get; set; }
    public decimal Amount { get; set; }
    public string Note { get; set; } = "";
    public string? ApprovedBy { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

internal sealed class RepaymentConfiguration : IEntityTypeConfiguration<Repayment>
{
    public void Configure(EntityTypeBuilder<Repayment> r)
    {
        r.Property(x => x.Reason).HasMaxLength(32);
        r.Property(x => x.Rule).HasMaxLength(200);
        r.Property(x => x.Percent).HasPrecision(9, 4);
        r.Property(x => x.Owed).HasPrecision(14, 2);
        r.Property(x => x.Outstanding).HasPrecision(14, 2);
        r.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        r.HasIndex(x => x.AgreementId).IsUnique();
        r.HasIndex(x => x.Status);
        r.HasOne(x => x.Agreement).WithMany().HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Restrict);
        r.HasOne(x => x.Employee).WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        r.HasMany(x => x.Entries).WithOne().HasForeignKey(e => e.RepaymentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RepaymentEntryConfiguration : IEntityTypeConfiguration<RepaymentEntry>
{
    public void Configure(EntityTypeBuilder<RepaymentEntry> e)
    {
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        e.Property(x => x.Amount).HasPrecision(14, 2);
        e.Property(x => x.Note).HasMaxLength(1000);
        e.Property(x => x.ApprovedBy).HasMaxLength(254);
        e.Property(x => x.RecordedBy).HasMaxLength(254);
    }
}
