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
using CertDesk.Features.Scheduling;
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
    public DbSet<Queue> Queues => Set<Queue>();
    public DbSet<CoverageRule> CoverageRules => Set<CoverageRule>();
    public DbSet<QueueForecast> Forecasts => Set<QueueForecast>();
    public DbSet<ScheduledShift> Shifts => Set<ScheduledShift>();
    public DbSet<TrainingSession> Sessions => Set<TrainingSession>();
    public DbSet<SessionAttendee> SessionAttendees => Set<SessionAttendee>();
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
    public DbSet<OutboxAttachment> OutboxAttachments => Set<OutboxAttachment>();
    public DbSet<Issuer> Issuers => Set<Issuer>();
    public DbSet<Certification> Certifications => Set<Certification>();
    public DbSet<CertificationCompetency> CertificationCompetencies => Set<CertificationCompetency>();
    public DbSet<PriceQuote> PriceQuotes => Set<PriceQuote>();
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
    public DbSet<Features.Proof.KpiIntervalFact> KpiIntervalFacts => Set<Features.Proof.KpiIntervalFact>();
    public DbSet<Features.Proof.QaScore> QaScores => Set<Features.Proof.QaScore>();
    public DbSet<Features.Proof.KpiImportRecord> KpiImports => Set<Features.Proof.KpiImportRecord>();
    public DbSet<Features.Proof.RoiStudyRecord> RoiStudies => Set<Features.Proof.RoiStudyRecord>();

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
        if (IsPostgres && HasAuditedChanges())
        {
            return await SaveSerializedAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        await AuditTrail.StampAsync(this, cancellationToken);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Serializes audited writes across nodes (the audit chain's next sequence number is read, then written).</summary>
    private const string AuditLockSql = "SELECT pg_advisory_xact_lock(7736102)";

    private bool HasAuditedChanges() => ChangeTracker.Entries().Any(e =>
        e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && e.Entity is not AuditEntry and not DataProtectionKey);

    /// <summary>
    /// On PostgreSQL several nodes write at once: the audit chain is extended under a transaction-scoped advisory
    /// lock, so two writers never read the same last entry. Without a transaction of the caller's, one is opened
    /// inside the retrying execution strategy; a retry undoes the previous attempt's stamp (its audit entries and
    /// version increments) and stamps again.
    /// </summary>
    private async Task<int> SaveSerializedAsync(bool acceptAllChangesOnSuccess, CancellationToken ct)
    {
        if (Database.CurrentTransaction is not null)
        {
            await Database.ExecuteSqlRawAsync(AuditLockSql, ct);
            await AuditTrail.StampAsync(this, ct);
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
        }
        var versions = ChangeTracker.Entries()
            .Where(e => e.State == EntityState.Modified && e.Entity is IVersioned)
            .Select(e => (Entity: (IVersioned)e.Entity, e.Property(nameof(IVersioned.Version)).OriginalValue))
            .ToList();
        var saved = await Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            foreach (var stamped in ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).ToList())
            {
                stamped.State = EntityState.Detached;
            }
            foreach (var (entity, original) in versions)
            {
                entity.Version = (int)original!;
            }
            await using var transaction = await Database.BeginTransactionAsync(token);
            await Database.ExecuteSqlRawAsync(AuditLockSql, token);
            await AuditTrail.StampAsync(this, token);
            var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, token);
            await transaction.CommitAsync(token);
            return count;
        }, ct);
        if (acceptAllChangesOnSuccess)
        {
            ChangeTracker.AcceptAllChanges();
        }
        return saved;
    }
}

public sealed class SqliteCertDeskDbContext(DbContextOptions<SqliteCertDeskDbContext> options, AuditContext audit)
    : CertDeskDbContext(options, audit);

public sealed class PostgresCertDeskDbContext(DbContextOptions<PostgresCertDeskDbContext> options, AuditContext audit)
    : CertDeskDbContext(options, audit);
