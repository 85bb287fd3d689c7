using CertDesk.Cli;
using CertDesk.Data;
using CertDesk.Tests.Infrastructure;
using CertDesk.Tests.Infrastructure.Builders;

namespace CertDesk.Tests.Features.Evidence;

/// <summary>
/// The audit trail against someone who can rewrite the database but holds no key: a rewrite with recomputed hashes
/// fails the seals, a deletion in the middle breaks the chain, a truncation of the newest entries is caught against the
/// last checkpoint (a file outside the database and a mail to the program owner); a rotated key keeps old entries valid.
/// Each test has its own app and checkpoint file; the key ring is the default one (data/certdesk.keys beside the tests),
/// shared with the CLI that the tests run, as on a server.
/// </summary>
public abstract class AuditChainTests(DbKind kind)
{
    private sealed class Setup(CertDeskApp app, TempFile checkpoints) : IAsyncDisposable
    {
        public CertDeskApp App { get; } = app;
        public string CheckpointFile => checkpoints.Path;

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            checkpoints.Dispose();
        }
    }

    private async Task<Setup> StartAsync()
    {
        var checkpoints = TempFile.Create(".jsonl");
        var app = await CertDeskApp.StartAsync(kind, seedDemo: false, new Dictionary<string, string>
        {
            ["Audit:CheckpointFile"] = checkpoints.Path,
            ["Audit:CheckpointMailTo"] = "owner@example.test",
            ["Mail:PollSeconds"] = "3600",
        });
        (await app.ImportRosterAsync(new RosterCsv().SmallTeam().ToString())).ShouldExit(ExitCodes.Success);
        return new Setup(app, checkpoints);
    }

    [ProviderFact]
    public async Task Checkpoint_IsAppendedToTheFile_AndMailedToTheProgramOwner_OnlyWhenTheTrailMoved()
    {
        await using var setup = await StartAsync();
        var head = await setup.App.AuditHeadAsync();

        var checkpoint = await setup.App.CheckpointAuditAsync();

        Assert.NotNull(checkpoint);
        Assert.Equal(head, checkpoint.Sequence);
        var line = Assert.Single(File.ReadAllLines(setup.CheckpointFile));
        Assert.Contains($"\"sequence\":{head}", line, StringComparison.Ordinal);
        var mail = Assert.Single(await setup.App.OutboxAsync("audit-checkpoint:"));
        Assert.Equal("owner@example.test", mail.To);
        Assert.Contains(checkpoint.Hash, mail.Body, StringComparison.Ordinal);
        Assert.Null(await setup.App.CheckpointAuditAsync()); // only its own mail changed since
        var verification = await setup.App.VerifyAuditAsync();
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(head, verification.CheckpointSequence);
    }

    [ProviderFact]
    public async Task Truncation_OfTheNewestEntries_IsCaughtAgainstTheCheckpoint()
    {
        await using var setup = await StartAsync();
        var checkpoint = await setup.App.CheckpointAuditAsync();
        Assert.NotNull(checkpoint);

        await setup.App.ExecuteSqlAsync($"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" > {checkpoint.Sequence - 6}");

        var chain = await setup.App.VerifyChainOnlyAsync();
        Assert.True(chain.Intact, "a truncated chain is still a valid chain: only the checkpoint shows what is missing");
        var verification = await setup.App.VerifyAuditAsync();
        Assert.False(verification.Intact);
        Assert.Contains($"recorded {checkpoint.Sequence} entries", verification.Problem, StringComparison.Ordinal);
        Assert.Contains("deleted", verification.Problem, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Deletion_InTheMiddle_IsCaught()
    {
        await using var setup = await StartAsync();
        await setup.App.CheckpointAuditAsync();
        var middle = await setup.App.AuditHeadAsync() / 2;

        await setup.App.ExecuteSqlAsync($"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = {middle}");

        var verification = await setup.App.VerifyAuditAsync();
        Assert.False(verification.Intact);
        Assert.Contains($"entry {middle} is missing", verification.Problem, StringComparison.Ordinal);
    }

    [ProviderTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rewrite_WithEveryLaterHashRecomputed_IsCaughtBySealAndCheckpoint(bool clearSeals)
    {
        await using var setup = await StartAsync();
        var checkpoint = await setup.App.CheckpointAuditAsync();
        Assert.NotNull(checkpoint);
        var middle = checkpoint.Sequence / 2;

        await setup.App.RewriteAuditEntryAsync(middle, "cli:nobody", clearSeals);

        var verification = await setup.App.VerifyAuditAsync();
        Assert.False(verification.Intact);
        Assert.Equal(middle, verification.BrokenAt);
        Assert.Contains(clearSeals ? "not sealed" : "seal does not match", verification.Problem, StringComparison.Ordinal);
        Assert.Contains($"entry {checkpoint.Sequence} is not the one checkpointed", verification.Problem, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task KeyRotation_NewEntriesUseTheNewKey_OldEntriesStillVerify()
    {
        await using var setup = await StartAsync();
        var oldKey = (await setup.App.AuditKeyIdsAsync())[^1]!;

        var rotated = (await Infrastructure.Cli.RunAsync("keys", "rotate")).ShouldExit(ExitCodes.Success);
        Assert.Contains("new current key", rotated.Stdout, StringComparison.Ordinal);
        (await setup.App.ImportRosterAsync(new RosterCsv().SmallTeam().ToString())).ShouldExit(ExitCodes.Success);

        var keyIds = await setup.App.AuditKeyIdsAsync();
        Assert.Contains(oldKey, keyIds);
        Assert.NotEqual(oldKey, keyIds[^1]);
        var verification = await setup.App.VerifyAuditAsync();
        Assert.True(verification.Intact, verification.Problem);

        // The old key is what keeps the old entries verifiable: a ring without it does not verify them.
        var entry = await setup.App.AuditEntryAsync(keyIds.IndexOf(oldKey) + 1);
        using var withoutOld = TempFile.WithText(string.Join('\n', File.ReadAllLines(SealingKeys.DefaultFile).Where(l => !l.StartsWith(oldKey, StringComparison.Ordinal))), ".keys");
        Assert.Null(SealingKeys.FromFile(SealingKeys.DefaultFile).Check(CertDesk.Features.Audit.AuditTrail.SealPurpose, entry.Hash, entry.KeyId, entry.Seal));
        Assert.Contains($"sealed with key '{oldKey}'", SealingKeys.FromFile(withoutOld.Path).Check(CertDesk.Features.Audit.AuditTrail.SealPurpose, entry.Hash, entry.KeyId, entry.Seal), StringComparison.Ordinal);
    }
}

public sealed class SqliteAuditChainTests() : AuditChainTests(DbKind.Sqlite);

public sealed class PostgresAuditChainTests() : AuditChainTests(DbKind.Postgres), IPostgresTests;
