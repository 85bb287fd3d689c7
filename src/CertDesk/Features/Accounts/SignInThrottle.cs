using System.Collections.Concurrent;

namespace CertDesk.Features.Accounts;

/// <summary>
/// Slows password guessing without locking anyone out for long: failed sign-ins are counted per typed account and per
/// client address over a quarter of an hour; past <see cref="AccountOptions.FreeFailures"/> (<see cref="AccountOptions.AddressFreeFailures"/> for an address) each attempt waits twice as
/// long as the one before (at most <see cref="AccountOptions.MaxDelaySeconds"/>). Known and unknown accounts are counted
/// alike, so the wait tells nothing. Counts live on each node (a guesser spread over nodes still meets the account lockout).
/// </summary>
public sealed class SignInThrottle(TimeProvider clock, Microsoft.Extensions.Options.IOptions<AccountOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset Last)> _failures = new(StringComparer.Ordinal);

    public TimeSpan DelayFor(string account, string address)
    {
        var extra = Math.Max(Count("account:" + Key(account)) - options.Value.FreeFailures, Count("address:" + address) - options.Value.AddressFreeFailures);
        if (extra <= 0)
        {
            return TimeSpan.Zero;
        }
        var seconds = Math.Min(options.Value.MaxDelaySeconds, 0.25 * Math.Pow(2, Math.Min(extra - 1, 16)));
        return TimeSpan.FromSeconds(seconds);
    }

    public void Failed(string account, string address)
    {
        var now = clock.GetUtcNow();
        foreach (var key in new[] { "account:" + Key(account), "address:" + address })
        {
            _failures.AddOrUpdate(key, (1, now), (_, old) => (now - old.Last > Window ? 1 : old.Count + 1, now));
        }
        if (_failures.Count > 100_000)
        {
            foreach (var stale in _failures.Where(f => now - f.Value.Last > Window).Select(f => f.Key).ToList())
            {
                _failures.TryRemove(stale, out _);
            }
        }
    }

    public void Succeeded(string account) => _failures.TryRemove("account:" + Key(account), out _);

    private int Count(string key) =>
        _failures.TryGetValue(key, out var entry) && clock.GetUtcNow() - entry.Last <= Window ? entry.Count : 0;

    private static string Key(string account) => account.Trim().ToUpperInvariant();
}
