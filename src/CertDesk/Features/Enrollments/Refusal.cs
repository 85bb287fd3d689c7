using CertDesk.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertDesk.Features.Enrollments;

/// <summary>
/// Why a follow-through command was not carried out: 404 (not visible), 403 (visible, not yours to do), 409 (the
/// record's stage does not allow it), 412 (stale version), 422 (invalid input, per field). Nothing was written.
/// </summary>
public sealed record Refusal(int Status, string Title, IReadOnlyDictionary<string, string[]>? Errors = null, string? Detail = null)
{
    public static readonly Refusal NotFound = new(StatusCodes.Status404NotFound, "Not found.");

    public static Refusal Forbidden(string why) => new(StatusCodes.Status403Forbidden, "You may not do this.", Detail: why);

    public static Refusal Conflict(string why) => new(StatusCodes.Status409Conflict, "Not possible at this stage.", Detail: why);

    public static Refusal Stale(int version) => new(StatusCodes.Status412PreconditionFailed, "The record was changed by someone else.",
        Detail: $"The current version is {ApiResults.ETag(version)}; reload it and apply your change again.");

    public static Refusal Invalid(Dictionary<string, string[]> errors) => new(StatusCodes.Status422UnprocessableEntity, "The input is not valid.", errors);

    public static Refusal Invalid(string field, string error) => Invalid(new Dictionary<string, string[]> { [field] = [error] });

    /// <summary>One line for a page: the detail, or every field error.</summary>
    public string Message => Detail ?? (Errors is null ? Title : string.Join("; ", Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));

    public ProblemHttpResult ToProblem() => Status == StatusCodes.Status422UnprocessableEntity
        ? ApiResults.Invalid(Errors?.ToDictionary() ?? new Dictionary<string, string[]>(), Detail)
        : TypedResults.Problem(statusCode: Status, title: Title, detail: Detail);
}
