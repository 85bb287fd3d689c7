namespace CertDesk.Features.Mail;

/// <summary>The background loop of the web app: queue due reminders, then deliver the outbox.</summary>
public sealed partial class MailWorker(IServiceScopeFactory scopes, IOptions<MailOptions> options, ILogger<MailWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds)));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<Data.CertDeskDbContext>();
                await Data.NodeLock.RunAloneAsync(db, Data.NodeLock.MailWorker, async () =>
                {
                    await scope.ServiceProvider.GetRequiredService<AgreementReminders>().RunAsync(stoppingToken);
                    await scope.ServiceProvider.GetRequiredService<MailDelivery>().DeliverPendingAsync(stoppingToken);
                }, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail delivery or reminders failed; retrying on the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
