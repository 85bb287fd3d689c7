using CertDesk.Features.Agreements;

namespace CertDesk.Features.Mail;

/// <summary>
/// Reminds the signer every few days until the agreement is signed or expires. Idempotent: each reminder has its
/// own outbox key and the agreement records when it was last reminded, so a re-run or a second node sends nothing twice.
/// </summary>
public sealed class AgreementReminders(CertDeskDbContext db, Outbox outbox, IOptions<MailOptions> options, PublicLinks links, TimeProvider clock)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var every = TimeSpan.FromDays(Math.Max(1, options.Value.ReminderDays));
        var due = (await db.Agreements.Include(a => a.Employee)
            .Where(a => a.Status == AgreementStatus.Issued)
            .ToListAsync(ct))
            .Where(a => a.SignBy > now && now - (a.LastReminderAt ?? a.IssuedAt) >= every)
            .ToList();
        foreach (var a in due)
        {
            var number = a.RemindersSent + 1;
            await outbox.QueueAsync($"agreement:{a.Id}:reminder:{number}", a.Employee!.Email, $"Reminder: please sign your tuition agreement for {a.CertificationCode}",
                string.Create(CultureInfo.InvariantCulture, $"Hello {a.Employee.FirstName},\n\nYour tuition agreement for {a.CertificationCode} is waiting for your signature. It expires on {a.SignBy:yyyy-MM-dd HH:mm} UTC: {links.To($"/Agreements/Details/{a.Id}")}\n"), ct);
            a.RemindersSent = number;
            a.LastReminderAt = now;
        }
        if (due.Count > 0)
        {
            db.Audit.Actor = "system:reminders";
            await db.SaveChangesAsync(ct);
        }
        return due.Count;
    }
}
