using CertDesk.Features.Accounts;
using Microsoft.Extensions.Caching.Memory;

namespace CertDesk.Hosting;

/// <summary>
/// Results worked out from the data alone (a session's impact on the floor, a KPI report, a gap heat map), kept for
/// the <see cref="DataVersion"/> and the day (UTC) they were worked out in, for at most <see cref="Lifetime"/>. A page
/// asks for them on every view, and working one out reads thousands of rows; any audited change, imports included,
/// is a new version, so the next view works it out afresh. The minute bounds what a change made outside the
/// application (SQL by hand, a restore) can leave unseen, as for the account checks (SessionValidation).
/// </summary>
public sealed class VersionedCache(DataVersion version, IMemoryCache cache, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <param name="key">What the result depends on besides the data (ids, filters, <see cref="Viewer"/>); compared by value.</param>
    public async Task<T> GetOrCreateAsync<T>(object key, Func<Task<T>> create, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        var full = (typeof(T), key, await version.CurrentAsync(ct), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (cache.TryGetValue(full, out T? known) && known is not null)
        {
            return known;
        }
        var value = await create();
        cache.Set(full, value, Lifetime);
        return value;
    }

    /// <summary>Who is looking, for results that depend on the caller's part of the org chart: account, roles and employee record.</summary>
    public static string Viewer(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return $"{caller.UserId}|{string.Join(',', caller.Roles.Order(StringComparer.Ordinal))}|{caller.EmployeeId}";
    }
}
