using System.IO.Compression;
using System.Net;
using CertDesk.Cli;
using CertDesk.Data;
using CertDesk.Tests.Infrastructure;
using CertDesk.Tests.Infrastructure.Builders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.Tests.Data;

/// <summary><c>backup --out</c> then <c>restore --from</c>: the whole database comes back, all or nothing.</summary>
public abstract class BackupRestoreTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    [ProviderFact]
    public async Task BackupThenChangesThenRestore_BringsBackTheOriginalDataAndSignInWorks()
    {
        using var backup = TempFile.Create(".zip");
        var original = await App.SnapshotAsync();
        var originalCounts = await App.CountsAsync();
        var backupRun = (await App.RunCliAsync("backup", "--out", backup.Path)).ShouldExit(ExitCodes.Success);
        Assert.Contains("Backed up", backupRun.Stdout, StringComparison.Ordinal);
        Assert.True(new FileInfo(backup.Path).Length > 0);

        // Change things: a new person, a new account with a token, an updated demo employee.
        var later = new RosterCsv().SmallTeam();
        (await App.ImportRosterAsync(later.ToString())).ShouldExit(ExitCodes.Success);
        await App.AddUserAsync($"later-{Guid.NewGuid():N}@example.com", "admin", "Correct-Horse-12");
        Assert.NotEqual(originalCounts, await App.CountsAsync());

        var restoreRun = (await App.RunCliAsync("restore", "--from", backup.Path)).ShouldExit(ExitCodes.Success);
        Assert.Contains("Restored", restoreRun.Stdout, StringComparison.Ordinal);

        Assert.Equal(originalCounts, await App.CountsAsync());
        Assert.Equal(original, await App.SnapshotAsync());
        Assert.Null(await App.EmployeeAsync(later.Id(1)));
        var verification = await App.VerifyAuditAsync();
        Assert.True(verification.Intact, verification.Problem);

        // The restored accounts sign in, and the restored database keeps working (a write after restore).
        using var client = App.AnonymousClient();
        await AssertHttp.RedirectsToAsync(await CertDeskApp.PostLoginAsync(client, Demo.Admin, Demo.Password), "/");
        var me = await AssertHttp.JsonAsync(await client.GetAsync("/api/v1/me"));
        Assert.Equal(Demo.Admin, me.GetProperty("email").GetString());
        (await App.ImportRosterAsync(new RosterCsv().SmallTeam().ToString())).ShouldExit(ExitCodes.Success);
        var afterWrite = await App.VerifyAuditAsync();
        Assert.True(afterWrite.Intact, afterWrite.Problem);
    }

    /// <summary>
    /// A restore while someone imports a roster (several bulk batches, one transaction): the two hold the write lock in
    /// turn, so the database ends as if one ran after the other (the backup, with the whole roster or without any of
    /// it) and the audit chain, replaced by one and extended by the other, verifies.
    /// </summary>
    [ProviderFact]
    public async Task Restore_WhileARosterImports_EndsAsOneAfterTheOther_AndTheChainVerifies()
    {
        using var backup = TempFile.Create(".zip");
        (await App.RunCliAsync("backup", "--out", backup.Path)).ShouldExit(ExitCodes.Success);
        var roster = new RosterCsv();
        for (var n = 1; n <= 1200; n++)
        {
            roster.Person(n);
        }

        var both = await Task.WhenAll(
            Task.Run(() => App.ImportRosterAsync(roster.ToString())),
            Task.Run(() => App.RunCliAsync("restore", "--from", backup.Path)));

        Assert.All(both, r => r.ShouldExit(ExitCodes.Success));
        var prefix = roster.Prefix + "-";
        var imported = await App.QueryAsync(db => db.Employees.CountAsync(e => e.EmployeeNumber.StartsWith(prefix)));
        Assert.True(imported is 0 or 1200, $"{imported} of the roster's 1,200 people are there");
        var verification = await App.VerifyAuditAsync();
        Assert.True(verification.Intact, verification.Problem);
    }

    [ProviderFact]
    public async Task Restore_NotABackup_Exits3AndChangesNothing()
    {
        var before = await App.SnapshotAsync();
        using var garbage = TempFile.WithBytes([.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))], ".zip");

        var result = (await App.RunCliAsync("restore", "--from", garbage.Path)).ShouldExit(ExitCodes.InvalidInput);

        Assert.Contains(result.ErrorLines, l => l.Contains(Path.GetFileName(garbage.Path), StringComparison.Ordinal));
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [ProviderFact]
    public async Task Restore_ZipWithoutManifest_Exits3AndChangesNothing()
    {
        var before = await App.SnapshotAsync();
        using var file = TempFile.Create(".zip");
        using (var zip = ZipFile.Open(file.Path, ZipArchiveMode.Create))
        {
            await using var entry = new StreamWriter(zip.CreateEntry("Employee.json").Open());
            await entry.WriteAsync("[]");
        }

        var result = (await App.RunCliAsync("restore", "--from", file.Path)).ShouldExit(ExitCodes.InvalidInput);

        Assert.Contains(result.ErrorLines, l => l.Contains("manifest", StringComparison.Ordinal));
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [ProviderFact]
    public async Task Restore_CorruptTableInsideBackup_Exits3AndChangesNothing()
    {
        using var backup = TempFile.Create(".zip");
        (await App.RunCliAsync("backup", "--out", backup.Path)).ShouldExit(ExitCodes.Success);
        using (var zip = ZipFile.Open(backup.Path, ZipArchiveMode.Update))
        {
            zip.GetEntry("tables/Employees.jsonl")!.Delete();
            await using var entry = new StreamWriter(zip.CreateEntry("tables/Employees.jsonl").Open());
            await entry.WriteAsync("[{\"Id\": \"not json");
        }
        var before = await App.SnapshotAsync();

        (await App.RunCliAsync("restore", "--from", backup.Path)).ShouldExit(ExitCodes.InvalidInput);

        Assert.Equal(before, await App.SnapshotAsync());
    }

    [ProviderFact]
    public async Task Restore_MissingFile_Exits3()
    {
        var result = (await App.RunCliAsync("restore", "--from", "/nonexistent/backup.zip")).ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains(result.ErrorLines, l => l.Contains("backup.zip", StringComparison.Ordinal));
    }

    [ProviderFact]
    public async Task Health_AfterRestore_IsReady()
    {
        using var backup = TempFile.Create(".zip");
        (await App.RunCliAsync("backup", "--out", backup.Path)).ShouldExit(ExitCodes.Success);
        (await App.RunCliAsync("restore", "--from", backup.Path)).ShouldExit(ExitCodes.Success);
        using var client = App.AnonymousClient();
        await AssertHttp.StatusAsync(await client.GetAsync("/health/ready"), HttpStatusCode.OK);
    }
}

