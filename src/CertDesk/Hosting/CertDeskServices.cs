using CertDesk.Features.ActionPlans;
using CertDesk.Features.Agreements;
using CertDesk.Features.Audit;
using CertDesk.Features.BusinessCases;
using CertDesk.Features.Catalog;
using CertDesk.Features.Competencies;
using CertDesk.Features.Credentials;
using CertDesk.Features.Dashboards;
using CertDesk.Features.Enrollments;
using CertDesk.Features.Gaps;
using CertDesk.Features.Mail;
using CertDesk.Features.Proof;
using CertDesk.Features.Reminders;
using CertDesk.Features.Repayments;
using CertDesk.Features.Requests;
using CertDesk.Features.Scheduling;
using CertDesk.Features.TuitionPolicies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CertDesk.Hosting;

/// <summary>Everything the web app and the CLI share: the database, the clock, Identity's managers, the features.</summary>
public static class CertDeskServices
{
    public static IHostApplicationBuilder AddCertDesk(this IHostApplicationBuilder builder, DatabaseSettings database)
    {
        var services = builder.Services;
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        services.AddSingleton(database);
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<AuditContext>();
        services.AddSingleton(sp => PublicLinks.From(sp.GetRequiredService<IConfiguration>()));

        // The options are built once (they depend on the settings only), not for every request's context.
        if (database.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContext<PostgresCertDeskDbContext>(database.Configure, ServiceLifetime.Scoped, ServiceLifetime.Singleton);
            services.AddScoped<CertDeskDbContext>(sp => sp.GetRequiredService<PostgresCertDeskDbContext>());
        }
        else
        {
            services.AddDbContext<SqliteCertDeskDbContext>(database.Configure, ServiceLifetime.Scoped, ServiceLifetime.Singleton);
            services.AddScoped<CertDeskDbContext>(sp => sp.GetRequiredService<SqliteCertDeskDbContext>());
        }

        // Identity's token providers need data protection, in the CLI (users add, seed-demo) as much as on the web.
        // The key ring is stored in the database (shared by every node) and encrypted there with the sealing keys.
        var keys = SealingKeys.Resolve(builder.Configuration);
        services.AddSingleton(keys);
        services.AddDataProtection().SetApplicationName("CertDesk").PersistKeysToDbContext<CertDeskDbContext>();
        services.Configure<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o => o.XmlEncryptor = new KeyRingEncryptor(keys));
        services.AddIdentityCore<AppUser>(ConfigureIdentity)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CertDeskDbContext>()
            .AddSignInManager<CertDeskSignInManager>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswords>();

