using CertDesk.Domain.Credentials;
using CertDesk.Features.Catalog;

namespace CertDesk.Features.Enrollments;

/// <summary>
/// One person working towards one certification (product.md capability 7): the stage, the deadline, the pass
/// mark, and where it came from (a cohort plan, a recommendation, or entered by hand).
/// </summary>
public sealed class Enrollment : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public Guid CertificationId { get; set; }
    public Certification? Certification { get; set; }
    public EnrollmentStatus Status { get; set; } = EnrollmentStatus.Planned;

    /// <summary>manual, cohort_plan or recommendation.</summary>
    public string Origin { get; set; } = "manual";
    public DateOnly? PlannedStart { get; set; }
    public DateOnly? Deadline { get; set; }
    public DateOnly? ExamDate { get; set; }

    /// <summary>The exam's pass mark (score 0-100) and the minimum grade a completion rule may ask for.</summary>
    public decimal PassMark { get; set; } = 70;
    public decimal? MinimumScore { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public List<EnrollmentTransition> Transitions { get; set; } = [];
    public List<StudyLog> StudyLogs { get; set; } = [];
    public List<ExpenseLine> Expenses { get; set; } = [];
    public List<ExamAttempt> Attempts { get; set; } = [];
    public int Version { get; set; }
}

/// <summary>One move of an enrollment from one stage to the next: who and when (the audit trail has it too).</summary>
public sealed class EnrollmentTransition
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnrollmentId { get; set; }
    public EnrollmentStatus? From { get; set; }
    public EnrollmentStatus To { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = "";
    public string Note { get; set; } = "";
}

/// <summary>Study hours: date, hours, note.</summary>
public sealed class StudyLog
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnrollmentId { get; set; }
    public DateOnly On { get; set; }
    public decimal Hours { get; set; }
    public string Note { get; set; } = "";
    public string LoggedBy { get; set; } = "";
}

public enum ExpenseState
{
    Submitted,
    Approved,
    Rejected,
}

/// <summary>A cost actually incurred (tuition, exam, materials, travel, ...), with its receipt; counts once HR approves it.</summary>
public sealed class ExpenseLine : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnrollmentId { get; set; }
    public string Category { get; set; } = "";
    public decimal Amount { get; set; }
    public DateOnly IncurredOn { get; set; }
    public string Note { get; set; } = "";
    public ExpenseState State { get; set; } = ExpenseState.Submitted;
    public string SubmittedBy { get; set; } = "";
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public Guid? ReceiptId { get; set; }
    public EvidenceFile? Receipt { get; set; }

    /// <summary>The tuition agreement this is paid under (tuition and materials, set when approved).</summary>
    public Guid? AgreementId { get; set; }

    /// <summary>Why the approver paid it past a limit (no agreement, over the funded amount or the annual cap); null when within.</summary>
    public string? OverrideReason { get; set; }
    public int Version { get; set; }
}

/// <summary>An exam attempt: date, score 0-100, passed against the pass mark, and what it cost.</summary>
public sealed class ExamAttempt
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnrollmentId { get; set; }
    public int Number { get; set; }
    public DateOnly TakenOn { get; set; }
    public decimal Score { get; set; }
    public decimal PassMark { get; set; }
    public bool Passed { get; set; }
    public decimal? Fee { get; set; }
    public string RecordedBy { get; set; } = "";
}

/// <summary>An uploaded file (a receipt, CE evidence): checked by content signature and size before it is stored.</summary>
public sealed class EvidenceFile
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Length { get; set; }
    public string Sha256 { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public Guid EmployeeId { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public string UploadedBy { get; set; } = "";
}

internal sealed class EnrollmentConfiguration : IEntityTypeConfiguration<Enrollment>
{
    public void Configure(EntityTypeBuilder<Enrollment> e)
    {
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Origin).HasMaxLength(32);
        e.Property(x => x.CreatedBy).HasMaxLength(254);
        e.Property(x => x.PassMark).HasPrecision(5, 2);
        e.Property(x => x.MinimumScore).HasPrecision(5, 2);
        e.HasIndex(x => new { x.EmployeeId, x.CertificationId });
        // One open enrollment per person and certification, kept by the database itself (two racing posts: one wins).
        e.HasIndex(x => new { x.EmployeeId, x.CertificationId }, "IX_Enrollments_OneOpen").IsUnique()
            .HasFilter("\"Status\" NOT IN ('Withdrawn', 'Failed', 'NotCompleted')");
        e.HasOne(x => x.Employee).WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(x => x.Certification).WithMany().HasForeignKey(x => x.CertificationId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(x => x.Transitions).WithOne().HasForeignKey(t => t.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.StudyLogs).WithOne().HasForeignKey(t => t.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Expenses).WithOne().HasForeignKey(t => t.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Attempts).WithOne().HasForeignKey(t => t.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EnrollmentTransitionConfiguration : IEntityTypeConfiguration<EnrollmentTransition>
{
    public void Configure(EntityTypeBuilder<EnrollmentTransition> t)
    {
        t.Property(x => x.From).HasConversion<string>().HasMaxLength(16);
        t.Property(x => x.To).HasConversion<string>().HasMaxLength(16);
        t.Property(x => x.Actor).HasMaxLength(254);
        t.Property(x => x.Note).HasMaxLength(1000);
        t.HasIndex(x => new { x.EnrollmentId, x.At });
    }
}

internal sealed class StudyLogConfiguration : IEntityTypeConfiguration<StudyLog>
{
    public void Configure(EntityTypeBuilder<StudyLog> s)
    {
        s.Property(x => x.Hours).HasPrecision(6, 2);
        s.Property(x => x.Note).HasMaxLength(1000);
        s.Property(x => x.LoggedBy).HasMaxLength(254);
    }
}

internal sealed class ExpenseLineConfiguration : IEntityTypeConfiguration<ExpenseLine>
{
    public void Configure(EntityTypeBuilder<ExpenseLine> x)
    {
        x.Property(e => e.Category).HasMaxLength(32);
        x.Property(e => e.Amount).HasPrecision(12, 2);
        x.Property(e => e.Note).HasMaxLength(1000);
        x.Property(e => e.State).HasConversion<string>().HasMaxLength(16);
        x.Property(e => e.SubmittedBy).HasMaxLength(254);
        x.Property(e => e.DecidedBy).HasMaxLength(254);
        x.Property(e => e.OverrideReason).HasMaxLength(500);
        x.HasIndex(e => new { e.AgreementId, e.State });
        x.HasOne(e => e.Receipt).WithMany().HasForeignKey(e => e.ReceiptId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ExamAttemptConfiguration : IEntityTypeConfiguration<ExamAttempt>
{
    public void Configure(EntityTypeBuilder<ExamAttempt> a)
    {
        a.Property(x => x.Score).HasPrecision(5, 2);
        a.Property(x => x.PassMark).HasPrecision(5, 2);
        a.Property(x => x.Fee).HasPrecision(12, 2);
        a.Property(x => x.RecordedBy).HasMaxLength(254);
        a.HasIndex(x => new { x.EnrollmentId, x.Number }).IsUnique();
    }
}

internal sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> f)
    {
        f.Property(x => x.FileName).HasMaxLength(255);
        f.Property(x => x.ContentType).HasMaxLength(64);
        f.Property(x => x.Sha256).HasMaxLength(64);
        f.Property(x => x.UploadedBy).HasMaxLength(254);
    }
}
