using CertDesk.Features.Shared;

namespace CertDesk.Hosting;

/// <summary>Turns a feature <see cref="Outcome{T}"/> into the API's statuses: 404, 403, 412 or 422 problem details.</summary>
public static class OutcomeResults
{
    public static IResult ToResult<T>(Outcome<T> outcome, Func<T, IResult> ok) => outcome.Kind switch
    {
        OutcomeKind.Ok => ok(outcome.Value!),
        OutcomeKind.NotFound => TypedResults.NotFound(),
        OutcomeKind.Forbidden => TypedResults.Forbid(),
        OutcomeKind.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The record cannot be changed.", detail: outcome.FirstError),
        OutcomeKind.Stale => outcome.Value is Data.IVersioned current
            ? ApiResults.Conflict(current.Version)
            : TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The record was changed by someone else."),
        _ => ApiResults.Invalid(outcome.Errors.ToDictionary(e => e.Key, e => e.Value)),
    };

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
        return ToResult(outcome, value =>
        {
            response.Headers.ETag = ApiResults.ETag(version(value));
            return TypedResults.Ok(value);
        });
    }

    /// <summary>The version the client expects (If-Match), or null when it sent none.</summary>
    public static int? IfMatch(HttpRequest request)
    {
        var text = request.Headers.IfMatch.ToString().Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }
        text = text.Trim('"');
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
    }
}
