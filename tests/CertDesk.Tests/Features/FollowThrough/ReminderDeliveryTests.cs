using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Features.FollowThrough;

/// <summary>
/// Each reminder is delivered exactly once: two nodes on one database running passes at the same time, and a node
/// that dies after claiming, followed by a restart.
/// </summary>
public abstract class ReminderDeliveryTests(DbKind kind)
{
    [ProviderFact]
    public async Task TwoNodes_ConcurrentPasses_EachReminderSentExactlyOnce()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var nodeA = await CertDeskApp.StartAsync(database, seedDemo: true);
        await using var nodeB = await CertDeskApp.StartAsync(database, seedDemo: false);
        var now = DateTimeOffset.UtcNow;

        var passes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? nodeA : nodeB).RunRemindersAsync(now))));

        var counts = await nodeA.ReminderCountsAsync();
        Assert.True(counts.Reminders >= 3, $"the demo data has reminders due today; got {counts.Reminders}");
        Assert.Equal(counts.Reminders, counts.Sent);
        Assert.Equal(counts.Reminders, counts.Notifications);
        Assert.Equal(counts.Reminders, counts.DistinctNotified);
        Assert.Equal(counts.Reminders, counts.Emails);
        Assert.Equal(counts.Reminders, passes.Sum(p => p.Sent));
        Assert.Equal(counts.Reminders, passes.Sum(p => p.Claimed));

        // Later passes on either node, the same day, send nothing more.
        var again = await nodeB.RunRemindersAsync(now.AddHours(1));
        Assert.Equal(0, again.Sent);
        Assert.Equal(counts, await nodeA.ReminderCountsAsync());
    }

    [ProviderFact]
    public async Task HostedSchedulers_OnTwoNodes_DeliverEachReminderOnce()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var everySecond = new Dictionary<string, string> { ["Follow:SchedulerEnabled"] = "true", ["Follow:SchedulerIntervalSeconds"] = "1" };
        await using var nodeA = await CertDeskApp.StartAsync(database, seedDemo: true, settings: everySecond);
        await using var nodeB = await CertDeskApp.StartAsync(database, seedDemo: false, settings: everySecond);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        ReminderCounts counts;
        do
        {
            await Task.Delay(250);
            counts = await nodeA.ReminderCountsAsync();
        }
        while ((counts.Reminders == 0 || counts.Sent < counts.Reminders) && DateTime.UtcNow < deadline);
        await Task.Delay(2500); // a few more passes on both nodes
        counts = await nodeB.ReminderCountsAsync();
        Assert.True(counts.Reminders >= 3, $"the schedulers sent the demo reminders; got {counts}");
        Assert.Equal(new ReminderCounts(counts.Reminders, counts.Reminders, counts.Reminders, counts.Reminders, counts.Reminders), counts);
    }

    [ProviderFact]
    public async Task NodeDiesAfterClaiming_RestartTakesOverAfterTheLease_SentExactlyOnce()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var now = DateTimeOffset.UtcNow;
        int claimed;
        await using (var first = await CertDeskApp.StartAsync(database, seedDemo: true))
        {
            claimed = await first.ClaimRemindersThenDieAsync(now);
        }
        Assert.True(claimed >= 3);

        await using var restarted = await CertDeskApp.StartAsync(database, seedDemo: false);
        // Within the lease the dead node's claims are left alone (it might still be sending) ...
        var early = await restarted.RunRemindersAsync(now.AddMinutes(2));
        Assert.Equal(0, early.Sent);
        Assert.Equal(new ReminderCounts(claimed, 0, 0, 0, 0), await restarted.ReminderCountsAsync());

        // ... after it, one node takes them over and sends each once.
        var late = now.AddMinutes(11);
        var takeovers = await Task.WhenAll(restarted.RunRemindersAsync(late), restarted.RunRemindersAsync(late));
        Assert.Equal(claimed, takeovers.Sum(t => t.Sent));
        Assert.Equal(new ReminderCounts(claimed, claimed, claimed, claimed, claimed), await restarted.ReminderCountsAsync());

        await using var restartedAgain = await CertDeskApp.StartAsync(database, seedDemo: false);
        Assert.Equal(0, (await restartedAgain.RunRemindersAsync(late.AddHours(2))).Sent);
        Assert.Equal(new ReminderCounts(claimed, claimed, claimed, claimed, claimed), await restartedAgain.ReminderCountsAsync());
    }
}

public sealed class SqliteReminderDeliveryTests() : ReminderDeliveryTests(DbKind.Sqlite);

public sealed class PostgresReminderDeliveryTests() : ReminderDeliveryTests(DbKind.Postgres), IPostgresTests;
