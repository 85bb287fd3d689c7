using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CertDesk.Hosting;

/// <summary>
/// What the generated OpenAPI document (<c>/openapi/v1.json</c>) says beyond what ASP.NET infers from the handlers, so
/// that a client generated from it can live on it: the bearer and cookie security schemes and which operations need
/// them; the statuses every operation can answer with their problem+json body (401 with <c>WWW-Authenticate</c>, 403,
/// 404 on a path naming a record, 409, 412 and 422 on writes); the <c>If-Match</c> request header of replacing writes
/// and the <c>ETag</c> of the answers that carry a version; input schemas that require only what the server requires
/// (every <c>*Input</c> field is optional in JSON, its rules are checked by the server and answered as 422); and a
/// server URL without a trailing slash (paths start with one). Success bodies are declared where the endpoints are
/// mapped (typed results or <c>Produces</c>).
/// </summary>
internal static class ApiDescription
{
    public const string Bearer = "bearer";
    public const string Cookie = "cookie";
    public const string Problem = "ProblemDetails";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string ProblemJson = "application/problem+json";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            Document(document);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, ct) =>
        {
            await DescribedBodyAsync(operation, context, ct);
            Operation(operation, context);
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            // Every field of an input record is nullable and checked by the server with field-level 422 reasons; a
            // schema that required them all would force a generated client to send fields the API documents as optional.
            if (context.JsonTypeInfo.Type.Name.EndsWith("Input", StringComparison.Ordinal))
            {
                schema.Required?.Clear();
            }
            // A file field of a form is its bytes (a generated client sends a file part), not an object of IFormFile's members.
            if (context.JsonTypeInfo.Type == typeof(IFormFile))
            {
                schema.Type = JsonSchemaType.String;
                schema.Format = "binary";
                schema.Properties?.Clear();
                schema.Required?.Clear();
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>What each tag groups, for the document's readers and the generators that write it into the client.</summary>
    private static readonly Dictionary<string, string> s_tags = new(StringComparer.Ordinal)
    {
        ["Organization"] = "Sites, teams and people (the roster), and the signed-in caller.",
        ["Accounts"] = "Users, roles, API tokens and one's own password.",
        ["Scheduling"] = "Training sessions, their calendar invites and impact, queues and coverage rules.",
        ["Repayments"] = "What a person owes back under a signed agreement after leaving, separations and their preview.",
        ["Competencies"] = "The competency framework and people's assessed levels.",
        ["Gaps"] = "A person's gaps against their role, recommended certifications and cohort plans.",
        ["Enrollments"] = "Enrollments in a certification: transitions, study hours, exam attempts, expenses and receipts.",
        ["Action plans"] = "After a certification: action plans and their items, check-ins (evidence and rating), surveys.",
        ["Proof"] = "KPI facts and ROI studies that show what certification changed.",
        ["Calculations"] = "Erlang C and A, staffing, ROI and repayment quotes: answers computed from the input, nothing written.",
        ["Audit"] = "The audit trail and its chain check.",
        ["Business cases"] = "Business cases for funding a certification, their decisions, and budgets.",
        ["Requests"] = "Certification requests: eligibility check, request, and the manager's and budget holder's decisions.",
        ["Policies"] = "Tuition policies, their versions, and the tax report.",
        ["Agreements"] = "Training repayment agreements: issue, sign, countersign, amend, verify, PDF.",
        ["Catalog"] = "Certifications, their issuers and price quotes.",
        ["Credentials"] = "Credentials earned: continuing education, sharing, HR verification, Open Badges.",
    };

    private static void Document(OpenApiDocument document)
    {
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && s_tags.TryGetValue(name, out var what))
            {
                tag.Description ??= what;
            }
        }
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/') is { Length: > 0 } url ? url : server.Url;
        }
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A personal API token (`certdesk tokens create`, or Account > API tokens): `Authorization: Bearer TOKEN`.",
        };
        document.Components.SecuritySchemes[Cookie] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = "certdesk",
            Description = "The session cookie of a signed-in browser (writes also need the page's antiforgery token).",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[Problem] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details; a 422 lists the reasons per field in `errors`.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object | JsonSchemaType.Null,
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
        };
    }

    private static void Operation(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod?.ToUpperInvariant() ?? "GET";
        var path = description.RelativePath ?? "";
        var document = context.Document;
        operation.Responses ??= new OpenApiResponses();
        operation.OperationId ??= OperationId(method, path);
        var secured = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        if (secured)
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] });
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Cookie, document)] = [] });
            var unauthorized = ProblemResponse(document, "Not signed in: no bearer token, or one that is expired or revoked.");
            unauthorized.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["WWW-Authenticate"] = new OpenApiHeader { Description = "How to authenticate: `Bearer realm=\"CertDesk\"`.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
            operation.Responses["401"] = unauthorized;
            operation.Responses["403"] = ProblemResponse(document, "Signed in, but the caller's role or relation to the record does not allow this.");
        }
        if (path.Contains('{', StringComparison.Ordinal))
        {
            operation.Responses["404"] = ProblemResponse(document, "No such record, or not one the caller may see.");
        }
        // A record named in the body rather than the path (a separation's employee_id) is looked up the same way.
        if (metadata.OfType<NamesRecordInBodyAttribute>().FirstOrDefault() is { } named)
        {
            operation.Responses["404"] = ProblemResponse(document, named.NotFound);
        }
        var write = method is "POST" or "PUT" or "PATCH" or "DELETE";
        if (write)
        {
            // A POST that only computes (a calculation, a check, a preview, a plan) holds no record to conflict with, and
            // IdempotencyKeys does not claim its key, so no copy of it is answered 409 either.
            if (!metadata.OfType<ComputesOnlyAttribute>().Any())
            {
                operation.Responses["409"] = ProblemResponse(document, "Conflicts with the record's state, or the same Idempotency-Key is still being processed.");
            }
            operation.Responses["422"] = ProblemResponse(document, "The input breaks a rule: `errors` names each field and why.");
        }
        if (method is "PUT" or "PATCH" or "DELETE")
        {
            operation.Parameters ??= [];
            if (!operation.Parameters.Any(p => string.Equals(p.Name, "If-Match", StringComparison.OrdinalIgnoreCase)))
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "If-Match",
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "The ETag of the version read (from GET): a newer stored version answers 412 and changes nothing.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }
            operation.Responses["412"] = ProblemResponse(document, "The If-Match version is not the stored one: read it again and reapply the change.");
        }
        // A file is bytes, not a base64 JSON string: generators then hand the caller a stream (NSwag's FileResponse).
        foreach (var response in operation.Responses.Values.OfType<OpenApiResponse>())
        {
            foreach (var (mediaType, content) in response.Content ?? new Dictionary<string, OpenApiMediaType>())
            {
                if (!mediaType.Contains("json", StringComparison.Ordinal))
                {
                    content.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
                }
            }
        }
        // The answers that carry one record also carry its version, for the next If-Match.
        if (method is "PUT" or "PATCH" || method == "POST" && operation.Responses.ContainsKey("201") || method == "GET" && path.EndsWith('}'))
        {
            foreach (var (status, response) in operation.Responses)
            {
                if (status is "200" or "201" && response is OpenApiResponse ok && ok.Content?.ContainsKey("application/json") == true)
                {
                    ok.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    ok.Headers["ETag"] = new OpenApiHeader { Description = "The record's version, for If-Match.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                }
            }
        }
    }

    /// <summary>
    /// The request body of an endpoint that reads its body itself (a form with files), from its
    /// <see cref="DescribedBodyAttribute"/>s: one media type each, with the schema of the type it names.
    /// </summary>
    private static async Task DescribedBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var described = context.Description.ActionDescriptor.EndpointMetadata.OfType<DescribedBodyAttribute>().ToList();
        if (described.Count == 0 || operation.RequestBody is not null)
        {
            return;
        }
        var content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
        foreach (var body in described)
        {
            content[body.ContentType] = new OpenApiMediaType { Schema = await context.GetOrCreateSchemaAsync(body.Type, null, ct) };
        }
        operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
    }

    /// <summary>
    /// A stable operation id from the method and the path, so that generated clients name their methods the same on
    /// every run: GET api/v1/price-quotes/{id} is <c>getPriceQuotesById</c>, POST .../{id}/submit is
    /// <c>postBusinessCasesByIdSubmit</c>, GET .../export.{format} is <c>getRepaymentsExportByFormat</c>.
    /// </summary>
    public static string OperationId(string method, string path)
    {
        var id = new System.Text.StringBuilder(method.ToLowerInvariant());
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var segment in segments.SkipWhile(s => s is "api" or "v1"))
        {
            // A segment may mix words and a parameter ("export.{format}"): a parameter reads "By" + its name, without its constraint.
            foreach (System.Text.RegularExpressions.Match part in System.Text.RegularExpressions.Regex.Matches(segment, @"\{(?<p>[^}:?]+)[^}]*\}|[^{]+"))
            {
                var parameter = part.Groups["p"].Success;
                if (parameter)
                {
                    id.Append("By");
                }
                foreach (var word in (parameter ? part.Groups["p"].Value : part.Value).Split(['-', '.', '_'], StringSplitOptions.RemoveEmptyEntries))
                {
                    id.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
                }
            }
        }
        return id.ToString();
    }

    /// <summary>
    /// Declares a file answer (CSV, PDF, XLSX, calendar, an uploaded document): 200 with each media type it can have. The
    /// operation transformer gives every non-JSON body a binary string schema, so that generators return a stream or file.
    /// </summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder builder, string contentType, params string[] more) =>
        builder.Produces(StatusCodes.Status200OK, typeof(byte[]), contentType, more);

    private static OpenApiResponse ProblemResponse(OpenApiDocument? document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [ProblemJson] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(Problem, document) },
        },
    };
}

/// <summary>
/// Marks a POST that computes an answer from its input and writes nothing (calculations, checks, previews, plans): the
/// API description declares no 409 for it, since it never answers one.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class ComputesOnlyAttribute : Attribute;

/// <summary>
/// Marks an operation whose body names a record by id and that answers 404 when no such record exists: the API
/// description declares that 404 (on a path with an id it is declared anyway), with what was not found.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class NamesRecordInBodyAttribute(string notFound) : Attribute
{
    public string NotFound { get; } = notFound;
}

/// <summary>
/// The request body of an endpoint that reads it itself (a multipart form with files), for the API description only:
/// <c>Accepts</c> metadata would also route by content type and answer 415 before authorization.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class DescribedBodyAttribute(Type type, string contentType) : Attribute
{
    public Type Type { get; } = type;

    public string ContentType { get; } = contentType;
}
