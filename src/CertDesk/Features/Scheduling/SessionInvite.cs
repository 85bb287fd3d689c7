using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
// The iCalendar document, not System.Globalization's Calendar (a global using).
using Calendar = Ical.Net.Calendar;

namespace CertDesk.Features.Scheduling;

/// <summary>A person on an invite.</summary>
public sealed record InvitePerson(string Name, string Email);

/// <summary>A rendered invite: the .ics text, who gets it (the attendees and the organizer), and whether it is a cancellation.</summary>
public sealed record SessionInvite(Guid SessionId, string Uid, int Sequence, bool Cancelled, string Subject, string Ics, IReadOnlyList<InvitePerson> Recipients)
{
    /// <summary>The session in plain text (what, when in the site's time zone, where), for the body of the e-mail.</summary>
    public string Summary { get; init; } = "";

    /// <summary>Why the session was cancelled, in the canceller's words (null when none was given).</summary>
    public string? Reason { get; init; }

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
        // Every text property from typed values, cleaned of control characters (a line break must never start a new
        // property such as an ATTENDEE or a VALARM); Ical.Net escapes the rest (commas, semicolons, backslashes).
        var onlineUri = session.OnlineUrl is { } link && !CalendarText.HasControl(link) && !link.Any(char.IsWhiteSpace)
            && Uri.TryCreate(link, UriKind.Absolute, out var parsed) && parsed.Scheme == Uri.UriSchemeHttps ? parsed : null;
        var description = $"{KindLabel(session.Kind)} for {attendees.Count} attendee(s)."
            + (onlineUri is not null ? $" Join online: {onlineUri.AbsoluteUri}" : "");
        var evt = new CalendarEvent
        {
            Uid = session.Uid,
            Sequence = session.Sequence,
            Summary = CalendarText.Clean(session.Title),
            Description = description,
            Location = session.Location is { } room ? CalendarText.Clean(room) : onlineUri?.AbsoluteUri,
            DtStamp = new CalDateTime(DateTime.SpecifyKind(stampUtc, DateTimeKind.Utc)),
            DtStart = new CalDateTime(localStart, timeZoneId),
            DtEnd = new CalDateTime(localEnd, timeZoneId),
            Status = cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            Transparency = TransparencyType.Opaque,
        };
        if (onlineUri is not null)
        {
            evt.Url = onlineUri;
        }
        if (organizer is not null && CalendarText.MailTo(organizer.Email) is { } organizerAddress)
        {
            evt.Organizer = new Organizer(organizerAddress) { CommonName = CalendarText.Parameter(organizer.Name) };
        }
        foreach (var person in attendees)
        {
            if (CalendarText.MailTo(person.Email) is not { } address)
            {
                continue; // not one address: never written into the calendar
            }
            evt.Attendees.Add(new Attendee(address)
            {
                CommonName = CalendarText.Parameter(person.Name),
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

/// <summary>What may go into a calendar property: one line of text, no control characters.</summary>
public static class CalendarText
{
    public static bool HasControl(string text) => text.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029');

    /// <summary>Control characters (line breaks included) become spaces.</summary>
    public static string Clean(string text) =>
        HasControl(text) ? new string([.. text.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c)]) : text;

    /// <summary>A parameter value (CN=...): also without double quotes, which would end it.</summary>
    public static string Parameter(string text) => Clean(text).Replace('"', '\'');

    /// <summary>A mailto: value, or null unless the text is one address without spaces, controls or delimiters.</summary>
    public static string? MailTo(string email)
    {
        var address = email.Trim();
        return address.Length == 0 || HasControl(address) || address.Any(c => char.IsWhiteSpace(c) || c is '"' or ';' or ':' or ',' or '<' or '>') || address.Count(c => c == '@') != 1
            ? null
            : $"mailto:{address}";
    }
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
