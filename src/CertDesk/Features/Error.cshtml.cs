using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

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
            case 429:
                Heading = "Too many attempts";
                Message = "Please wait a minute and try again.";
                break;
        }
    }
}
