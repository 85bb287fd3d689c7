using CertDesk.Features.Scheduling;

namespace CertDesk.Tests.Features.Scheduling;

/// <summary>The e-mail hook's file implementation: one .ics per revision, named by UID and sequence.</summary>
public sealed class InviteSenderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "certdesk-invites-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task FileSender_RequestThenCancel_TwoFilesSameUid()
    {
        var sender = new FileSessionInviteSender(_dir);
        await sender.SendAsync(new SessionInvite(Guid.NewGuid(), "abc@certdesk", 0, false, "Invitation: X", "BEGIN:VCALENDAR\r\nUID:abc@certdesk\r\nEND:VCALENDAR\r\n", []), CancellationToken.None);
        await sender.SendAsync(new SessionInvite(Guid.NewGuid(), "abc@certdesk", 1, true, "Cancelled: X", "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n", []), CancellationToken.None);
        Assert.Equal(["abc-000.ics", "abc-001-cancel.ics"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("METHOD:CANCEL", await File.ReadAllTextAsync(Path.Combine(_dir, "abc-001-cancel.ics")), StringComparison.Ordinal);
    }
}
