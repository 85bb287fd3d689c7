using System.Security.Cryptography;
using CertDesk.Features.Scheduling;

namespace CertDesk.Features.Mail;

/// <summary>
/// E-mails a session's invite: one outbox message per recipient (each attendee and the organizer), with the .ics
/// attached as <c>text/calendar; method=REQUEST|CANCEL</c>. Queued in the unit of work of the change (the session
/// service calls it before saving), delivered by <see cref="MailWorker"/> like every other message. The key (session,
/// sequence, method, recipient) makes a retried request queue nothing twice.
/// </summary>
public sealed class SessionInviteMail(Outbox outbox, PublicLinks links) : ISessionInviteSender
{
    public const string FileName = "invite.ics";

    public async Task SendAsync(SessionInvite invite, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invite);
        var attachment = new MailAttachment(FileName, $"text/calendar; method={invite.Method}; charset=utf-8", Encoding.UTF8.GetBytes(invite.Ics));
        var link = links.To($"/Scheduling/Sessions/Details/{invite.SessionId}");
        foreach (var person in invite.Recipients.DistinctBy(p => p.Email.Trim().ToLowerInvariant()))
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"session:{invite.SessionId:N}:{invite.Sequence}:{invite.Method}:{RecipientKey(person.Email)}");
            await outbox.QueueAsync(key, person.Email, invite.Subject, Body(invite, person, link), [attachment], ct);
        }
    }

    private static string Body(SessionInvite invite, InvitePerson person, string link)
    {
        var what = invite.Cancelled
            ? "This session is cancelled (or you were taken off it): please remove it from your calendar."
            : invite.Sequence > 0 ? "This session has changed: the attached invite replaces the one you had." : "You are invited to this session.";
        var why = invite.Reason is { } reason ? $"Reason: {reason}\n\n" : "";
        return $"Hello {person.Name},\n\n{what}\n\n{why}{invite.Summary}\nThe calendar invite is attached ({FileName}). Details: {link}\n";
    }

    /// <summary>A short stable key for an address (keys are at most 200 characters; addresses up to 254).</summary>
    private static string RecipientKey(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())))[..24];
}
