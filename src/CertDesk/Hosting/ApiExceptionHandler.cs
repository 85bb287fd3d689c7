using Microsoft.AspNetCore.Diagnostics;

namespace CertDesk.Hosting;

/// <summary>
/// The few exceptions with a meaning for API callers: a body that cannot be read as the expected JSON is
/// invalid input (422, as the contract says, not the framework's 400); a lost optimistic-concurrency race is 412, as a
/// stale If-Match is; a refused uniqueness is 409 naming the fields; a storage failure (busy, disk full, read-only,
/// unreachable) says what happened and what to do (<see cref="DatabaseFailure"/>).
/// </summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not DbUpdateConcurrencyException && DatabaseFailure.Of(exception, context.RequestServices.GetService<CertDeskDbContext>()?.Model) is { } failure)
        {
            context.Response.StatusCode = failure.Status;
            if (failure.Kind == DatabaseFailureKind.Busy)
            {
                context.Response.Headers.RetryAfter = "2";
            }
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = failure.Fields.Count > 0
                    ? new HttpValidationProblemDetails(failure.Fields.ToDictionary()) { Status = failure.Status, Title = failure.Title, Detail = failure.Detail }
                    : new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = failure.Status, Title = failure.Title, Detail = failure.Detail },
            });
        }
        if (exception is BadHttpRequestException { InnerException: System.Text.Json.JsonException json })
        {
            // Name the field the caller sent (snake_case, from the JSON path), never the framework's CLR type names.
            context.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = new HttpValidationProblemDetails(JsonErrors(json)) { Status = StatusCodes.Status422UnprocessableEntity, Title = "The input is not valid." },
            });
        }
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                (StatusCodes.Status413PayloadTooLarge, "The request is too large.", bad.Message),
            BadHttpRequestException bad => (StatusCodes.Status422UnprocessableEntity, "The input is not valid.", bad.InnerException?.Message ?? bad.Message),
            DbUpdateConcurrencyException => (StatusCodes.Status412PreconditionFailed, "The record was changed by someone else.", "Reload it and apply your change again."),
            _ => (0, "", ""),
        };
        if (status == 0)
        {
            return false;
        }
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail };
        if (exception is DbUpdateConcurrencyException race && await CurrentVersionAsync(race, cancellationToken) is { } current)
        {
            // The lost race is answered as a stale If-Match is: the winner's version; reload, reapply, send If-Match.
            problem.Detail = $"The current version is {ApiResults.ETag(current)}; reload it and apply your change again.";
            problem.Extensions["current_version"] = current;
            context.Response.Headers.ETag = ApiResults.ETag(current);
        }
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = problem,
        });
    }

    /// <summary>"$.calls" names the field <c>calls</c>; a body that is not JSON at all is the field <c>body</c>.</summary>
    private static Dictionary<string, string[]> JsonErrors(System.Text.Json.JsonException json)
    {
        var field = json.Path is null or "$" ? "body" : json.Path.TrimStart('$', '.');
        var where = json.LineNumber is { } line ? $" (line {line + 1}, position {json.BytePositionInLine + 1})" : "";
        var reason = field == "body" ? $"the body is not valid JSON{where}" : $"not a value of the expected kind{where}";
        return new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [reason] };
    }

    private static async Task<int?> CurrentVersionAsync(DbUpdateConcurrencyException race, CancellationToken ct)
    {
        // The failed row may be a child (a replaced benefit line); the versioned record being saved is then among the tracked ones.
        var entry = race.Entries.FirstOrDefault(e => e.Entity is Data.IVersioned)
            ?? race.Entries.FirstOrDefault()?.Context.ChangeTracker.Entries().FirstOrDefault(e => e.Entity is Data.IVersioned && e.State != EntityState.Added);
        if (entry is null)
        {
            return null;
        }
        try
        {
            var values = await entry.GetDatabaseValuesAsync(ct);
            return values?.GetValue<int>(nameof(Data.IVersioned.Version));
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
        {
            return null; // the database is gone too: the 409 still stands, without the version
        }
    }
}
