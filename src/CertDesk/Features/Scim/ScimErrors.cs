using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Diagnostics;

namespace CertDesk.Features.Scim;

/// <summary>
/// A refusal in the SCIM error schema (RFC 7644 section 3.12): the status as a string, a <c>scimType</c> where the RFC
/// defines one for the case, and a detail an administrator can act on from the identity provider's provisioning log.
/// </summary>
public sealed class ScimException(int status, string? scimType, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string? ScimType { get; } = scimType;

    public static ScimException InvalidValue(string detail) => new(StatusCodes.Status400BadRequest, "invalidValue", detail);

    public static ScimException InvalidSyntax(string detail) => new(StatusCodes.Status400BadRequest, "invalidSyntax", detail);

    public static ScimException InvalidPath(string detail) => new(StatusCodes.Status400BadRequest, "invalidPath", detail);

    public static ScimException InvalidFilter(string detail) => new(StatusCodes.Status400BadRequest, "invalidFilter", detail);

    public static ScimException Mutability(string detail) => new(StatusCodes.Status400BadRequest, "mutability", detail);

    public static ScimException Uniqueness(string detail) => new(StatusCodes.Status409Conflict, "uniqueness", detail);

    public static ScimException NotFound(string detail) => new(StatusCodes.Status404NotFound, null, detail);
}

/// <summary>Writes every answer under /scim in the SCIM media type: resources, list responses and errors alike.</summary>
public static class ScimErrors
{
    public const string MediaType = "application/scim+json";
    public const string ErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";

    public static IResult Result(ScimException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Json(Body(error.Status, error.ScimType, error.Message), error.Status);
    }

    public static IResult Json(JsonNode body, int status = StatusCodes.Status200OK) =>
        Results.Text(body.ToJsonString(), MediaType, Encoding.UTF8, status);

    private static JsonObject Body(int status, string? scimType, string detail)
    {
        var body = new JsonObject
        {
            ["schemas"] = new JsonArray(ErrorSchema),
            ["status"] = status.ToString(CultureInfo.InvariantCulture),
        };
        if (scimType is not null)
        {
            body["scimType"] = scimType;
        }
        body["detail"] = detail;
        return body;
    }

    /// <summary>
    /// The answers the pipeline gives before or without an endpoint (401 and 403 from authorization, 404 for an unknown
    /// path, 405 for a method a resource does not take, such as DELETE: people are never deleted) in the error schema.
    /// </summary>
    public static Task StatusCodePageAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var status = context.HttpContext.Response.StatusCode;
        var detail = status switch
        {
            StatusCodes.Status401Unauthorized => "Send the directory's bearer token (certdesk directories add) in the Authorization header.",
            StatusCodes.Status403Forbidden => "Only a directory's token may call /scim/v2; a person's sign-in or API token may not.",
            StatusCodes.Status404NotFound => "No such SCIM resource or endpoint.",
            StatusCodes.Status405MethodNotAllowed => "This method is not supported here (people are deactivated with active=false, never deleted; a group is a CertDesk role, never deleted).",
            _ => "The request was refused.",
        };
        return WriteAsync(context.HttpContext, status, null, detail);
    }

    /// <summary>An unexpected failure: 500 in the error schema, without the exception's text (the log has it).</summary>
    public static Task ExceptionAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failure = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        return failure is BadHttpRequestException bad
            ? WriteAsync(context, StatusCodes.Status400BadRequest, "invalidSyntax", "The request could not be read: " + bad.Message)
            : WriteAsync(context, StatusCodes.Status500InternalServerError, null, "The request failed on the server; send it again later.");
    }

    private static async Task WriteAsync(HttpContext context, int status, string? scimType, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = MediaType + "; charset=utf-8";
        await context.Response.WriteAsync(Body(status, scimType, detail).ToJsonString(), context.RequestAborted);
    }
}
