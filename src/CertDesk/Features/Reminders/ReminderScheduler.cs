using CertDesk.Features.Enrollments;

namespace CertDesk.Features.Reminders;

/// <summary>The background scheduler: one <see cref="ReminderRun"/> per interval on every node; the claims keep it exactly once.</summary>
public sealed partial class ReminderScheduler(IServiceProvider services, IOptions<FollowOptions> options, TimeProvider clock, ILogger<ReminderScheduler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SchedulerEnabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SchedulerIntervalSeconds), clock);
        do
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<ReminderRun>().RunAsync(clock.GetUtcNow(), stoppingToken);
                if (result.Sent > 0 || result.Failed > 0)
                {
                    LogPass(log, result.Sent, result.Failed);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPassFailed(log, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminders: {Sent} sent, {Failed} failed")]
    private static partial void LogPass(ILogger logger, int sent, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "A reminder pass failed; the next interval retries")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
