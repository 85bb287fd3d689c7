namespace CertDesk.Features.Mail;

/// <summary>The "Mail" settings section. Without a host, messages are written as .eml files to the pickup folder.</summary>
public sealed class MailOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string From { get; set; } = "CertDesk <certdesk@localhost>";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string PickupDirectory { get; set; } = Path.Combine("data", "mail-pickup");
    public int PollSeconds { get; set; } = 30;
    public int ReminderDays { get; set; } = 3;

    /// <summary>
    /// How the SMTP connection is protected: <c>StartTls</c> (the default; the server must offer STARTTLS or nothing is
    /// sent), <c>SslOnConnect</c> (the default on port 465) or <c>None</c>, accepted only for a relay on this machine
    /// (localhost, 127.0.0.0/8, ::1) so that a password never crosses a network in clear. Checked at start.
    /// </summary>
    public MailSecurity? Security { get; set; }

    /// <summary>The protection in force: <see cref="Security"/>, else SslOnConnect on port 465 and StartTls elsewhere.</summary>
    public MailSecurity EffectiveSecurity => Security ?? (Port == 465 ? MailSecurity.SslOnConnect : MailSecurity.StartTls);

    /// <summary>Why these settings cannot be used, or null. <c>Security=None</c> is refused for a host that is not loopback.</summary>
    public string? Problem()
    {
        if (EffectiveSecurity == MailSecurity.None && !string.IsNullOrWhiteSpace(Host) && !IsLoopback(Host))
        {
            return $"Mail:Security=None is only allowed for a relay on this machine (localhost, 127.0.0.1, ::1), not for Mail:Host '{Host}': use StartTls or SslOnConnect.";
        }
        return Port is < 1 or > 65535 ? $"Mail:Port {Port} is not a TCP port." : null;
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));
}

public enum MailSecurity
{
    StartTls,
    SslOnConnect,
    None,
}
