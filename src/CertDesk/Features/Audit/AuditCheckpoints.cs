using System.Text.Json;
using CertDesk.Features.Mail;

namespace CertDesk.Features.Audit;

/// <summary>One checkpoint: the head of a trail (sequence and hash) at a time, sealed with the key ring.</summary>
public sealed record AuditCheckpoint(string Trail, long Sequence, string Hash, DateTimeOffset At, string KeyId, string Seal)
{
    /// <summary>What the seal covers.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Content => string.Join('|', Trail, Sequence.ToString(CultureInfo.InvariantCulture), Hash, At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
}

/// <summary>
/// Anchors the audit chain outside the database: the head (sequence and hash) is appended, sealed, to a file that the
/// database's administrator cannot rewrite (open for append only, one JSON line a checkpoint) and mailed to the program
/// owners. <see cref="VerifyAsync"/> then catches what a valid-looking chain hides: the newest entries deleted, or the
/// trail replaced. A trail is named by the hash of its first entry, so databases never mix in one file.
/// </summary>
public sealed class AuditCheckpoints(CertDeskDbContext db, SealingKeys keys, Outbox outbox, IConfiguration configuration)
{
    public const string FileSetting = "Audit:CheckpointFile";
    public const string FileVariable = "CERTDESK_AUDIT_CHECKPOINTS";
    public const string MailSetting = "Audit:CheckpointMailTo";
    public const string DefaultFile = "data/audit-checkpoints.jsonl";
    public const string SealPurpose = "certdesk-audit-checkpoint";
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string FilePath => Path.GetFullPath(configuration[FileSetting] is { Length: > 0 } configured ? configured
        : Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } variable ? variable : DefaultFile);

    /// <summary>
    /// Appends a checkpoint of the current head and mails it, unless nothing but mail changed since the last one (the
    /// checkpoint's own mail would otherwise call for another checkpoint). Returns the checkpoint written, or null.
    /// </summary>
    public async Task<AuditCheckpoint?> WriteAsync(CancellationToken ct)
    {
        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Sequence).Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(ct);
        var trail = await TrailAsync(ct);
        if (head is null || trail is null)
        {
            return null;
        }
        var last = Last(trail);
        if (last is not null && !await db.AuditEntries.AnyAsync(a => a.Sequence > last.Sequence && a.EntityType != nameof(OutboxMessage) && a.EntityType != nameof(OutboxAttachment), ct))
        {
            return null;
        }
        var at = db.Audit.Clock.GetUtcNow();
        var unsealed = new AuditCheckpoint(trail, head.Sequence, head.Hash, at, "", "");
        var (keyId, seal) = keys.Seal(SealPurpose, unsealed.Content);
        var checkpoint = unsealed with { KeyId = keyId, Seal = seal };

        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        await using (var file = new FileStream(FilePath, new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read }))
        {
            await file.WriteAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(checkpoint, s_json) + "\n"), ct);
            await file.FlushAsync(ct);
            file.Flush(flushToDisk: true);
        }

        var body = $"CertDesk audit checkpoint, {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC.\n\n" +
            $"The audit trail holds {head.Sequence} entries; the newest (number {head.Sequence}) has the hash\n{head.Hash}\n\n" +
            $"Keep this message. If 'certdesk audit verify' ever reports fewer entries, or another hash for entry {head.Sequence}, " +
            $"the trail was changed after this message was sent.\n\nTrail: {trail}\nSeal: {keyId} {seal}\n";
        foreach (var to in await OwnersAsync(ct))
        {
            await outbox.QueueAsync($"audit-checkpoint:{trail[..16]}:{head.Sequence}:{to}", to, $"CertDesk audit checkpoint: {head.Sequence} entries", body, ct);
        }
        db.Audit.Actor = "system:audit-checkpoint";
        await db.SaveChangesAsync(ct);
        return checkpoint;
    }

    /// <summary>
    /// At start: entries of an older CertDesk are sealed, and the sealed head checkpointed at once. Never once a trail
    /// has a checkpoint: whoever strips the seals and recomputes the hashes must not get them sealed again.
    /// </summary>
    public async Task SealLegacyAsync(CancellationToken ct)
    {
        if (await TrailAsync(ct) is not { } trail || Last(trail) is not null)
        {
            return;
        }
        if (await AuditTrail.SealLegacyAsync(db, ct))
        {
            await WriteAsync(ct);
        }
    }

    /// <summary>The chain (<see cref="AuditTrail.VerifyAsync"/>), then the last sealed checkpoint of this trail: its entry must still be there, unchanged.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct)
    {
        var chain = await AuditTrail.VerifyAsync(db, ct);
        var trail = await TrailAsync(ct);
        if (trail is null)
        {
            return ReadAll().Count > 0 && File.Exists(FilePath) && chain.EntriesChecked == 0
                ? chain with { Intact = false, Problem = $"the audit trail is empty, but {FilePath} holds checkpoints of a trail" }
                : chain;
        }
        var last = Last(trail);
        if (last is null)
        {
            return chain;
        }
        var at = await db.AuditEntries.AsNoTracking().Where(a => a.Sequence == last.Sequence).Select(a => a.Hash).FirstOrDefaultAsync(ct);
        var problem = at is null
            ? $"the last checkpoint ({last.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC) recorded {last.Sequence} entries; the trail now ends at {await db.AuditEntries.MaxAsync(a => (long?)a.Sequence, ct) ?? 0} (entries were deleted)"
            : at != last.Hash
                ? $"entry {last.Sequence} is not the one checkpointed at {last.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC (the trail was rewritten)"
                : null;
        var checkedChain = chain with { CheckpointSequence = last.Sequence, CheckpointAt = last.At };
        return problem is null
            ? checkedChain
            : checkedChain with { Intact = false, BrokenAt = chain.BrokenAt ?? last.Sequence, Problem = chain.Intact ? problem : $"{chain.Problem}; {problem}" };
    }

    /// <summary>The last checkpoint of the trail whose seal holds (a line someone added or edited without the key is ignored).</summary>
    public AuditCheckpoint? Last(string trail) =>
        ReadAll().LastOrDefault(c => c.Trail == trail && keys.Check(SealPurpose, c.Content, c.KeyId, c.Seal) is null);

    private List<AuditCheckpoint> ReadAll()
    {
        if (!File.Exists(FilePath))
        {
            return [];
        }
        var checkpoints = new List<AuditCheckpoint>();
        foreach (var line in File.ReadLines(FilePath).Where(l => l.Length > 0))
        {
            try
            {
                if (JsonSerializer.Deserialize<AuditCheckpoint>(line, s_json) is { Trail: not null, Hash: not null, KeyId: not null, Seal: not null } checkpoint)
                {
                    checkpoints.Add(checkpoint);
                }
            }
            catch (JsonException)
            {
                // a torn or foreign line is not a checkpoint
            }
        }
        return checkpoints;
    }

    /// <summary>The trail's name: the hash of its first entry. Plain SQL: every start asks (see <see cref="CertDeskDbContext.ReadRowsAsync"/>).</summary>
    private async Task<string?> TrailAsync(CancellationToken ct) =>
        (await db.ReadRowsAsync("SELECT \"Hash\" FROM \"AuditEntries\" WHERE \"Sequence\" = 1", r => r.GetString(0), ct)).SingleOrDefault();

    /// <summary>Who receives checkpoints: <c>Audit:CheckpointMailTo</c> (comma-separated), else every program manager.</summary>
    private async Task<IReadOnlyList<string>> OwnersAsync(CancellationToken ct)
    {
        if (configuration[MailSetting] is { Length: > 0 } configured)
        {
            return configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        var role = await db.Roles.AsNoTracking().Where(r => r.Name == Roles.ProgramManager).Select(r => r.Id).FirstOrDefaultAsync(ct);
        return await db.UserRoles.Where(ur => ur.RoleId == role)
            .Join(db.Users, ur => ur.UserId, u => u.Id, (_, u) => u.Email)
            .Where(e => e != null).Select(e => e!).Order().ToListAsync(ct);
    }
}

/// <summary>
/// Writes a checkpoint every <c>Audit:CheckpointMinutes</c> (default 60), the first one interval after start. Every
/// node writes to its own file; the mail is queued once (its outbox key names the trail and the sequence).
/// </summary>
public sealed partial class AuditCheckpointWorker(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<AuditCheckpointWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = Math.Max(1, configuration.GetValue("Audit:CheckpointMinutes", 60));
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AuditCheckpoints>().WriteAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit checkpoint failed; retrying on the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
