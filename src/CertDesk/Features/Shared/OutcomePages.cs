namespace CertDesk.Features.Shared;

/// <summary>
/// The page-side twin of <c>Hosting.OutcomeResults</c>: how a page answers a feature <see cref="Outcome{T}"/>. One
/// mapping for every form post: Ok goes on (usually a redirect), not found is 404, forbidden is 403, anything else
/// shows the page again with the reasons in its error summary.
/// </summary>
public static class OutcomePages
{
    /// <summary>The status of a page shown again for a refused command: 404, 403, 409, 412 or 422.</summary>
    public static int StatusOf<T>(Outcome<T> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Kind switch
        {
            OutcomeKind.Ok => StatusCodes.Status200OK,
            OutcomeKind.NotFound => StatusCodes.Status404NotFound,
            OutcomeKind.Forbidden => StatusCodes.Status403Forbidden,
            OutcomeKind.Conflict => StatusCodes.Status409Conflict,
            OutcomeKind.Stale => StatusCodes.Status412PreconditionFailed,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
    }

    /// <summary>
    /// Ok: <paramref name="ok"/>; not found: 404; forbidden: 403; otherwise each reason is added to the page's error
    /// summary and <paramref name="again"/> shows the page again. <paramref name="stale"/> handles a stale outcome
    /// (e.g. refills the form with the stored record); <paramref name="invalid"/> places field errors beside their
    /// inputs; without them the reasons go to the summary as "field: reason".
    /// </summary>
    public static async Task<IActionResult> AnswerAsync<T>(
        this PageModel page, Outcome<T> outcome, Func<T, IActionResult> ok, Func<Task<IActionResult>> again,
        Action<Outcome<T>>? stale = null, Action<IReadOnlyDictionary<string, string[]>>? invalid = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(ok);
        ArgumentNullException.ThrowIfNull(again);
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                return ok(outcome.Value!);
            case OutcomeKind.NotFound:
                return page.NotFound();
            case OutcomeKind.Forbidden:
                return page.Forbid();
            case OutcomeKind.Stale when stale is not null:
                stale(outcome);
                break;
            case OutcomeKind.Stale or OutcomeKind.Conflict:
                page.ModelState.AddModelError(string.Empty, outcome.Message);
                break;
            default:
                (invalid ?? page.ModelState.AddFieldErrors)(outcome.Errors);
                break;
        }
        return await again();
    }

    /// <summary>
    /// A detail page's form post whose refusal shows as one line above its forms (not beside fields): Ok runs
    /// <paramref name="done"/> (usually the message for the next page) and redirects to <paramref name="routeValues"/>
    /// (post/redirect/get); otherwise <paramref name="refused"/> gets the reason, the response takes the refusal's status
    /// (<see cref="StatusOf{T}"/>) and <paramref name="again"/> shows the page.
    /// </summary>
    public static async Task<IActionResult> RedirectOrShowAsync<T>(
        this PageModel page, Outcome<T> outcome, object routeValues, Action done, Action<string> refused, Func<Task<IActionResult>> again)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(refused);
        ArgumentNullException.ThrowIfNull(again);
        if (outcome.IsOk)
        {
            done();
            return page.RedirectToPage(routeValues);
        }
        refused(outcome.Message);
        page.Response.StatusCode = StatusOf(outcome);
        return await again();
    }

    /// <summary>
    /// Where a step taken on a detail page goes once done: back to the home page's queue with <paramref name="done"/> when
    /// the form came from there (<see cref="WorkQueue.BackTo"/>), else to the page again (post/redirect/get) with
    /// <paramref name="say"/> keeping <paramref name="done"/> as its message.
    /// </summary>
    public static IActionResult RedirectWhenDone(this PageModel page, string? back, string done, object routeValues, Action<string> say)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(say);
        if (WorkQueue.BackTo(back, done) is { } home)
        {
            return page.LocalRedirect(home);
        }
        say(done);
        return page.RedirectToPage(routeValues);
    }
}
