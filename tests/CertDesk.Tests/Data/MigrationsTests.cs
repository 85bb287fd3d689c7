using CertDesk.Data;
using CertDesk.Features.Audit;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Tests.Data;

/// <summary>Each provider's migrations match the model and apply on an empty database.</summary>
public abstract class MigrationsTests(DbKind kind)
{
    private static CertDeskDbContext Context(DbKind kind, string connection) => kind == DbKind.Sqlite
        ? new SqliteCertDeskDbContext(new DbContextOptionsBuilder<SqliteCertDeskDbContext>().UseSqlite(connection).Options, AuditContext.System("test"))
        : new PostgresCertDeskDbContext(new DbContextOptionsBuilder<PostgresCertDeskDbContext>().UseNpgsql(connection).Options, AuditContext.System("test"));

    [ProviderFact]
    public async Task Model_ComparedWithMigrations_HasNoPendingChanges()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var db = Context(kind, database.ConnectionString);
        Assert.False(db.Database.HasPendingModelChanges(), $"{kind}: the model has changes no migration captures; run scripts/add-migration.sh");
    }

    [ProviderFact]
    public async Task EmptyDatabase_Migrate_AppliesEveryMigration()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var db = Context(kind, database.ConnectionString);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetPendingMigrationsAsync());

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.Employees.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    /// <summary>The start takes a database with the latest migration applied as current: that must be the last one there is.</summary>
    [Fact]
    public async Task LatestMigrationConstants_AreEachProvidersLastMigration()
    {
        await using var sqlite = Context(DbKind.Sqlite, "Data Source=:memory:");
        await using var postgres = Context(DbKind.Postgres, "Host=localhost;Database=unused");
        Assert.Equal(CertDesk.Hosting.CertDeskServices.LatestSqliteMigration, sqlite.Database.GetMigrations().Last());
        Assert.Equal(CertDesk.Hosting.CertDeskServices.LatestPostgresMigration, postgres.Database.GetMigrations().Last());
        Assert.Equal(CertDesk.Hosting.CertDeskServices.MigrationCount, sqlite.Database.GetMigrations().Count());
        Assert.Equal(CertDesk.Hosting.CertDeskServices.MigrationCount, postgres.Database.GetMigrations().Count());
    }

    [Fact]
    public async Task BothProviders_MigrationNames_AreTheSame()
    {
        await using var sqlite = Context(DbKind.Sqlite, "Data Source=:memory:");
        await using var postgres = Context(DbKind.Postgres, "Host=localhost;Database=unused");
        static IEnumerable<string> Names(CertDeskDbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(Names(sqlite), Names(postgres));
    }
}

public sealed class SqliteMigrationsTests() : MigrationsTests(DbKind.Sqlite);

public sealed class PostgresMigrationsTests() : MigrationsTests(DbKind.Postgres), IPostgresTests;
