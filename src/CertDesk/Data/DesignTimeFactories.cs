using CertDesk.Features.Audit;
using Microsoft.EntityFrameworkCore.Design;

namespace CertDesk.Data;

// Used only by 'dotnet ef migrations add': each provider keeps its own migrations (docs/adr/0003).
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCertDeskDbContext>
{
    public SqliteCertDeskDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCertDeskDbContext>().UseSqlite("Data Source=design.db").Options, AuditContext.System("design"));
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCertDeskDbContext>
{
    public PostgresCertDeskDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCertDeskDbContext>().UseNpgsql("Host=localhost;Database=design").Options, AuditContext.System("design"));
}
