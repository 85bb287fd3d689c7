using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CertDesk.Cli;
using CertDesk.Data;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Tests.Features.Evidence;

/// <summary>
/// Backups that restore anywhere: every table of the model, into an empty database of either provider with every row
/// equal, and nothing restored from a backup that is partial, altered, truncated or re-sealed.
/// </summary>
public abstract class BackupTests(AppFixture fixture)
{
    protected CertDeskApp App => fixture.App;

    [ProviderFact]
    public async Task Backup_ManifestListsEveryTableOfTheModel_WithItsRowCountAndSha256()
    {
        using var backup = TempFile.Create(".zip");
        await App.RunRemindersAsync(DateTimeOffset.UtcNow); // reminder timestamps are in the backup too
        var rows = await App.TableRowsAsync();
        (await App.RunCliAsync("backup", "--out", backup.Path)).ShouldExit(ExitCodes.Success);

        var modelTables = await App.QueryAsync(db => Task.FromResult(db.Model.GetEntityTypes()
            .Select(e => e.GetTableName()).OfType<string>().Where(t => t != "DataProtectionKeys").Order(StringComparer.Ordinal).ToList()));
        using var zip = ZipFile.OpenRead(backup.Path);
        var manifest = Manifest(zip);
        var tables = manifest["tables"]!.AsArray();
        Assert.Equal(modelTables, tables.Select(t => (string)t!["table"]!).Order(StringComparer.Ordinal));
        Assert.Contains("QueueTeams", modelTables);
        Assert.DoesNotContain(zip.Entries, e => e.FullName.Contains("DataProtection", StringComparison.Ordinal));
        foreach (var table in tables)
        {
            var name = (string)table!["table"]!;
            Assert.Equal(rows[name].Count, (long)table["rows"]!);
            await using var part = zip.GetEntry((string)table["part"]!)!.Open();
            Assert.Equal((string)table["sha256"]!, Convert.ToHexStringLower(await SHA256.HashDataAsync(part)));
        }
        Assert.True(rows["QueueTeams"].Count > 0, "the demo links queues to teams");
    }

