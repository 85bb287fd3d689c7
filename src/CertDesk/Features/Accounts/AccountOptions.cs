namespace CertDesk.Features.Accounts;

/// <summary>Sessions, tokens and sign-in (configuration section <c>Accounts</c>, e.g. <c>Accounts__TokenMaxDays</c>).</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>A session ends after this long without a request (sliding).</summary>
    public double SessionIdleHours { get; set; } = 8;

    /// <summary>A session ends this long after the sign-in, however active (absolute).</summary>
    public double SessionMaxHours { get; set; } = 12;

    /// <summary>An API token's lifetime when none is asked for.</summary>
    public int TokenDefaultDays { get; set; } = 90;

    /// <summary>The longest lifetime a token may be given.</summary>
    public int TokenMaxDays { get; set; } = 365;

    /// <summary>How long an invitation or password-reset link stays good.</summary>
    public int PasswordLinkHours { get; set; } = 72;

    /// <summary>Failed sign-ins for one account answered at full speed; each further one waits twice as long.</summary>
    public int FreeFailures { get; set; } = 3;

    /// <summary>The same for one client address (higher: a whole contact center may share one public address).</summary>
    public int AddressFreeFailures { get; set; } = 20;

    /// <summary>The longest wait a failed sign-in adds, in seconds.</summary>
    public double MaxDelaySeconds { get; set; } = 8;

    /// <summary>Failed sign-ins in a row that lock the account, and for how long (short: nobody can lock a person out for long).</summary>
    public int LockoutFailures { get; set; } = 5;

    public double LockoutMinutes { get; set; } = 5;
}
