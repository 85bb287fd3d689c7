using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace CertDesk.Features.Scheduling;

/// <summary>A person on an invite.</summary>
public sealed record InvitePerson(string Name, string Email);

/// <summary>A rendered invite: the .ics text, who gets it (the attendees and the organizer), and whether it is a cancellation.</summary>
public sealed record SessionInvite(Guid SessionId, string Uid, int Sequence, bool Cancelled, string Subject, string Ics, IReadOnlyList<InvitePerson> Recipients)
{
    /// <summary>The session in plain text (what, when in the site's time zone, where), for the body of the e-mail.</summary>
    public string Summary { get; init; } = "";

    /// <summary>The iTIP method of <see cref="Ics"/>: REQUEST, or CANCEL.</summary>
    public string Method => Cancelled ? "CANCEL" : "REQUEST";
}

/// <summary>
/// RFC 5545 invites with Ical.Net: the event in the site's time zone (DTSTART;TZID=... with its VTIMEZONE), the same
/// UID for the session's whole life, SEQUENCE raised by every change; a cancellation is METHOD:CANCEL with
/// STATUS:CANCELLED (RFC 5546 3.2.5).
/// </summary>
public static class SessionInviteBuilder
{
    public const string ProductId = "-//CertDesk//Training scheduler//EN";

    /// <param name="cancel">True for a CANCEL although the session goes on: what attendees removed from it receive
    /// (RFC 5546 3.2.5, with only them as ATTENDEEs). Null: a CANCEL when the session is cancelled, else a REQUEST.</param>
    public static SessionInvite Build(TrainingSession session, string timeZoneId, InvitePerson? organizer, IReadOnlyList<InvitePerson> attendees, DateTime stampUtc, bool? cancel = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(attendees);
        var cancelled = cancel ?? session.Status == SessionStatus.Cancelled;
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
        var recipients = attendees.ToList();
        if (organizer is not null && !recipients.Any(p => string.Equals(p.Email, organizer.Email, StringComparison.OrdinalIgnoreCase)))
        {
            recipients.Add(organizer);
        }
        return new SessionInvite(session.Id, session.Uid, session.Sequence, cancelled, subject, ics, recipients)
        {
            Summary = Summarize(session, timeZoneId, localStart, localEnd, organizer, attendees),
        };
    }

    private static string Summarize(TrainingSession session, string timeZoneId, DateTime localStart, DateTime localEnd, InvitePerson? organizer, IReadOnlyList<InvitePerson> attendees)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder();
        text.Append(inv, $"{KindLabel(session.Kind)}: {session.Title}\n");
        text.Append(inv, $"When: {localStart:dddd yyyy-MM-dd HH:mm}-{localEnd:HH:mm} ({timeZoneId}), {session.LengthMinutes} minutes\n");
        if (session.Location is { } room)
        {
            text.Append(inv, $"Where: {room}\n");
        }
        if (session.OnlineUrl is { } url)
        {
            text.Append(inv, $"Online: {url}\n");
        }
        if (organizer is not null)
        {
            text.Append(inv, $"Organizer: {organizer.Name}\n");
        }
        text.Append(inv, $"Attendees: {string.Join(", ", attendees.Select(a => a.Name))}\n");
        return text.ToString();
    }

    public static string KindLabel(SessionKind kind) => kind switch
    {
        SessionKind.Exam => "Exam",
        SessionKind.Coaching => "Coaching",
        _ => "Class",
    };
}

/// <summary>
/// Sends a session's invite. <see cref="SessionService"/> calls every registered sender on each create, update and
/// cancel, <b>before</b> it saves the change: the mail feature's sender (<c>Features/Mail/SessionInviteMail.cs</c>)
/// queues one e-mail per recipient in the outbox, in the same transaction as the change. With
/// <c>Scheduling:InviteOutbox</c> set, <see cref="FileSessionInviteSender"/> also writes each invite there as an .ics file.
/// </summary>
public interface ISessionInviteSender
{
    Task SendAsync(SessionInvite invite, CancellationToken ct);
}

/// <summary>A copy of every invite as an .ics file in a folder (written when queued: a save that fails afterwards leaves the file).</summary>
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
