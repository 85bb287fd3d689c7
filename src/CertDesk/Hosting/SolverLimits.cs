using System.Security.Claims;
using System.Threading.RateLimiting;

namespace CertDesk.Hosting;

/// <summary>
/// Marks a route whose request runs a solver or a resampling (cohort plan, best slots, ROI study): each takes seconds
/// of a core, so <see cref="SolverLimits"/> caps how many run at once.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class SolverRouteAttribute : Attribute;

/// <summary>Section <c>RateLimits:Solver</c>: how many solver-backed requests run at once per user and per node.</summary>
public sealed class SolverLimitOptions
{
    public const string Section = "RateLimits:Solver";

    public int PerUser { get; set; } = 1;

    /// <summary>Per node; 0 means one per processor, at least two (so one person never holds the whole node).</summary>
    public int PerNode { get; set; }
}

/// <summary>
/// Concurrency caps on solver-backed routes, per user and per node (System.Threading.RateLimiting's chained
/// concurrency limiters, no queue): an extra request is answered at once with 429 and <c>Retry-After</c> instead of
/// slowing every solve down (eight parallel cohort plans took 10-16 s each before the cap).
/// </summary>
public sealed class SolverLimits : IDisposable
{
    public const int RetryAfterSeconds = 5;

    private readonly PartitionedRateLimiter<string> _limiter;

    public SolverLimits(Microsoft.Extensions.Options.IOptions<SolverLimitOptions> options)
    {
        var perUser = Math.Max(1, options.Value.PerUser);
        var perNode = options.Value.PerNode > 0 ? options.Value.PerNode : Math.Max(2, Environment.ProcessorCount);
        _limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetConcurrencyLimiter(user, _ => Limit(perUser))),
            PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetConcurrencyLimiter("node", _ => Limit(perNode))));
    }

    private static ConcurrencyLimiterOptions Limit(int permits) => new() { PermitLimit = permits, QueueLimit = 0 };

    /// <summary>A slot for <paramref name="user"/>; dispose the lease when the request ends. Not acquired: answer 429.</summary>
    public RateLimitLease TryEnter(string user) => _limiter.AttemptAcquire(user);

    public void Dispose() => _limiter.Dispose();

    /// <summary>Middleware (after authentication and routing): holds a slot for the length of a solver-backed request.</summary>
    public static async Task GateAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<SolverRouteAttribute>() is null)
        {
            await next(context);
            return;
        }
        var user = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "address:" + context.Connection.RemoteIpAddress;
        using var lease = context.RequestServices.GetRequiredService<SolverLimits>().TryEnter(user);
        if (!lease.IsAcquired)
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many calculations at once.",
                    Detail = $"Your earlier plans or studies are still being worked out; try again in {RetryAfterSeconds} s.",
                },
            });
            return;
        }
        await next(context);
    }
}
