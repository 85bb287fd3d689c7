using CertDesk.Features.ActionPlans;
using CertDesk.Features.Agreements;
using CertDesk.Features.Audit;
using CertDesk.Features.BusinessCases;
using CertDesk.Features.Catalog;
using CertDesk.Features.Competencies;
using CertDesk.Features.Credentials;
using CertDesk.Features.Enrollments;
using CertDesk.Features.Mail;
using CertDesk.Features.Reminders;
using CertDesk.Features.Repayments;
using CertDesk.Features.Scheduling;
using CertDesk.Features.TuitionPolicies;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CertDesk.Data;

/// <summary>
/// The one model of CertDesk. Two thin subclasses (SQLite, PostgreSQL) own their migrations; DI exposes the
/// active one as this type. Every save is stamped into the hash-chained audit trail in the same transaction.
/// </summary>
public abstract class CertDeskDbContext(DbContextOptions options, AuditContext audit)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    // Identity's sets are settable properties, so EF compiles a setter for each (16 expression lambdas) and sets them in
    // every new context; read-only, like ours, they cost nothing: 15 ms of each command's start (DOTNET_JitStdOutFile).
    public override DbSet<AppUser> Users => Set<AppUser>();
    public override DbSet<IdentityUserClaim<string>> UserClaims => Set<IdentityUserClaim<string>>();
    public override DbSet<IdentityUserLogin<string>> UserLogins => Set<IdentityUserLogin<string>>();
    public override DbSet<IdentityUserToken<string>> UserTokens => Set<IdentityUserToken<string>>();
    public override DbSet<IdentityUserPasskey<string>> UserPasskeys => Set<IdentityUserPasskey<string>>();
    public override DbSet<IdentityRole> Roles => Set<IdentityRole>();
    public override DbSet<IdentityUserRole<string>> UserRoles => Set<IdentityUserRole<string>>();
    public override DbSet<IdentityRoleClaim<string>> RoleClaims => Set<IdentityRoleClaim<string>>();

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
    public DbSet<IdempotentRequest> IdempotentRequests => Set<IdempotentRequest>();
    public DbSet<HealthProbe> HealthProbes => Set<HealthProbe>();
    public DbSet<BusinessCase> BusinessCases => Set<BusinessCase>();
    public DbSet<Budget> Budgets => Set<Budget>();
    public DbSet<Features.Requests.CertificationRequest> CertificationRequests => Set<Features.Requests.CertificationRequest>();
    public DbSet<TuitionPolicy> TuitionPolicies => Set<TuitionPolicy>();
    public DbSet<Agreement> Agreements => Set<Agreement>();
    public DbSet<AgreementSignature> AgreementSignatures => Set<AgreementSignature>();
    public DbSet<AgreementRecord> AgreementRecords => Set<AgreementRecord>();
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
    public DbSet<Features.Proof.KpiDailyFact> KpiDailyFacts => Set<Features.Proof.KpiDailyFact>();
    public DbSet<Features.Proof.QaScore> QaScores => Set<Features.Proof.QaScore>();
    public DbSet<Features.Proof.KpiImportRecord> KpiImports => Set<Features.Proof.KpiImportRecord>();
    public DbSet<Features.Proof.RoiStudyRecord> RoiStudies => Set<Features.Proof.RoiStudyRecord>();
    public DbSet<Features.Proof.KpiColumnMappingRecord> KpiColumnMappings => Set<Features.Proof.KpiColumnMappingRecord>();

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

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        SealedRecords.Guard(this);
        if (!HasAuditedChanges())
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        if (Database.CurrentTransaction is not null)
        {
            // The caller's unit of work: on SQLite its transaction began IMMEDIATE (it holds the write lock), on
            // PostgreSQL the advisory lock is taken now; either way the audit sequence is read under the lock.
            await TakeWriteLockAsync(cancellationToken);
            await AuditTrail.StampAsync(this, cancellationToken);
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        return await SaveSerializedAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Serializes audited writes across nodes (the audit chain's next sequence number is read, then written).</summary>
    private const string AuditLockSql = "SELECT pg_advisory_xact_lock(7736102)";

    /// <summary>How often a unit of work that met a busy database (another writer past the busy timeout) is tried in all.</summary>
    public const int WriteAttempts = 4;

    private bool HasAuditedChanges() => ChangeTracker.Entries().Any(e =>
        e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && AuditTrail.IsAudited(e.Entity.GetType()));

    /// <summary>
    /// Rows of plain SQL on the context's connection (opened for the read if closed), without EF's query pipeline: for
    /// the checks every command makes at start, where compiling a LINQ query the first time costs a tenth of a second or
    /// more and the answer is almost always "nothing to do". <paramref name="values"/> are the parameters <c>@p0</c>, <c>@p1</c>...
    /// </summary>
    internal async Task<List<T>> ReadRowsAsync<T>(string sql, Func<System.Data.Common.DbDataReader, T> row, CancellationToken ct, params object[] values)
    {
        await Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.Transaction = Database.CurrentTransaction?.GetDbTransaction();
            for (var i = 0; i < values.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
                parameter.Value = values[i];
                command.Parameters.Add(parameter);
            }
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = new List<T>();
            while (await reader.ReadAsync(ct))
            {
                rows.Add(row(reader));
            }
            return rows;
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }

    /// <summary>Whether plain SQL (a <c>SELECT 1 ... LIMIT 1</c>) returns a row; see <see cref="ReadRowsAsync"/>.</summary>
    internal async Task<bool> AnyRowAsync(string sql, CancellationToken ct, params object[] values) =>
        (await ReadRowsAsync(sql, _ => true, ct, values)).Count > 0;

    /// <summary>On PostgreSQL the advisory lock of audited writes; on SQLite the IMMEDIATE transaction already holds it.</summary>
    internal Task TakeWriteLockAsync(CancellationToken ct) => IsPostgres ? Database.ExecuteSqlRawAsync(AuditLockSql, ct) : Task.CompletedTask;

    /// <summary>
    /// Every audited save without a transaction of the caller's runs in one of its own that holds the write lock before
    /// anything is read: on SQLite the transaction begins IMMEDIATE (a writer waits for another up to the busy timeout
    /// instead of failing on a lock upgrade), on PostgreSQL a transaction-scoped advisory lock is taken. The audit chain
    /// is then extended from the last entry no other writer can change. A busy database (SQLITE_BUSY past the timeout,
    /// a serialization failure) retries the save a few times; a retry undoes the previous attempt's stamp (its audit
    /// entries and version increments) and stamps again.
    /// </summary>
    private async Task<int> SaveSerializedAsync(bool acceptAllChangesOnSuccess, CancellationToken ct)
    {
        var versions = ChangeTracker.Entries()
            .Where(e => e.State == EntityState.Modified && e.Entity is IVersioned)
            .Select(e => (Entity: (IVersioned)e.Entity, e.Property(nameof(IVersioned.Version)).OriginalValue))
            .ToList();
        for (var attempt = 1; ; attempt++)
        {
            foreach (var stamped in ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).ToList())
            {
                stamped.State = EntityState.Detached;
            }
            foreach (var (entity, original) in versions)
            {
                entity.Version = (int)original!;
            }
            try
            {
                await using var transaction = await Database.BeginTransactionAsync(ct);
                await TakeWriteLockAsync(ct);
                await AuditTrail.StampAsync(this, ct);
                var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
                await transaction.CommitAsync(ct);
                if (acceptAllChangesOnSuccess)
                {
                    ChangeTracker.AcceptAllChanges();
                }
                return count;
            }
            catch (Exception e) when (attempt < WriteAttempts && DatabaseFailure.IsTransient(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt * attempt + Random.Shared.Next(50)), ct);
            }
        }
    }
}

/// <summary>Technical rows that are not changes of the organization's records (idempotency claims, health probes): not audited.</summary>
public interface IUnaudited;

public sealed class SqliteCertDeskDbContext(DbContextOptions<SqliteCertDeskDbContext> options, AuditContext audit)
    : CertDeskDbContext(options, audit);

public sealed class PostgresCertDeskDbContext(DbContextOptions<PostgresCertDeskDbContext> options, AuditContext audit)
    : CertDeskDbContext(options, audit);