        services.AddScoped<DatabaseBackup>();
        services.AddScoped<DataVersion>();
        services.AddMemoryCache();
        services.AddSingleton<VersionedCache.Store>();
        services.AddScoped<VersionedCache>();
        services.AddScoped<AuditCheckpoints>();
        services.AddOrganization();
        services.AddScheduling(builder.Configuration);
        services.AddAccounts();
        services.AddScoped<Features.Shared.WorkQueue>();
        services.AddBusinessCases();
        services.AddRequests();
        services.AddTuitionPolicies();
        services.AddAgreements();
        services.AddMail();
        services.AddRepayments();
        services.AddCatalog();
        services.AddCompetencies();
        services.AddGaps();
        services.AddEnrollments();
        services.AddCredentials();
        services.AddActionPlans();
        services.AddReminders();
        services.AddDashboards();
        services.AddProof();
        services.AddScoped<Features.Scim.ScimUsers>();
        services.AddScoped<Features.Scim.ScimGroups>();
        return builder;
    }

    /// <summary>
    /// Password rules: 12+ characters of three kinds, not a common one (<see cref="CommonPasswords"/>). Lockout after
    /// failed sign-ins is short and configurable (<see cref="AccountOptions"/>).
    /// </summary>
    public static void ConfigureIdentity(IdentityOptions options)
    {
        options.Password.RequiredLength = 12;
        options.Password.RequireDigit = true;
        options.Password.RequireUppercase = true;
        options.Password.RequireLowercase = true;
        options.Password.RequireNonAlphanumeric = false;
        options.Lockout.AllowedForNewUsers = true;
        options.User.RequireUniqueEmail = true;
    }

    /// <summary>
    /// Applies pending migrations; on PostgreSQL one node migrates while the others wait on an advisory lock.
    /// <paramref name="thenUnderLock"/> (reference data, the demo seed) runs while the lock is still held, so two
    /// nodes starting together do not insert the same reference rows.
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct, Func<CancellationToken, Task>? thenUnderLock = null)
    {
        await using var scope = services.CreateAsyncScope();
        await MigrateInScopeAsync(scope.ServiceProvider, ct, thenUnderLock);
    }

    /// <summary>
    /// <see cref="MigrateAsync"/> with the context of a scope the caller goes on using: a command builds one context, not
    /// two, and EF's services are made once each (a service made twice has its constructor compiled for the second time).
    /// </summary>
    public static async Task MigrateInScopeAsync(IServiceProvider scoped, CancellationToken ct, Func<CancellationToken, Task>? thenUnderLock = null)
    {
        var db = scoped.GetRequiredService<CertDeskDbContext>();
        if (db.IsPostgres)
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(7736101)", ct);
                await MigrateIfPendingAsync(db, ct);
                await scoped.GetRequiredService<AuditCheckpoints>().SealLegacyAsync(ct);
                if (thenUnderLock is not null)
                {
                    await thenUnderLock(ct);
                }
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(7736101)", ct);
                await db.Database.CloseConnectionAsync();
            }
        }
        else
        {
            await MigrateIfPendingAsync(db, ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await scoped.GetRequiredService<AuditCheckpoints>().SealLegacyAsync(ct);
            if (thenUnderLock is not null)
            {
                await thenUnderLock(ct);
            }
        }
    }

    /// <summary>
    /// The last migration of each provider (scripts/add-migration.sh sets them; <c>MigrationsTests</c> checks them): a
    /// database where it is applied has nothing pending, and the start need not list the migrations, which scans every
    /// type of the program (about 35 ms of each command).
    /// </summary>
    internal const string LatestSqliteMigration = "20261206034554_KpiRangeFromDailySums";

    /// <inheritdoc cref="LatestSqliteMigration"/>
    internal const string LatestPostgresMigration = "20261206034648_KpiRangeFromDailySums";

    /// <summary>
    /// Migrations of each provider (the same names for both). With the latest applied, a database that has fewer still
    /// lacks one: an older migration merged after a newer one.
    /// </summary>
    internal const int MigrationCount = 22;

    /// <summary>
    /// Migrates only when a migration is pending. EF's Migrate also compares the model with the last migration's
    /// snapshot, building that model, even when the database is current: half a second of every command's start.
    /// Whether the model matches the migrations is a test's business (the migrations tests), not each start's. The
    /// applied ones are read with plain SQL: EF's own history query is generated at run time, a tenth of a second more.
    /// </summary>
    private static async Task MigrateIfPendingAsync(CertDeskDbContext db, CancellationToken ct)
    {
        const string History = HistoryRepository.DefaultTableName;
        var exists = db.IsPostgres
            ? $"SELECT to_regclass('\"{History}\"') IS NOT NULL"
            : $"SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = '{History}'";
        var applied = (await db.ReadRowsAsync(exists, r => Convert.ToBoolean(r.GetValue(0), CultureInfo.InvariantCulture), ct)).Single()
            ? (await db.ReadRowsAsync($"SELECT \"MigrationId\" FROM \"{History}\"", r => r.GetString(0), ct)).ToHashSet(StringComparer.Ordinal)
            : [];
        var current = applied.Count >= MigrationCount && applied.Contains(db.IsPostgres ? LatestPostgresMigration : LatestSqliteMigration);
        if (!current && db.Database.GetMigrations().Any(m => !applied.Contains(m)))
        {
            await db.Database.MigrateAsync(ct);
        }
    }
}
