namespace CertDesk.Hosting;

/// <summary>
/// Refuses a state-changing request that a browser sent from another site with the user's sign-in cookie. Pages carry
/// antiforgery tokens; API routes that accept forms and uploads (CE evidence, expense receipts) cannot, so every
/// unsafe cookie-authenticated request is checked here by its <c>Origin</c> (or, without one, its <c>Referer</c>):
/// browsers send it on every cross-site POST. Token callers (an <c>Authorization</c> header) carry no ambient
/// credential and are not checked; nor is a request without either header (not a browser's).
/// </summary>
public sealed class CrossSiteRequests(RequestDelegate next, PublicLinks links)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || request.Headers.Authorization.Count > 0)
        {
            return next(context);
        }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            origin = request.Headers.Referer.ToString();
        }
        if (origin.Length == 0 || IsSameSite(origin, request))
        {
            return next(context);
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Cross-site request refused.",
                Detail = "This change was sent from another site. Make it from CertDesk itself, or call the API with a token.",
            },
        }).AsTask();
    }

    private bool IsSameSite(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && (string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            || string.Equals(uri.Authority, links.BaseUri.Authority, StringComparison.OrdinalIgnoreCase));
}
