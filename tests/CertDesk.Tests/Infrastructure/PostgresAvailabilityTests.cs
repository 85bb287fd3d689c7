namespace CertDesk.Tests.Infrastructure;

public sealed class PostgresAvailabilityTests
{
    /// <summary>PostgreSQL cases skip without a server on a laptop, but CI must run them: a skip there is a failure.</summary>
    [Fact]
    public void PostgresServer_OnCi_IsConfigured()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Assert.False(ci && TestDatabase.PostgresServer is null,
            $"CI=true but {TestDatabase.PostgresVariable} is not set: the PostgreSQL half of the suite would be skipped (use ./test.sh)");
    }
}
