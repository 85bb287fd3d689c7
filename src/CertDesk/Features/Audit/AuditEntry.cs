namespace CertDesk.Features.Audit;

/// <summary>
/// One change in the append-only audit trail. <see cref="Hash"/> = SHA-256 over the previous entry's hash and
/// this entry's content, so editing or deleting any entry breaks the chain from there on; <see cref="Seal"/> = HMAC of
/// that hash under the key <see cref="KeyId"/> names (kept outside the database), so the chain cannot be recomputed.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Position in the chain, assigned by the writer (unique: two writers cannot fork the chain).</summary>
    public long Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }

    /// <summary>The sealing key's id (see <see cref="Data.SealingKeys"/>); null only before the first start with keys.</summary>
    public string? KeyId { get; set; }

    public string? Seal { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.HasKey(e => e.Sequence);
        entry.Property(e => e.Sequence).ValueGeneratedNever();
        entry.Property(e => e.Actor).HasMaxLength(256);
        entry.Property(e => e.Action).HasMaxLength(32);
        entry.Property(e => e.EntityType).HasMaxLength(128);
        entry.Property(e => e.EntityId).HasMaxLength(128);
        entry.Property(e => e.PreviousHash).HasMaxLength(64);
        entry.Property(e => e.Hash).HasMaxLength(64);
        entry.Property(e => e.KeyId).HasMaxLength(64);
        entry.Property(e => e.Seal).HasMaxLength(64);
        entry.HasIndex(e => new { e.EntityType, e.EntityId });
    }
}
