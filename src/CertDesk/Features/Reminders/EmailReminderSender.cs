using CertDesk.Features.Mail;

namespace CertDesk.Features.Reminders;

/// <summary>
/// The e-mail channel: queues the reminder in the mail outbox in the same save that marks it sent, keyed by the
/// reminder's id, so a reminder becomes at most one message; the mail worker delivers it.
/// </summary>
public sealed class EmailReminderSender(CertDeskDbContext db, Outbox outbox, PublicLinks links) : IReminderSender
{
    public async Task SendAsync(Reminder reminder, CancellationToken ct)
    {
        var to = await db.Employees.AsNoTracking().Where(e => e.Id == reminder.EmployeeId).Select(e => e.Email).FirstOrDefaultAsync(ct);
        if (string.IsNullOrWhiteSpace(to))
        {
            return;
        }
        await outbox.QueueAsync($"reminder:{reminder.Id:N}", to, "CertDesk reminder: " + (reminder.Text.Length > 120 ? reminder.Text[..120] : reminder.Text),
            $"{reminder.Text}\n\nOpen CertDesk: {links.To(reminder.Link)}\n", ct);
    }
}