    [ProviderFact]
    public async Task SignInKeyRing_IsEncryptedAtRest()
    {
        var xml = await App.DataProtectionKeyXmlAsync();
        Assert.NotEmpty(xml);
        Assert.All(xml, x =>
        {
            Assert.Contains("certdeskEncryptedKey", x, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", x, StringComparison.Ordinal);
        });
    }

    [ProviderFact]
    public async Task Restore_TamperedBackups_AreEachRefused_AndTheDatabaseIsUnchanged()
    {
        using var good = TempFile.Create(".zip");
        (await App.RunCliAsync("backup", "--out", good.Path)).ShouldExit(ExitCodes.Success);
        await using var target = await BackupRoundTrip.QuietAppAsync(App.Kind);
        (await target.RunCliAsync("restore", "--from", good.Path)).ShouldExit(ExitCodes.Success);
        var before = await target.TableRowsAsync();

        foreach (var (name, tamper, expected) in Tampers())
        {
            using var bad = TempFile.Create(".zip");
            File.Copy(good.Path, bad.Path);
            tamper(bad.Path);

            var result = (await target.RunCliAsync("restore", "--from", bad.Path)).ShouldExit(ExitCodes.InvalidInput);

            Assert.True(result.ErrorLines.Any(l => l.Contains(expected, StringComparison.Ordinal) && l.Contains("the database was not changed", StringComparison.Ordinal)),
                $"{name}: expected '{expected}' in: {result.Stderr}");
            Assert.Equal(before, await target.TableRowsAsync());
        }
    }

    private static IEnumerable<(string Name, Action<string> Tamper, string Expected)> Tampers()
    {
        yield return ("missing part", path => Edit(path, zip => zip.GetEntry("tables/AuditEntries.jsonl")!.Delete()), "lacks part(s) its manifest lists: tables/AuditEntries.jsonl");
        yield return ("extra part", path => Edit(path, zip => Write(zip, "tables/Extra.jsonl", "{}\n")), "does not list: tables/Extra.jsonl");
        yield return ("altered part", path => Edit(path, zip => Replace(zip, "tables/Employees.jsonl", text => text.Replace("\"FirstName\":\"", "\"FirstName\":\"X", StringComparison.Ordinal))), "tables/Employees.jsonl");
        yield return ("truncated file", path =>
        {
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        }, "not a CertDesk backup");
        yield return ("manifest and one part only", path => Edit(path, zip =>
        {
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("tables/", StringComparison.Ordinal) && e.FullName != "tables/Sites.jsonl").ToList())
            {
                entry.Delete();
            }
        }), "lacks part(s)");
        yield return ("no seal", path => Edit(path, zip => zip.GetEntry(DatabaseBackup.SealName)!.Delete()), "not sealed");
        yield return ("bad seal", path => Edit(path, zip => Replace(zip, DatabaseBackup.SealName, text => text.Replace("\"hmac\": \"", "\"hmac\": \"00", StringComparison.Ordinal))), "seal does not hold");
        // Whoever rewrites a part can recompute its SHA-256, but not the seal: without the key it does not hold.
        yield return ("rewritten and re-sealed without the key", path => Edit(path, zip =>
        {
            var text = Replace(zip, "tables/Sites.jsonl", t => t.Replace("\"Name\":\"", "\"Name\":\"X", StringComparison.Ordinal));
            var manifest = Manifest(zip);
            var site = manifest["tables"]!.AsArray().Single(t => (string)t!["table"]! == "Sites")!;
            site["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            site["bytes"] = Encoding.UTF8.GetByteCount(text);
            var seal = JsonNode.Parse(Read(zip, DatabaseBackup.SealName))!;
            var manifestText = manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            Replace(zip, DatabaseBackup.ManifestName, _ => manifestText);
            var forged = HMACSHA256.HashData(RandomNumberGenerator.GetBytes(32), Encoding.UTF8.GetBytes(DatabaseBackup.SealPurpose + "\n" + manifestText));
            Replace(zip, DatabaseBackup.SealName, _ => new JsonObject { ["key_id"] = (string)seal["key_id"]!, ["hmac"] = Convert.ToHexStringLower(forged) }.ToJsonString());
        }), "seal does not hold");
        yield return ("sealed with a key this server does not hold", path => Edit(path, zip =>
            Replace(zip, DatabaseBackup.SealName, text => new JsonObject { ["key_id"] = "someone-else", ["hmac"] = new string('0', 64) }.ToJsonString())), "put the key file");
        // Even sealed with the right key (an operator's mistake), a part must hold the rows the manifest counts.
        yield return ("row count that differs from the part", path => Edit(path, zip =>
        {
            var manifest = Manifest(zip);
            var employees = manifest["tables"]!.AsArray().Single(t => (string)t!["table"]! == "Employees")!;
            employees["rows"] = (long)employees["rows"]! + 1;
            var manifestText = manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            Replace(zip, DatabaseBackup.ManifestName, _ => manifestText);
            var (keyId, hmac) = SealingKeys.Resolve(null).Seal(DatabaseBackup.SealPurpose, manifestText);
            Replace(zip, DatabaseBackup.SealName, _ => new JsonObject { ["key_id"] = keyId, ["hmac"] = hmac }.ToJsonString());
        }), "tables/Employees.jsonl");
    }

    internal static JsonObject Manifest(ZipArchive zip) => JsonNode.Parse(Read(zip, DatabaseBackup.ManifestName))!.AsObject();

    private static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    private static void Edit(string path, Action<ZipArchive> edit)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        edit(zip);
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }

    private static string Replace(ZipArchive zip, string name, Func<string, string> change)
    {
        var text = change(Read(zip, name));
        zip.GetEntry(name)!.Delete();
        Write(zip, name, text);
        return text;
    }
}

