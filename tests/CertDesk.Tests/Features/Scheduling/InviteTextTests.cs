using CertDesk.Features.Scheduling;
using Ical.Net;

namespace CertDesk.Tests.Features.Scheduling;

/// <summary>
/// Calendar invites written only by Ical.Net from typed values: a session stored with hostile text (before validation
/// existed, or by a direct database write) still yields one event with exactly its attendees, no alarm, no extra property.
/// </summary>
public sealed class InviteTextTests
{
    private const string Injection = "\r\nATTENDEE:mailto:eve@example.com\r\nBEGIN:VALARM\r\nTRIGGER:-PT5M\r\nACTION:DISPLAY\r\nEND:VALARM";

    [Fact]
    public void Invite_WithLineBreaksInEveryTextAndTheLink_HasNoInjectedAttendeeOrAlarm()
    {
        var session = new TrainingSession
        {
            Title = "Erlang" + Injection,
            Uid = "0123456789abcdef@certdesk",
            LocalDate = new DateOnly(2027, 3, 15),
            LocalStart = new TimeOnly(9, 0),
            LengthMinutes = 60,
            StartUtc = new DateTime(2027, 3, 15, 13, 0, 0, DateTimeKind.Utc),
            EndUtc = new DateTime(2027, 3, 15, 14, 0, 0, DateTimeKind.Utc),
            Location = null,
            OnlineUrl = "https://meet.example/x" + Injection,
        };
        var attendees = new[] { new InvitePerson("Ana \"Reyes\"" + Injection, "ana@example.com"), new InvitePerson("Wei", "wei@example.com\r\nATTENDEE:mailto:eve@example.com") };

        var invite = SessionInviteBuilder.Build(session, "America/New_York", new InvitePerson("Org" + Injection, "org@example.com"), attendees, new DateTime(2027, 3, 1, 12, 0, 0, DateTimeKind.Utc));

        var calendar = Calendar.Load(invite.Ics)!;
        var evt = Assert.Single(calendar.Events);
        Assert.Equal(["mailto:ana@example.com"], evt.Attendees.Select(a => a.Value!.ToString()));
        Assert.Empty(evt.Alarms);
        // The hostile text survives only as text inside a property (SUMMARY), never as a property of its own.
        var lines = invite.Ics.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n");
        Assert.DoesNotContain(lines, l => l.StartsWith("BEGIN:VALARM", StringComparison.Ordinal) || l.StartsWith("TRIGGER", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.StartsWith("ATTENDEE", StringComparison.Ordinal) || l.StartsWith("ORGANIZER", StringComparison.Ordinal)));
        Assert.Null(evt.Url); // the link with line breaks is not a link
        Assert.DoesNotContain("meet.example", evt.Description, StringComparison.Ordinal);
    }
}
