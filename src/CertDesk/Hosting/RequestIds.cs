namespace CertDesk.Hosting;

/// <summary>
/// Every answer carries its request id (<c>X-Request-Id</c>), the id ASP.NET Core's request log scope holds as
/// <c>RequestId</c>: a user quotes it from the error page or the problem details, and the administrator finds that
/// request's log lines. Set as the answer starts, so an error page or a re-executed status page carries it too. The id
/// is the server's own; one sent by the client is not taken (it could name another person's request).
/// </summary>
public sealed class RequestIds(RequestDelegate next)
{
    public const string Header = "X-Request-Id";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[Header] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    /// <summary>Problem details (API errors) name the same id as <c>request_id</c>.</summary>
    public static void AddTo(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ProblemDetails.Extensions["request_id"] = context.HttpContext.TraceIdentifier;
    }
}
