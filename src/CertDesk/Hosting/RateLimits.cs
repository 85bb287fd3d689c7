using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace CertDesk.Hosting;

/// <summary>
/// The API's budget per caller (configuration section <c>RateLimits:Api</c>, e.g. <c>RateLimits__Api__TokenLimit</c>):
/// a token bucket of <see cref="TokenLimit"/> requests, refilled with <see cref="TokensPerSecond"/> a second.
/// </summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "RateLimits:Api";

    public bool Enabled { get; set; } = true;

    public int TokenLimit { get; set; } = 300;

    public int TokensPerSecond { get; set; } = 50;

    /// <summary>The largest request body the API reads (JSON inputs are small; uploads go through pages).</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>
/// Sign-in attempts per address and minute (section <c>RateLimits:SignIn</c>): a center whose staff share one
/// public address at shift start raises <see cref="AttemptsPerMinute"/>.
/// </summary>
public sealed class SignInRateLimitOptions
{
    public const string Section = "RateLimits:SignIn";

    public int AttemptsPerMinute { get; set; } = 20;
}

/// <summary>Sign-in attempts per address, API calls per user or token: 429 problem details with Retry-After.</summary>
public static class RateLimits
{
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ApiRateLimitOptions>(configuration.GetSection(ApiRateLimitOptions.Section));
        var signIn = configuration.GetSection(SignInRateLimitOptions.Section).Get<SignInRateLimitOptions>() ?? new SignInRateLimitOptions();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;
            // Only sign-in attempts (POST) count: showing the form again after a typo is not an attempt.
            o.AddPolicy(Policies.SignInRateLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "local",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, signIn.AttemptsPerMinute), Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter("view"));
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ApiPartition);
        });
    }

    /// <summary>
    /// One bucket per signed-in user (a session and the user's tokens share it), or per address for anonymous calls.
    /// Runs after authentication, so the user is known.
    /// </summary>
    private static RateLimitPartition<string> ApiPartition(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<ApiRateLimitOptions>>().CurrentValue;
        if (!options.Enabled || !context.Request.Path.StartsWithSegments("/api"))
        {
            return RateLimitPartition.GetNoLimiter("not-api");
        }
        var user = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var key = user is not null ? "user:" + user : "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "local");
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, options.TokenLimit),
            TokensPerPeriod = Math.Max(1, options.TokensPerSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"Slow down: try again in {seconds} s.",
            },
        });
    }

    /// <summary>
    /// API request bodies are bounded (413 problem details): JSON inputs are small. An upload endpoint declares its
    /// own bound with <see cref="Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata"/> (runs after routing).
    /// </summary>
    public static async Task LimitApiBodyAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize
                ?? context.RequestServices.GetRequiredService<IOptionsMonitor<ApiRateLimitOptions>>().CurrentValue.MaxBodyBytes;
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
            if (context.Request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = StatusCodes.Status413PayloadTooLarge, Title = "The request is too large.", Detail = $"The API reads at most {limit} bytes." },
                });
                return;
            }
        }
        await next(context);
    }
}
