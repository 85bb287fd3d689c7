using Microsoft.AspNetCore.Http.HttpResults;

namespace CertDesk.Hosting;

/// <summary>
/// Turns a feature <see cref="Outcome{T}"/> into the API's answer: the value, or 404, 403, 409, 412 or 422 as RFC 9457
/// problem details. With <see cref="ApiResults"/> (paging, ETag, If-Match) the one place for what every route does alike.
/// </summary>
public static class OutcomeResults
{
    public static IResult ToResult<T>(Outcome<T> outcome, Func<T, IResult> ok)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(ok);
        return outcome.IsOk ? ok(outcome.Value!) : Problem(outcome);
    }

    /// <summary>The problem for an outcome that is not Ok.</summary>
    public static ProblemHttpResult Problem<T>(Outcome<T> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Kind switch
        {
            OutcomeKind.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found."),
            OutcomeKind.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You may not do this.", detail: outcome.Reason),
            OutcomeKind.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The record cannot be changed.", detail: outcome.FirstError),
            OutcomeKind.Stale => (outcome.CurrentVersion ?? (outcome.Value as Data.IVersioned)?.Version) is { } current
                ? ApiResults.Conflict(current)
                : TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The record was changed by someone else."),
            OutcomeKind.Invalid => ApiResults.Invalid(outcome.Errors.ToDictionary(e => e.Key, e => e.Value)),
            _ => throw new InvalidOperationException("An Ok outcome is not a problem."),
        };
    }

    /// <summary>
    /// A write answers what GET answers: when the outcome is Ok, the record read back through the GET's query, which loads
    /// what the representation names (the person, the policy, the site); the command's own copy carries only their ids.
    /// </summary>
    public static async Task<Outcome<T>> ReadBackAsync<T>(Outcome<T> outcome, Func<T, Task<T?>> read)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(read);
        return outcome.IsOk && await read(outcome.Value!) is { } stored ? outcome with { Value = stored } : outcome;
    }

    /// <summary>
    /// The answer to a PUT that replaced a record: 200 with the new version as ETag, or for a stale If-Match 412 with the
    /// current version (the outcome then carries the current record), otherwise as <see cref="ToResult{T}"/>.
    /// </summary>
    public static IResult Replaced<T>(Outcome<T> outcome, HttpResponse response, Func<T, int> version)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(version);
        if (outcome.Kind == OutcomeKind.Stale && outcome.Value is { } current)
        {
            return ApiResults.Conflict(version(current));
        }
        return ToResult(outcome, value => ApiResults.Versioned(response, value, version(value)));
    }
}
