using CertDesk.Features.Accounts;
using CertDesk.Features.Agreements;
using CertDesk.Features.Audit;
using CertDesk.Features.BusinessCases;
using CertDesk.Features.Mail;
using CertDesk.Features.Catalog;
using CertDesk.Features.Competencies;
using CertDesk.Features.Organization;
using CertDesk.Features.ActionPlans;
using CertDesk.Features.Credentials;
using CertDesk.Features.Enrollments;
using CertDesk.Features.Reminders;
using CertDesk.Features.TuitionPolicies;
using CertDesk.Features.Repayments;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Data;

/// <summary>
/// The one model of CertDesk. Two thin subclasses (SQLite, PostgreSQL) own their migrations; DI exposes the
/// active one as this type. Every save is stamped into the hash-chained audit trail in the same transaction.
/// </summary>
public abstract class CertDeskDbContext(DbContextOptions options, AuditContext audit)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Site> Sites => Set<Site>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<Employee> Employees => Set<Employee>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<BusinessCase> BusinessCases => Set<BusinessCase>();
    public DbSet<Budget> Budgets => Set<Budget>();
    public DbSet<TuitionPolicy> TuitionPolicies => Set<TuitionPolicy>();
    public DbSet<Agreement> Agreements => Set<Agreement>();
    public DbSet<AgreementSignature> AgreementSignatures => Set<AgreementSignature>();
    public DbSet<ElectronicConsent> ElectronicConsents => Set<ElectronicConsent>();
    public DbSet<Repayment> Repayments => Set<Repayment>();
    public DbSet<RepaymentEntry> RepaymentEntries => Set<RepaymentEntry>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<Issuer> Issuers => Set<Issuer>();
    public DbSet<Certification> Certifications => Set<Certification>();
    public DbSet<CertificationCompetency> CertificationCompetencies => Set<CertificationCompetency>();
    public DbSet<Competency> Competencies => Set<Competency>();
    public DbSet<RoleRequirement> RoleRequirements => Set<RoleRequirement>();
    public DbSet<Assessment> Assessments => Set<Assessment>();
    public DbSet<Enrollment> Enrollments => Set<Enrollment>();
    public DbSet<EnrollmentTransition> EnrollmentTransitions => Set<EnrollmentTransition>();
    public DbSet<StudyLog> StudyLogs => Set<StudyLog>();
    public DbSet<ExpenseLine> ExpenseLines => Set<ExpenseLine>();
    public DbSet<ExamAttempt> ExamAttempts => Set<ExamAttempt>();
    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();
    public DbSet<Credential> Credentials => Set<Credential>();
    public DbSet<CeActivity> CeActivities => Set<CeActivity>();
    public DbSet<Reminder> Reminders => Set<Reminder>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<ActionPlan> ActionPlans => Set<ActionPlan>();
    public DbSet<ActionItem> ActionItems => Set<ActionItem>();
    public DbSet<CheckIn> CheckIns => Set<CheckIn>();
    public DbSet<Survey> Surveys => Set<Survey>();

    /// <summary>Who and when for the audit trail of this unit of work.</summary>
    public AuditContext Audit { get; } = audit;

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CertDeskDbContext).Assembly);
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            if (typeof(IVersioned).IsAssignableFrom(entity.ClrType))
            {
                builder.Entity(entity.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
            }
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        ChangeTracker.DetectChanges();
        SealedRecords.Guard(this);
        AuditTrail.Stamp(this);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        SealedRecords.Guard(this);
        await AuditTrail.StampAsync(this, cancellationToken);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }
}

public sealed class SqliteCertDeskDbContext(DbContextOptions<SqliteCertDeskDbContext> options, AuditContext audit)
    : CertDeskDbContext(options, audit);

public sealed class PostgresCertDeskDbContext(DbContextOptions<PostgresCertDeskDbContext> options, AuditContext audit)
    : CertDeskDbContext(options, audit);
