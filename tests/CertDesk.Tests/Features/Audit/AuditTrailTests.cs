using System.Net;
using System.Net.Http.Json;
using CertDesk.Cli;
using CertDesk.Features.Audit;
using CertDesk.Tests.Infrastructure;
using CertDesk.Tests.Infrastructure.Builders;

namespace CertDesk.Tests.Features.Audit;

/// <summary>Every change is in the hash-chained trail; editing or deleting an entry is detected where it happened.</summary>
public abstract class AuditTrailTests(DbKind kind)
{
    /// <summary>Tampering breaks the chain for good, so each test gets its own database.</summary>
    private async Task<(CertDeskApp App, RosterCsv Roster)> AppWithHistoryAsync()
    {
        var app = await CertDeskApp.StartAsync(kind, seedDemo: false);
        var roster = new RosterCsv().SmallTeam();
        (await app.ImportRosterAsync(roster.ToString())).ShouldExit(ExitCodes.Success);
        var later = new RosterCsv(roster.Prefix).SmallTeam().Person(4, manager: roster.Id(1));
        (await app.ImportRosterAsync(later.ToString())).ShouldExit(ExitCodes.Success);
        return (app, roster);
    }

    [ProviderFact]
    public async Task Changes_FromCliAndApi_AreAuditedWithActorBeforeAndAfter()
    {
        var (app, roster) = await AppWithHistoryAsync();
        await using var _ = app;
        var id = (await app.EmployeeIdAsync(roster.Id(2))).ToString();

        var created = Assert.Single(await app.AuditEntriesAsync("Employee", id));
        Assert.Equal("Added", created.Action);
        Assert.StartsWith("cli:", created.Actor, StringComparison.Ordinal);
        Assert.Null(created.Before);
        Assert.Contains("\"FirstName\":\"Ana\"", created.After, StringComparison.Ordinal);
        Assert.Equal(64, created.Hash.Length);

        var email = $"admin-{Guid.NewGuid():N}@example.com";
        await app.AddUserAsync(email, "admin", "Correct-Horse-12");
        using var admin = await app.BearerClientAsync(email);
        var site = await app.SiteAsync(roster.Site);
        var put = await admin.PutAsJsonAsync($"/api/v1/sites/{site.Id}", new { name = roster.Site, time_zone = "Asia/Manila" });
        await AssertHttp.JsonAsync(put);

        var change = (await app.AuditEntriesAsync("Site", site.Id.ToString()))[^1];
        Assert.Equal("Modified", change.Action);
        Assert.Equal($"user:{email}", change.Actor);
        Assert.Contains("\"TimeZone\":\"UTC\"", change.Before, StringComparison.Ordinal);
        Assert.Contains("\"TimeZone\":\"Asia/Manila\"", change.After, StringComparison.Ordinal);

        // Secrets never enter the trail.
        using var auditClient = await app.BearerClientAsync(email);
        var page = await AssertHttp.JsonAsync(await auditClient.GetAsync("/api/v1/audit?entity_type=AppUser&page_size=500"));
        Assert.True(page.GetProperty("total").GetInt32() > 0);
        Assert.DoesNotContain("PasswordHash", page.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("TokenHash", (await AssertHttp.JsonAsync(await auditClient.GetAsync("/api/v1/audit?entity_type=ApiToken"))).ToString(), StringComparison.Ordinal);

        var verification = await app.VerifyAuditAsync();
        Assert.True(verification.Intact, verification.Problem);
        var api = await AssertHttp.JsonAsync(await admin.GetAsync("/api/v1/audit/verify"));
        Assert.True(api.GetProperty("intact").GetBoolean(), api.ToString());
    }

    [ProviderFact]
    public async Task Tampering_UpdateOfAnEntrysAfter_IsDetectedAtThatEntry()
    {
        var (app, _) = await AppWithHistoryAsync();
        await using var __ = app;
        Assert.True((await app.VerifyAuditAsync()).Intact);

        Assert.Equal(1, await app.ExecuteSqlAsync("UPDATE \"AuditEntries\" SET \"After\" = '{{\"HourlyLoadedCost\":0.01}}' WHERE \"Sequence\" = 3"));

        var verification = await app.VerifyAuditAsync();
        Assert.False(verification.Intact);
        Assert.Equal(3, verification.BrokenAt);
        Assert.Contains("entry 3 was altered", verification.Problem, StringComparison.Ordinal);

        var email = $"admin-{Guid.NewGuid():N}@example.com";
        await app.AddUserAsync(email, "admin", "Correct-Horse-12");
        using var admin = await app.BearerClientAsync(email);
        var api = await AssertHttp.JsonAsync(await admin.GetAsync("/api/v1/audit/verify"));
        Assert.False(api.GetProperty("intact").GetBoolean(), api.ToString());
        Assert.Equal(3, api.GetProperty("broken_at").GetInt64());
    }

    [ProviderFact]
    public async Task Tampering_DeleteOfAMiddleEntry_IsDetectedAsMissing()
    {
        var (app, _) = await AppWithHistoryAsync();
        await using var __ = app;

        Assert.Equal(1, await app.ExecuteSqlAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 4"));

        var verification = await app.VerifyAuditAsync();
        Assert.False(verification.Intact);
        Assert.Contains("entry 4 is missing", verification.Problem, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Tampering_EditWithRecomputedHash_IsDetectedAtThatEntryBySeal()
    {
        var (app, _) = await AppWithHistoryAsync();
        await using var __ = app;
        var entry = await app.AuditEntryAsync(3);
        entry.Actor = "user:someone-else@example.com";
        var forged = AuditTrail.ComputeHash(entry);

        Assert.Equal(1, await app.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"Actor\" = '{entry.Actor}', \"Hash\" = '{forged}' WHERE \"Sequence\" = 3"));

        var verification = await app.VerifyAuditAsync();
        Assert.False(verification.Intact);
        // The recomputed SHA-256 matches, but the entry's seal (HMAC under a key the database does not hold) does not.
        Assert.Equal(3, verification.BrokenAt);
        Assert.Contains("entry 3: the seal does not match", verification.Problem, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Tampering_None_ChainIsIntactAndCountsEveryEntry()
    {
        var (app, _) = await AppWithHistoryAsync();
        await using var __ = app;
        var counts = await app.CountsAsync();
        var verification = await app.VerifyAuditAsync();
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(counts.AuditEntries, verification.EntriesChecked);
        Assert.Null(verification.BrokenAt);
    }
}

public sealed class SqliteAuditTrailTests() : AuditTrailTests(DbKind.Sqlite);

public sealed class PostgresAuditTrailTests() : AuditTrailTests(DbKind.Postgres), IPostgresTests;
