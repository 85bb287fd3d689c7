using CertDesk.Features.Scheduling;

namespace CertDesk.Tests.Features.Scheduling;

/// <summary>Site-local time to UTC and calendar invites across America/New_York's changes (14 March and 7 November 2027).</summary>
public sealed class DaylightSavingTests
{
    private static readonly TimeZoneInfo s_newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Theory]
    [InlineData("2027-03-14", "01:59", "2027-03-14T06:59:00Z")] // EST, UTC-5
    [InlineData("2027-03-14", "03:00", "2027-03-14T07:00:00Z")] // EDT, UTC-4
    [InlineData("2027-11-07", "00:59", "2027-11-07T04:59:00Z")]
    [InlineData("2027-11-07", "01:00", "2027-11-07T05:00:00Z")] // ambiguous: the first occurrence (EDT)
    [InlineData("2027-11-07", "01:59", "2027-11-07T05:59:00Z")] // ambiguous: the first occurrence (EDT)
    [InlineData("2027-11-07", "02:00", "2027-11-07T07:00:00Z")] // EST again
    public void ToUtc_AroundTheChanges_FollowsTheDocumentedRule(string date, string time, string utc)
    {
        var result = SiteClock.ToUtc(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), s_newYork, out var error);
        Assert.Null(error);
        Assert.Equal(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal), result);
        Assert.Equal(DateTimeKind.Utc, result!.Value.Kind);
    }

    [Theory]
    [InlineData("02:00")]
    [InlineData("02:30")]
    [InlineData("02:59")]
    public void ToUtc_SpringForwardGap_IsAnError(string time)
    {
        var result = SiteClock.ToUtc(new DateOnly(2027, 3, 14), TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), s_newYork, out var error);
        Assert.Null(result);
        Assert.Contains("does not exist in America/New_York", error, StringComparison.Ordinal);
    }

    private static TrainingSession Session(DateOnly date, TimeOnly start, int minutes, SessionStatus status = SessionStatus.Scheduled, int sequence = 0)
    {
        var startUtc = SiteClock.ToUtc(date, start, s_newYork, out _)!.Value;
        return new TrainingSession
        {
            Title = "Erlang for supervisors",
            Uid = "0123456789abcdef@certdesk",
            LocalDate = date,
            LocalStart = start,
            LengthMinutes = minutes,
            StartUtc = startUtc,
            EndUtc = startUtc.AddMinutes(minutes),
            Location = "Room 2",
            Status = status,
            Sequence = sequence,
        };
    }

    [Fact]
    public void Invite_SessionSpanningTheFallBackNight_EndsAtTheRightLocalTime()
    {
        // 7 Nov 2027 00:30 EDT for 180 minutes = 03:30 UTC to 06:30 UTC = 02:30 EST (not 03:30).
        var invite = SessionInviteBuilder.Build(Session(new DateOnly(2027, 11, 7), new TimeOnly(0, 30), 180), "America/New_York",
            new InvitePerson("Dana Lee", "dana@example.com"), [new InvitePerson("Ana Reyes", "ana@example.com")], new DateTime(2027, 10, 1, 12, 0, 0, DateTimeKind.Utc));
        Assert.Contains("DTSTART;TZID=America/New_York:20271107T003000", invite.Ics, StringComparison.Ordinal);
        Assert.Contains("DTEND;TZID=America/New_York:20271107T023000", invite.Ics, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VTIMEZONE", invite.Ics, StringComparison.Ordinal);
        Assert.Contains("TZOFFSETFROM:-0400", invite.Ics, StringComparison.Ordinal);
        Assert.Contains("TZOFFSETTO:-0500", invite.Ics, StringComparison.Ordinal);
        Assert.Contains("METHOD:REQUEST", invite.Ics, StringComparison.Ordinal);
        Assert.Contains("mailto:ana@example.com", invite.Ics, StringComparison.Ordinal);
        Assert.Contains("ORGANIZER;CN=Dana Lee:mailto:dana@example.com", invite.Ics, StringComparison.Ordinal);
    }

    [Fact]
    public void Invite_AfterSpringForward_LocalTimeKeptAndDaylightRuleIncluded()
    {
        var invite = SessionInviteBuilder.Build(Session(new DateOnly(2027, 3, 15), new TimeOnly(9, 0), 60), "America/New_York", null, [], new DateTime(2027, 3, 1, 12, 0, 0, DateTimeKind.Utc));
        Assert.Contains("DTSTART;TZID=America/New_York:20270315T090000", invite.Ics, StringComparison.Ordinal);
        Assert.Contains("DTEND;TZID=America/New_York:20270315T100000", invite.Ics, StringComparison.Ordinal);
        Assert.Contains("BEGIN:DAYLIGHT", invite.Ics, StringComparison.Ordinal);
        Assert.Contains("TZOFFSETTO:-0400", invite.Ics, StringComparison.Ordinal);
    }

    [Fact]
    public void Invite_Cancellation_SameUidHigherSequence()
    {
        var invite = SessionInviteBuilder.Build(Session(new DateOnly(2027, 3, 15), new TimeOnly(9, 0), 60, SessionStatus.Cancelled, sequence: 3), "America/New_York", null, [], new DateTime(2027, 3, 1, 12, 0, 0, DateTimeKind.Utc));
        Assert.Contains("METHOD:CANCEL", invite.Ics, StringComparison.Ordinal);
        Assert.Contains("STATUS:CANCELLED", invite.Ics, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:3", invite.Ics, StringComparison.Ordinal);
        Assert.Contains("UID:0123456789abcdef@certdesk", invite.Ics, StringComparison.Ordinal);
        Assert.True(invite.Cancelled);
    }
}
