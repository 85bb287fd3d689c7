using Microsoft.AspNetCore.Http.HttpResults;

namespace CertDesk.Hosting;

/// <summary>The contract's list shape: <c>{ "items": [...], "total": N }</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

/// <summary>Paging, ETags and the 422 problem body: one place for what every collection does the same way.</summary>
public static class ApiResults
{
    public const int MaxPageSize = 500;

    /// <summary>The rows a page holds: page numbers from 1, 50 rows by default, at most <see cref="MaxPageSize"/>.</summary>
    public static (int Skip, int Take) Window(int? page, int? pageSize)
    {
        var size = Math.Clamp(pageSize ?? 50, 1, MaxPageSize);
        return ((Math.Max(page ?? 1, 1) - 1) * size, size);
    }

    public static async Task<Page<T>> PageAsync<T>(IQueryable<T> query, int? page, int? pageSize, CancellationToken ct)
    {
        var (skip, take) = Window(page, pageSize);
        var total = await query.CountAsync(ct);
        var items = await query.Skip(skip).Take(take).ToListAsync(ct);
        return new Page<T>(items, total);
    }

    /// <summary>A page of a list already in memory (sorted or computed where SQL cannot).</summary>
    public static Page<T> PageOf<T>(IReadOnlyList<T> all, int? page, int? pageSize)
    {
        ArgumentNullException.ThrowIfNull(all);
        var (skip, take) = Window(page, pageSize);
        return new Page<T>([.. all.Skip(skip).Take(take)], all.Count);
    }

    public static string ETag(int version) => $"\"{version}\"";

    /// <summary>200 with the record and its version as ETag (what a GET or a change of one record answers).</summary>
    public static Ok<T> Versioned<T>(HttpResponse response, T value, int version)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ETag = ETag(version);
        return TypedResults.Ok(value);
    }

    /// <summary>What a GET of one record answers: 200 with it and its version as ETag, or 404 when there is none.</summary>
    public static Results<Ok<T>, NotFound> Found<T>(HttpResponse response, T? value, Func<T, int> version)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(version);
        return value is null ? TypedResults.NotFound() : Versioned(response, value, version(value));
    }

    /// <summary>The version the client expects (If-Match: "3" or W/"3"), or null when it sent none, "*" or no number.</summary>
    public static int? IfMatch(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Headers.IfMatch.ToString().Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }
        text = text.Trim('"');
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    /// <summary>True when the request's If-Match names another version than the stored one.</summary>
    public static bool IsStale(HttpRequest request, int version)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ifMatch = request.Headers.IfMatch.ToString().Trim();
        return ifMatch.Length > 0 && ifMatch != "*" && IfMatch(request) != version;
    }

    /// <summary>422 with an RFC 9457 body listing each field's errors.</summary>
    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The input is not valid.",
            Detail = detail,
        });

    public static ProblemHttpResult Invalid(string field, string error) => Invalid(new Dictionary<string, string[]> { [field] = [error] });

    /// <summary>412 for a stale If-Match, naming the current version (also as <c>current_version</c>).</summary>
    public static ProblemHttpResult Conflict(int currentVersion) =>
        TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The record was changed by someone else.",
            detail: $"The current version is {ETag(currentVersion)}; reload it and apply your change again.",
            extensions: new Dictionary<string, object?> { ["current_version"] = currentVersion });
}
