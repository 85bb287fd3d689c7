namespace CertDesk.Features.Reminders;

/// <summary>
/// Delivers one claimed reminder. The scheduler calls it once per claim and marks the reminder sent in the same
/// unit of work; an e-mail sender (connected where mail is registered) sends beside the in-app one.
/// </summary>
public interface IReminderSender
{
    Task SendAsync(Reminder reminder, CancellationToken ct);
}

/// <summary>The in-app channel: a notification on the home page. At most one per reminder (unique key).</summary>
public sealed class InAppReminderSender(CertDeskDbContext db) : IReminderSender
{
    public Task SendAsync(Reminder reminder, CancellationToken ct)
    {
        db.Notifications.Add(new Notification
        {
            EmployeeId = reminder.EmployeeId,
            ReminderId = reminder.Id,
            CreatedAt = new DateTimeOffset(reminder.ClaimedAt, TimeSpan.Zero),
            Text = reminder.Text,
            Link = reminder.Link,
        });
        return Task.CompletedTask;
    }
}
