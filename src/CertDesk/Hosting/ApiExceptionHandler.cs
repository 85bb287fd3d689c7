using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Hosting;

/// <summary>
/// The few exceptions with a meaning for API callers: a body that cannot be read as the expected JSON is
/// invalid input (422, as the contract says, not the framework's 400); a lost optimistic-concurrency race is 409.
/// </summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                (StatusCodes.Status413PayloadTooLarge, "The request is too large.", bad.Message),
            BadHttpRequestException bad => (StatusCodes.Status422UnprocessableEntity, "The input is not valid.", bad.InnerException?.Message ?? bad.Message),
            DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, "The record was changed by someone else.", "Reload it and apply your change again."),
            _ => (0, "", ""),
        };
        if (status == 0)
        {
            return false;
        }
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
