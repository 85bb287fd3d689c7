namespace CertDesk.Data;

/// <summary>
/// A creating request made once per key and caller: an API POST's <c>Idempotency-Key</c>, or a form's one-time token.
/// Claimed (no answer yet) before the request runs, so two racing copies cannot both create; the first answer is
/// kept to be replayed. Stored in the database so every node sees it.
/// </summary>
public sealed class IdempotentRequest : IUnaudited
{
    public const int MaxKeyLength = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The caller's user id: keys of different callers never meet.</summary>
    public required string Caller { get; set; }
    public required string Key { get; set; }

    /// <summary>SHA-256 of the method, path and body: the same key with another request is refused.</summary>
    public required string RequestHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The first answer's status; null while the first request is still running.</summary>
    public int? Status { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public byte[]? Body { get; set; }
}

internal sealed class IdempotentRequestConfiguration : IEntityTypeConfiguration<IdempotentRequest>
{
    public void Configure(EntityTypeBuilder<IdempotentRequest> r)
    {
        r.Property(x => x.Caller).HasMaxLength(450);
        r.Property(x => x.Key).HasMaxLength(IdempotentRequest.MaxKeyLength + 8);
        r.Property(x => x.RequestHash).HasMaxLength(64);
        r.Property(x => x.ContentType).HasMaxLength(200);
        r.Property(x => x.Location).HasMaxLength(2000);
        r.HasIndex(x => new { x.Caller, x.Key }).IsUnique();
        r.HasIndex(x => x.CreatedAt);
    }
}

/// <summary>One row per node, rewritten by the readiness probe: a real, cheap write.</summary>
public sealed class HealthProbe : IUnaudited
{
    public required string Node { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class HealthProbeConfiguration : IEntityTypeConfiguration<HealthProbe>
{
    public void Configure(EntityTypeBuilder<HealthProbe> p)
    {
        p.HasKey(x => x.Node);
        p.Property(x => x.Node).HasMaxLength(200);
    }
}
