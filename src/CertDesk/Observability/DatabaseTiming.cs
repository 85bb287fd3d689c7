using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CertDesk.Observability;

/// <summary>
/// Database time as a metric: every command EF Core runs is recorded in <c>certdesk.db.command.duration</c> with the
/// duration EF measured itself (until the first result of a query, not the reading of its rows). Added to the contexts
/// only when telemetry is on. The bulk fact writer's COPY and prepared upserts bypass EF and are counted in the import's
/// own duration instead.
/// </summary>
internal sealed class DatabaseTiming(string system) : DbCommandInterceptor
{
    private readonly KeyValuePair<string, object?> _system = new("db.system.name", system);

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Record(eventData.Duration, "ok");
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Duration, "ok");
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Record(eventData.Duration, "ok");
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Duration, "ok");
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Record(eventData.Duration, "ok");
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Duration, "ok");
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Record(eventData.Duration, "error");

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Record(eventData.Duration, "error");
        return Task.CompletedTask;
    }

    private void Record(TimeSpan duration, string outcome) =>
        CertDeskTelemetry.DatabaseCommandDuration.Record(duration.TotalSeconds, _system, new KeyValuePair<string, object?>("outcome", outcome));
}
