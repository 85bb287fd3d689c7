using System.Security.Claims;
using Microsoft.AspNetCore.OutputCaching;

namespace CertDesk.Hosting;

/// <summary>
/// Output caching for signed-in GET pages and API lists that many people open often (the home page, the employee list).
/// ASP.NET Core's default policy never caches authenticated requests; this one does, safely: the cache key holds the
/// user, the browser's antiforgery cookie (so the cached page's form tokens are this browser's own), the full query
/// string, the minute of the app clock (time-dependent figures) and the <see cref="DataVersion"/>, so any change
/// anywhere makes the next request render afresh. Authorization runs before the cache (UseOutputCache comes after
/// UseAuthorization), a response that sets a cookie or is not 200 is never stored, and identical requests arriving
/// together wait for one rendering (locking) instead of all rendering at once.
/// </summary>
public sealed class SignedInOutputCache : IOutputCachePolicy
{
    public const string PolicyName = "signed-in";
    public const string AntiforgeryCookie = "certdesk-csrf";
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    async ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var user = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (!HttpMethods.IsGet(http.Request.Method) || user is null)
        {
            return;
        }
        var services = http.RequestServices;
        var version = await services.GetRequiredService<DataVersion>().CurrentAsync(cancellation);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        context.EnableOutputCaching = true;
        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = Lifetime;
        var vary = context.CacheVaryByRules;
        vary.QueryKeys = "*";
        vary.VaryByValues["user"] = user;
        vary.VaryByValues["scheme"] = http.User.Identity?.AuthenticationType ?? "";
        vary.VaryByValues["csrf"] = http.Request.Cookies[AntiforgeryCookie] ?? "";
        vary.VaryByValues["minute"] = now.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture);
        vary.VaryByValues["data"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }
}
