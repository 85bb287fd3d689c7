namespace CertDesk.Hosting;

/// <summary>
/// Headers every response carries: no sniffing, no framing, a strict content security policy (no inline script). API
/// answers and documents (PDF, spreadsheets, CSV, calendars) hold personal data: <c>Cache-Control: no-store</c>, so no
/// shared cache and no browser history keeps them after sign-out.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        context.Response.OnStarting(static state =>
        {
            var response = ((HttpContext)state).Response;
            if (IsPersonalDocument((HttpContext)state) && string.IsNullOrEmpty(response.Headers.CacheControl))
            {
                response.Headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    private static readonly string[] s_documentTypes =
        ["application/pdf", "application/vnd.openxmlformats", "text/csv", "text/calendar", "application/zip", "message/rfc822"];

    private static bool IsPersonalDocument(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || (context.Response.ContentType is { } type && s_documentTypes.Any(d => type.StartsWith(d, StringComparison.OrdinalIgnoreCase)));
}
