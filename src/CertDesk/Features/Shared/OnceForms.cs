using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CertDesk.Features.Shared;

/// <summary>
/// <c>&lt;form method="post" once&gt;</c>: the form carries a one-time token (a new one each time the form is shown).
/// </summary>
[HtmlTargetElement("form", Attributes = Attribute)]
public sealed class OnceFormTagHelper : TagHelper
{
    public const string Attribute = "once";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Attributes.RemoveAll(Attribute);
        output.PostContent.AppendHtml($"<input type=\"hidden\" name=\"{OnceForms.Field}\" value=\"{Guid.NewGuid():N}\" />");
    }
}

/// <summary>
/// A form that creates is submitted once per token: the first submission runs and, when it ends in a redirect (to
/// the new record), that address is kept; a second submission of the same token (a double click, a resent form, the
/// same moment on another node) creates nothing and is sent to the same address. A submission that did not redirect
/// (invalid input shown again) or failed releases the token, so the person can correct and send again.
/// </summary>
public sealed class OnceForms(IServiceScopeFactory scopes, TimeProvider clock) : IAsyncPageFilter, IAsyncAlwaysRunResultFilter
{
    public const string Field = "__once";

    /// <summary>How long a second submission waits for the first one to finish before it is told to look later.</summary>
    private static readonly TimeSpan s_waitForFirst = TimeSpan.FromSeconds(15);

    private sealed record Claim(AsyncServiceScope Scope, CertDeskDbContext Db, IdempotentRequest Row);

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType || context.HttpContext.User.Identity?.IsAuthenticated != true
            || !Guid.TryParseExact((await request.ReadFormAsync(context.HttpContext.RequestAborted))[Field].ToString(), "N", out var token))
        {
            await next();
            return;
        }
        var caller = context.HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{request.Path}{request.QueryString}")));
        var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var key = "form:" + token.ToString("N");
        var (row, existing) = await IdempotencyKeys.ClaimAsync(db, caller, key, hash, clock.GetUtcNow(), context.HttpContext.RequestAborted);
        if (existing is not null)
        {
            await scope.DisposeAsync();
            context.Result = await AnswerAsync(caller, key, existing, context.HttpContext.RequestAborted);
            return;
        }
        context.HttpContext.Items[typeof(OnceForms)] = new Claim(scope, db, row!);
        var executed = await next();
        if (executed.Exception is not null && !executed.ExceptionHandled)
        {
            await ForgetAsync(context.HttpContext);
        }
    }

    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        await next();
        if (context.HttpContext.Items[typeof(OnceForms)] is not Claim claim)
        {
            return;
        }
        var response = context.HttpContext.Response;
        if (response.StatusCode is >= 300 and < 400 && response.Headers.Location.ToString() is { Length: > 0 } location)
        {
            claim.Row.Status = response.StatusCode;
            claim.Row.Location = location;
            context.HttpContext.Items.Remove(typeof(OnceForms));
            try
            {
                await claim.Db.SaveChangesAsync(CancellationToken.None);
            }
            finally
            {
                await claim.Scope.DisposeAsync();
            }
            return;
        }
        await ForgetAsync(context.HttpContext);
    }

    private static async Task ForgetAsync(HttpContext http)
    {
        if (http.Items[typeof(OnceForms)] is Claim claim)
        {
            http.Items.Remove(typeof(OnceForms));
            await IdempotencyKeys.ReleaseAsync(claim.Db, claim.Row);
            await claim.Scope.DisposeAsync();
        }
    }

    /// <summary>The second submission: to where the first one went, once it has finished.</summary>
    private async Task<IActionResult> AnswerAsync(string caller, string key, IdempotentRequest first, CancellationToken ct)
    {
        var waited = TimeSpan.Zero;
        while (first.Status is null && waited < s_waitForFirst)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            waited += TimeSpan.FromMilliseconds(200);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
            var now = await db.IdempotentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Caller == caller && r.Key == key, ct);
            if (now is null)
            {
                break; // the first one failed or was invalid: nothing was created
            }
            first = now;
        }
        return first.Location is { } location
            ? new LocalRedirectResult(location)
            : new StatusCodeResult(StatusCodes.Status409Conflict);
    }
}
