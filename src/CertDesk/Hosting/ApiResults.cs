using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Hosting;

/// <summary>The contract's list shape: <c>{ "items": [...], "total": N }</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

/// <summary>Paging, ETags and the 422 problem body: one place for what every collection does the same way.</summary>
public static class ApiResults
{
    public const int MaxPageSize = 500;

    public static async Task<Page<T>> PageAsync<T>(IQueryable<T> query, int? page, int? pageSize, CancellationToken ct)
    {
        var size = Math.Clamp(pageSize ?? 50, 1, MaxPageSize);
        var number = Math.Max(page ?? 1, 1);
        var total = await query.CountAsync(ct);
        var items = await query.Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return new Page<T>(items, total);
    }

    public static string ETag(int version) => $"\"{version}\"";

    /// <summary>True when the request's If-Match names another version than the stored one.</summary>
    public static bool IsStale(HttpRequest request, int version)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        return ifMatch.Length > 0 && ifMatch != "*" && ifMatch.Trim() != ETag(version) && ifMatch.Trim() != $"W/{ETag(version)}";
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
