using System.Security.Cryptography;

namespace CertDesk.Features.Accounts;

/// <summary>An API bearer token. Only its SHA-256 is stored: a database leak yields no usable token.</summary>
public sealed class ApiToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string UserId { get; set; }
    public required string TokenHash { get; set; }
    public string Name { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public bool Revoked { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>When the token last authenticated a request (kept to within <see cref="LastUsedPrecision"/>).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(5);

    public bool IsActive(DateTimeOffset now) => !Revoked && (ExpiresAt is not { } expires || expires > now);

    public const string Prefix = "cdk_";

    public static string NewSecret() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> token)
    {
        token.Property(t => t.TokenHash).HasMaxLength(64);
        token.Property(t => t.Name).HasMaxLength(120);
        token.HasIndex(t => t.TokenHash).IsUnique();
        token.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
