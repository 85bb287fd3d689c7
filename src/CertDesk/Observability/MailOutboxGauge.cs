using System.Data.Common;
using System.Diagnostics.Metrics;
using CertDesk.Features.Mail;

namespace CertDesk.Observability;

/// <summary>
/// <c>certdesk.mail.outbox.depth</c>: messages waiting in the outbox (<c>state=queued</c>: not sent, still to be tried)
/// and given up (<c>state=failed</c>: <see cref="MailDelivery.MaxAttempts"/> failed attempts), counted in the database
/// when a reader collects (a scrape, an OTLP export), so every node reports the same shared outbox. Created only when
/// telemetry is on; its meter belongs to the host and goes with it.
/// </summary>
internal sealed partial class MailOutboxGauge : IDisposable
{
    private readonly Meter _meter;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<MailOutboxGauge> _logger;

    public MailOutboxGauge(IMeterFactory meters, IServiceScopeFactory scopes, ILogger<MailOutboxGauge> logger)
    {
        _scopes = scopes;
        _logger = logger;
        _meter = meters.Create(CertDeskTelemetry.Name);
        _meter.CreateObservableGauge("certdesk.mail.outbox.depth", Observe, "{message}", "Messages in the mail outbox not sent, by state (queued, failed)");
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        int queued, failed;
        try
        {
            using var scope = _scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
            var unsent = db.OutboxMessages.AsNoTracking().Where(m => m.SentAt == null);
            queued = unsent.Count(m => m.Attempts < MailDelivery.MaxAttempts);
            failed = unsent.Count(m => m.Attempts >= MailDelivery.MaxAttempts);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            // An unreachable database leaves the gauge out of this collection (a gap, not a wrong zero); health says why.
            LogUnreadable(_logger, e);
            return [];
        }
        return [new(queued, new KeyValuePair<string, object?>("state", "queued")), new(failed, new KeyValuePair<string, object?>("state", "failed"))];
    }

    public void Dispose() => _meter.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The mail outbox could not be counted for the metrics")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);
}
