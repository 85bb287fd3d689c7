namespace CertDesk.Domain;

/// <summary>Money rounding of the contract: to cents, half away from zero, in decimal.</summary>
public static class Money
{
    /// <summary>Rounds to cents, half away from zero, and always carries two decimals (1995 becomes 1995.00).</summary>
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero) + 0.00m;
}
