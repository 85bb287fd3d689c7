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
    public string BaseUrl { get; set; } = "http://localhost:5000";
}
