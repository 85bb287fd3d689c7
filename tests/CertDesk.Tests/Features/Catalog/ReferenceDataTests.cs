using CertDesk.Cli;
using CertDesk.Features.Catalog;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Tests.Features.Catalog;

/// <summary>
/// Reference data every database gets at start: a database from before QAMC's derived mapping gets it at the next
/// command (the start asks in plain SQL whether anything is missing before it loads anything).
/// </summary>
public abstract class ReferenceDataTests(DbKind kind)
{
    [ProviderFact]
    public async Task DatabaseWithoutTheDerivedMapping_NextCommand_AddsIt()
    {
        await using var app = await CertDeskApp.StartAsync(kind, seedDemo: false);
        // As an older database has it: QAMC builds nothing and its sources say nothing of competencies (EF's raw SQL
        // reads braces as placeholders, hence the doubled ones).
        const string Qamc = "(SELECT \"Id\" FROM \"Certifications\" WHERE \"Code\" = 'QAMC' AND \"IssuerId\" IS NULL)";
        await app.ExecuteSqlAsync("DELETE FROM \"CertificationCompetencies\" WHERE \"CertificationId\" = " + Qamc);
        await app.ExecuteSqlAsync("UPDATE \"Certifications\" SET \"Sources\" = '{{}}' WHERE \"Id\" = " + Qamc);
        Assert.Equal(0, await app.QueryAsync(db => db.Certifications.Where(c => c.Code == "QAMC").SelectMany(c => c.Competencies).CountAsync()));

        using var output = TempFile.WithText("");
        (await app.RunCliAsync("export", "catalog", "--out", output.Path)).ShouldExit(ExitCodes.Success);

        var levels = await app.QueryAsync(db => db.Certifications.Where(c => c.Code == "QAMC").SelectMany(c => c.Competencies).Select(cc => cc.Level).ToListAsync());
        Assert.Equal(CatalogSeed.DerivedBuilds["QAMC"].Select(b => b.Level).Order(), levels.Order());
        var sources = await app.QueryAsync(db => db.Certifications.Where(c => c.Code == "QAMC").Select(c => c.Sources).SingleAsync());
        Assert.Contains("[D]", sources[CertificationFacts.Competencies], StringComparison.Ordinal);
    }
}

public sealed class SqliteReferenceDataTests() : ReferenceDataTests(DbKind.Sqlite);

public sealed class PostgresReferenceDataTests() : ReferenceDataTests(DbKind.Postgres), IPostgresTests;