public sealed class SqliteBackupRestoreTests(SqliteDemoApp fixture) : BackupRestoreTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresBackupRestoreTests(PostgresDemoApp fixture) : BackupRestoreTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;

/// <summary>
/// On PostgreSQL the database does not order a restore after an audited writer (both may write at once): the audit
/// chain's advisory lock does. Here the writer is held mid-transaction, so the test sees the restore wait for that lock
/// (in pg_locks) instead of hoping two tasks happen to overlap.
/// </summary>
public sealed class PostgresRestoreWriteLockTests(PostgresDemoApp fixture) : IClassFixture<PostgresDemoApp>, IPostgresTests
{
    private CertDeskApp App => fixture.App;

    [ProviderFact]
    public async Task Restore_WaitsForAnAuditedWriterMidTransaction_ThenReplacesItsWork_AndTheChainVerifies()
    {
        using var backup = TempFile.Create(".zip");
        (await App.RunCliAsync("backup", "--out", backup.Path)).ShouldExit(ExitCodes.Success);
        var name = $"Writer in flight {Guid.NewGuid():N}";

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var transaction = await db.Database.BeginTransactionAsync();
        db.Sites.Add(new CertDesk.Features.Organization.Site { Name = name });
        await db.SaveChangesAsync(); // audited: holds the write lock until the transaction ends

        var restore = Task.Run(() => App.RunCliAsync("restore", "--from", backup.Path));
        // Seen waiting for the advisory lock, or the test fails: a restore that ends first did not wait, and one stuck
        // on anything else (a row it collides with) never shows up here.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await AdvisoryLockWaitsAsync() == 0)
        {
            Assert.False(restore.IsCompleted, "the restore ended while an audited writer held the write lock: it did not wait for it");
            Assert.True(DateTime.UtcNow < deadline, "the restore never waited for the audit chain's write lock");
            await Task.Delay(25); // the poll's pace, not a wait for the outcome
        }
        await transaction.CommitAsync();
        await transaction.DisposeAsync();

        (await restore).ShouldExit(ExitCodes.Success);
        Assert.False(await App.QueryAsync(d => d.Sites.AnyAsync(s => s.Name == name)), "the restore came after the writer, so the backup replaced its site");
        var verification = await App.VerifyAuditAsync();
        Assert.True(verification.Intact, verification.Problem);
    }

    private async Task<long> AdvisoryLockWaitsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(App.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted " +
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
