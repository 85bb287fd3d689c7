using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace CertDesk.Features.Scheduling;

/// <summary>A person on an invite.</summary>
public sealed record InvitePerson(string Name, string Email);

/// <summary>A rendered invite: the .ics text, who gets it, and whether it is a cancellation.</summary>
public sealed record SessionInvite(Guid SessionId, string Uid, int Sequence, bool Cancelled, string Subject, string Ics, IReadOnlyList<InvitePerson> Recipients);

/// <summary>
/// RFC 5545 invites with Ical.Net: the event in the site's time zone (DTSTART;TZID=... with its VTIMEZONE), the same
/// UID for the session's whole life, SEQUENCE raised by every change; a cancellation is METHOD:CANCEL with
/// STATUS:CANCELLED (RFC 5546 3.2.5).
/// </summary>
public static class SessionInviteBuilder
{
    public const string ProductId = "-//CertDesk//Training scheduler//EN";

    public static SessionInvite Build(TrainingSession session, string timeZoneId, InvitePerson? organizer, IReadOnlyList<InvitePerson> attendees, DateTime stampUtc)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(attendees);
        var cancelled = session.Status == SessionStatus.Cancelled;
        var calendar = new Calendar { ProductId = ProductId, Method = cancelled ? "CANCEL" : "REQUEST" };
        // The zone with its daylight and standard rules from the year before the session (RFC 5545 3.6.5).
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(timeZoneId, new DateTime(session.LocalDate.Year - 1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), includeHistoricalData: false));

        var localStart = session.LocalDate.ToDateTime(session.LocalStart);
        var zone = SiteClock.Zone(timeZoneId);
        var localEnd = SiteClock.ToLocal(session.EndUtc, zone);
        var description = $"{KindLabel(session.Kind)} for {attendees.Count} attendee(s)."
            + (session.OnlineUrl is { } url ? $" Join online: {url}" : "");
        var evt = new CalendarEvent
        {
            Uid = session.Uid,
            Sequence = session.Sequence,
            Summary = session.Title,
            Description = description,
            Location = session.Location ?? session.OnlineUrl,
            DtStamp = new CalDateTime(DateTime.SpecifyKind(stampUtc, DateTimeKind.Utc)),
            DtStart = new CalDateTime(localStart, timeZoneId),
            DtEnd = new CalDateTime(localEnd, timeZoneId),
            Status = cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            Transparency = TransparencyType.Opaque,
        };
        if (session.OnlineUrl is { } link && Uri.TryCreate(link, UriKind.Absolute, out var uri))
        {
            evt.Url = uri;
        }
        if (organizer is not null)
        {
            evt.Organizer = new Organizer($"mailto:{organizer.Email}") { CommonName = organizer.Name };
        }
        foreach (var person in attendees)
        {
            evt.Attendees.Add(new Attendee($"mailto:{person.Email}")
            {
                CommonName = person.Name,
                Role = "REQ-PARTICIPANT",
                ParticipationStatus = "NEEDS-ACTION",
                Rsvp = !cancelled,
            });
        }
        calendar.Events.Add(evt);
        var ics = new CalendarSerializer().SerializeToString(calendar) ?? "";
        var subject = (cancelled ? "Cancelled: " : session.Sequence > 0 ? "Updated: " : "Invitation: ") + session.Title;
        return new SessionInvite(session.Id, session.Uid, session.Sequence, cancelled, subject, ics, attendees);
    }

    public static string KindLabel(SessionKind kind) => kind switch
    {
        SessionKind.Exam => "Exam",
        SessionKind.Coaching => "Coaching",
        _ => "Class",
    };
}

/// <summary>
/// Sends a session's invite to its attendees. The hook for e-mail: the mail feature (MailKit, another branch) registers
/// its sender in place of these; until then the default drops invites (<see cref="NoSessionInviteSender"/>) or, with
/// <c>Scheduling:InviteOutbox</c> set, writes each as an .ics file there (<see cref="FileSessionInviteSender"/>).
/// </summary>
public interface ISessionInviteSender
{
    Task SendAsync(SessionInvite invite, CancellationToken ct);
}

public sealed class NoSessionInviteSender : ISessionInviteSender
{
    public Task SendAsync(SessionInvite invite, CancellationToken ct) => Task.CompletedTask;
}

public sealed class FileSessionInviteSender(string folder) : ISessionInviteSender
{
    public async Task SendAsync(SessionInvite invite, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invite);
        Directory.CreateDirectory(folder);
        var name = $"{invite.Uid.Split('@')[0]}-{invite.Sequence:000}{(invite.Cancelled ? "-cancel" : "")}.ics";
        await File.WriteAllTextAsync(Path.Combine(folder, name), invite.Ics, new System.Text.UTF8Encoding(false), ct);
    }
}
