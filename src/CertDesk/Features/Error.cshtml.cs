using Microsoft.AspNetCore.Diagnostics;

namespace CertDesk.Features;

[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = "Something went wrong";
    public string Message { get; private set; } = "The page could not be shown. Nothing was changed; please try again, and tell your administrator if it happens again.";

    /// <summary>The HTTP status shown under the message (none when the page is opened directly).</summary>
    public int? Code { get; private set; }

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        // Re-executed by the exception handler (no code in the query): a 500.
        Code = code ?? (HttpContext.Response.StatusCode >= 400 ? HttpContext.Response.StatusCode : null);
        // An exception the database explains (a duplicate, a busy, full or read-only database): say what and what to do.
        if (code is null && HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Error is { } error)
        {
            if (error is DbUpdateConcurrencyException)
            {
                Code = HttpContext.Response.StatusCode = StatusCodes.Status409Conflict;
                Heading = "Changed by someone else";
                Message = "Someone saved this record while you were editing it: your change was not saved. Open it again to see their change, then apply yours.";
                return;
            }
            if (DatabaseFailure.Of(error, HttpContext.RequestServices.GetService<CertDeskDbContext>()?.Model) is { } failure)
            {
                Code = HttpContext.Response.StatusCode = failure.Status;
                Heading = failure.Title;
                Message = failure.Detail;
                return;
            }
        }
        switch (code)
        {
            case 404:
                Heading = "Not found";
                Message = "There is nothing at this address, or it is not yours to see. Check the link, or start again from the home page.";
                break;
            case 403:
                Heading = "Not allowed";
                Message = "Your role does not give access to this page.";
                break;
            case 409:
                Heading = "Already sent";
                Message = "This form was already sent and is still being saved. Open the list in a moment to find the record.";
                break;
            case 429:
                Heading = "Too many attempts";
                Message = "Please wait a minute and try again.";
                break;
        }
    }
}
