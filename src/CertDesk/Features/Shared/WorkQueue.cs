namespace CertDesk.Features.Shared;

/// <summary>
/// One thing waiting for the caller, shown at the top of their home page. <see cref="Href"/> opens it; each action
/// is a button on the row that posts (with antiforgery) to <see cref="WorkAction.PostTo"/>, whose handler returns to
/// the home page when the form carries <c>back=/</c> (see <see cref="WorkQueue.BackTo"/>).
/// </summary>
public sealed record WorkItem(string Title, string Detail, string Href, DateTimeOffset? Since, IReadOnlyList<WorkAction> Actions)
{
    /// <summary>An amount shown on the row (with its currency), if the item has one.</summary>
    public string? Amount { get; init; }
}

/// <summary>A button on a queue row. <see cref="Comment"/>: the row asks for a comment (required or not is the handler's rule).</summary>
public sealed record WorkAction(string Label, string PostTo, bool Primary = false, bool Comment = false);

/// <summary>One list of the caller's work: its heading, what to say when it is empty and where the whole list lives.</summary>
public sealed record WorkList(string Key, string Heading, string Empty, IReadOnlyList<WorkItem> Items, int Total, string AllHref, string AllText);

/// <summary>
/// A kind of work some role has to do (decide a case, countersign, publish a policy, ...). A feature adds its own by
/// registering an implementation: <c>services.AddScoped&lt;IWorkSource, MySource&gt;()</c>. Return null when the
/// caller's roles never do this work (the list is not shown at all), an empty list when there is nothing today.
/// </summary>
public interface IWorkSource
{
    /// <summary>Where the list appears among the caller's lists (smaller first).</summary>
    int Order { get; }

    Task<WorkList?> ListAsync(Caller caller, CancellationToken ct);
}

/// <summary>The caller's queue: every work source's list for them, in order.</summary>
public sealed class WorkQueue(IEnumerable<IWorkSource> sources, VersionedCache versioned, TimeProvider clock)
{
    /// <summary>How many items a list shows on the home page; the rest are one link away.</summary>
    public const int Shown = 6;

    /// <summary>
    /// Some twenty queries, asked on every view of the home page: kept per data version and viewer within the minute
    /// (<see cref="VersionedCache"/>; lists that depend on the time, such as a deadline passed, are at most a minute old).
    /// </summary>
    public Task<IReadOnlyList<WorkList>> ForAsync(Caller caller, CancellationToken ct) =>
        versioned.GetOrCreateAsync(("work queue", VersionedCache.Viewer(caller), clock.GetUtcNow().ToUnixTimeSeconds() / 60), () => ListsAsync(caller, ct), ct);

    private async Task<IReadOnlyList<WorkList>> ListsAsync(Caller caller, CancellationToken ct)
    {
        var lists = new List<WorkList>();
        foreach (var source in sources.OrderBy(s => s.Order))
        {
            if (await source.ListAsync(caller, ct) is { } list)
            {
                lists.Add(list);
            }
        }
        return lists;
    }

    /// <summary>
    /// Where a handler goes after an action taken from a queue: home (with what was done) when the form asked for it,
    /// else null (the handler shows its own page). Only the home page is accepted, so no one can redirect elsewhere.
    /// </summary>
    public static string? BackTo(string? back, string done) =>
        back == "/" ? "/?done=" + Uri.EscapeDataString(done) : null;
}
