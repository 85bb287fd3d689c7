namespace CertDesk.Features.Scheduling;

/// <summary>A separation takes the person off every future training session, with the calendar cancellation (<see cref="SessionService.RemoveSeparatedAsync"/>).</summary>
public sealed class SeparatedAttendees(SessionService sessions) : ISeparationListener
{
    public Task<int> OnSeparationsAsync(CancellationToken ct) => sessions.RemoveSeparatedAsync(ct);
}
