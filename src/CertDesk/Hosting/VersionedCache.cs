using CertDesk.Features.Accounts;
using Microsoft.Extensions.Caching.Memory;

namespace CertDesk.Hosting;

/// <summary>
/// Results worked out from the data alone (an account's state for sign-in checks, a session's impact on the floor, a
/// KPI report, a gap heat map), kept for
/// the <see cref="DataVersion"/> and the day (UTC) they were worked out in, for at most <see cref="Lifetime"/>. A page
/// asks for them on every view, and working one out reads thousands of rows; any audited change, imports included,
/// is a new version, so the next view works it out afresh. The minute bounds what a change made outside the
/// application (SQL by hand, a restore) can leave unseen, as for the account checks (SessionValidation).
/// </summary>
/// <remarks>
/// Requests that ask for the same result at once wait for one working-out. The results are shared: read only. The data
/// version is read once per request (its first ask), so a request that changes data and then asks here gets what the
/// data was when it started; pages change data in a POST that redirects, and the next request sees the change.
/// </remarks>
public sealed class VersionedCache(DataVersion version, VersionedCache.Store store, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The kept results of every request: at most <see cref="MaxEntries"/> (keys come partly from query strings, so
    /// their number is bounded here, not by what callers send), each for at most <see cref="Lifetime"/>.
    /// </summary>
    public sealed class Store : IDisposable
    {
        public const int MaxEntries = 4000;

        internal MemoryCache Cache { get; } = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

        public void Dispose() => Cache.Dispose();
    }

    /// <param name="key">What the result depends on besides the data (ids, filters, <see cref="Viewer"/>); compared by value.</param>
    public async Task<T> GetOrCreateAsync<T>(object key, Func<Task<T>> create, CancellationToken ct)
        where T : class?
    {
        ArgumentNullException.ThrowIfNull(create);
        var full = (typeof(T), key, await version.CurrentAsync(ct), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var shared = store.Cache.GetOrCreate(full, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            entry.Size = 1;
            return new Lazy<Task<T>>(create);
        })!;
        var working = shared.Value;
        try
        {
            return await working;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // A failed working-out is not kept. One stopped by the request that started it (its client went away) is
            // worked out again for this one.
            if (store.Cache.TryGetValue(full, out Lazy<Task<T>>? kept) && ReferenceEquals(kept, shared))
            {
                store.Cache.Remove(full);
            }
            if (working.IsCanceled)
            {
                return await create();
            }
            throw;
        }
    }

    /// <summary>
    /// Who is looking, for results that depend on the caller: account, e-mail (some lists are the caller's own
    /// requests by address), roles and employee record.
    /// </summary>
    public static string Viewer(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return $"{caller.UserId}|{caller.Email}|{string.Join(',', caller.Roles.Order(StringComparer.Ordinal))}|{caller.EmployeeId}";
    }
}