/// <summary>Backup of one app, restore into a new, empty database, every table compared.</summary>
internal static class BackupRoundTrip
{
    /// <summary>An app on an empty database whose mail worker waits an hour (nothing changes under the comparison).</summary>
    public static Task<CertDeskApp> QuietAppAsync(DbKind kind) =>
        CertDeskApp.StartAsync(kind, seedDemo: false, new Dictionary<string, string> { ["Mail:PollSeconds"] = "3600" });

    public static async Task IntoEmptyDatabaseAsync(CertDeskApp source, DbKind target)
    {
        await source.RunRemindersAsync(DateTimeOffset.UtcNow); // sent reminders: timestamps SQLite keeps without an offset
        await source.DeliverMailAsync();
        using var backup = TempFile.Create(".zip");
        var expected = await source.TableRowsAsync();
        (await source.RunCliAsync("backup", "--out", backup.Path)).ShouldExit(ExitCodes.Success);

        await using var restored = await QuietAppAsync(target);
        var run = (await restored.RunCliAsync("restore", "--from", backup.Path)).ShouldExit(ExitCodes.Success);
        Assert.Contains("Restored", run.Stdout, StringComparison.Ordinal);

        var actual = await restored.TableRowsAsync();
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (table, rows) in expected)
        {
            Assert.True(rows.SequenceEqual(actual[table]), $"{table}: {rows.Count} rows backed up, {actual[table].Count} restored; first difference: " +
                $"{rows.Except(actual[table]).FirstOrDefault()} / {actual[table].Except(rows).FirstOrDefault()}");
        }
        Assert.Contains(expected["Reminders"], r => !r.Contains("SentAt=null", StringComparison.Ordinal));
        var audit = await restored.VerifyAuditAsync();
        Assert.True(audit.Intact, audit.Problem);

        // The restored server works: the demo admin signs in (a new cookie key ring: the old one stayed behind) and writes.
        using var client = restored.AnonymousClient();
        await AssertHttp.RedirectsToAsync(await CertDeskApp.PostLoginAsync(client, Demo.Admin, Demo.Password), "/");
        (await restored.ImportRosterAsync(new Infrastructure.Builders.RosterCsv().SmallTeam().ToString())).ShouldExit(ExitCodes.Success);
        var afterWrite = await restored.VerifyAuditAsync();
        Assert.True(afterWrite.Intact, afterWrite.Problem);
    }
}

public sealed class SqliteBackupTests(SqliteDemoApp fixture) : BackupTests(fixture), IClassFixture<SqliteDemoApp>
{
    [ProviderFact]
    public Task SqliteBackup_RestoredIntoAnEmptySqliteDatabase_EveryTableEqual() => BackupRoundTrip.IntoEmptyDatabaseAsync(App, DbKind.Sqlite);
}

public sealed class PostgresBackupTests(PostgresDemoApp fixture) : BackupTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests
{
    [ProviderFact]
    public Task PostgresBackup_RestoredIntoAnEmptyPostgresDatabase_EveryTableEqual() => BackupRoundTrip.IntoEmptyDatabaseAsync(App, DbKind.Postgres);

    [ProviderFact]
    public Task PostgresBackup_RestoredIntoAnEmptySqliteDatabase_EveryTableEqual() => BackupRoundTrip.IntoEmptyDatabaseAsync(App, DbKind.Sqlite);
}

/// <summary>The documented move from SQLite to PostgreSQL (needs a PostgreSQL server).</summary>
public sealed class SqliteToPostgresBackupTests(SqliteDemoApp fixture) : IClassFixture<SqliteDemoApp>, IPostgresTests
{
    [ProviderFact]
    public Task SqliteBackup_RestoredIntoAnEmptyPostgresDatabase_EveryTableEqual() => BackupRoundTrip.IntoEmptyDatabaseAsync(fixture.App, DbKind.Postgres);
}
