using System.Text.Json.Nodes;

namespace CertDesk.Features.Scim;

/// <summary>
/// /scim/v2: the SCIM 2.0 service provider (RFC 7643, RFC 7644) an identity provider provisions the roster through.
/// Only a directory's bearer token may call it (<see cref="Roles.Directory"/>); every answer, errors included, is
/// application/scim+json. docs/scim.md says how to connect Entra ID and Okta.
/// </summary>
public static class ScimApi
{
    public const string Prefix = "/scim/v2";

    /// <summary>Larger than any User resource or PatchOp; a bigger body is refused before it is read.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private const string ListSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    public static bool IsScim(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Path.StartsWithSegments("/scim");
    }

    /// <summary>Errors the pipeline raises under /scim (401, 403, 404, 405, 500) in the SCIM error schema.</summary>
    public static void UseScimErrors(this IApplicationBuilder scim)
    {
        scim.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ScimErrors.ExceptionAsync });
        scim.UseStatusCodePages(ScimErrors.StatusCodePageAsync);
    }

    public static IEndpointRouteBuilder MapScim(this IEndpointRouteBuilder app)
    {
        var scim = app.MapGroup(Prefix).RequireAuthorization(Policies.Directory).ExcludeFromDescription();

        scim.MapGet("/Users", (HttpRequest request, ScimUsers users, string? filter, string? startIndex, string? count, CancellationToken ct) => Answer(async () =>
        {
            var start = Number(startIndex, "startIndex", 1);
            var size = Math.Min(Number(count, "count", 100), ScimUsers.MaxPage);
            var (total, page) = await users.ListAsync(filter, Math.Max(start, 1), Math.Max(size, 0), ct);
            var list = new JsonObject
            {
                ["schemas"] = new JsonArray(ListSchema),
                ["totalResults"] = total,
                ["startIndex"] = Math.Max(start, 1),
                ["itemsPerPage"] = page.Count,
                ["Resources"] = new JsonArray([.. page.Select(e => ScimUserDocument.Render(e, Location(request, e.Id)))]),
            };
            return ScimErrors.Json(list);
        }));
        scim.MapGet("/Users/{id}", (string id, HttpRequest request, ScimUsers users, CancellationToken ct) => Answer(async () =>
        {
            var employee = await users.GetAsync(id, ct);
            return ScimErrors.Json(ScimUserDocument.Render(employee, Location(request, employee.Id)));
        }));
        scim.MapPost("/Users", (HttpRequest request, HttpResponse response, ScimUsers users, CancellationToken ct) => Answer(async () =>
        {
            var employee = await users.CreateAsync(await BodyAsync(request, ct), ct);
            var location = Location(request, employee.Id);
            response.Headers.Location = location;
            return ScimErrors.Json(ScimUserDocument.Render(employee, location), StatusCodes.Status201Created);
        }));
        scim.MapPut("/Users/{id}", (string id, HttpRequest request, ScimUsers users, CancellationToken ct) => Answer(async () =>
        {
            var employee = await users.ReplaceAsync(id, await BodyAsync(request, ct), ct);
            return ScimErrors.Json(ScimUserDocument.Render(employee, Location(request, employee.Id)));
        }));
        scim.MapPatch("/Users/{id}", (string id, HttpRequest request, ScimUsers users, CancellationToken ct) => Answer(async () =>
        {
            var employee = await users.PatchAsync(id, await BodyAsync(request, ct), ct);
            return ScimErrors.Json(ScimUserDocument.Render(employee, Location(request, employee.Id)));
        }));

        // Groups: the grantable roles (ScimGroups); members are people, added and removed by their SCIM User id.
        scim.MapGet("/Groups", (HttpRequest request, ScimGroups groups, string? filter, string? startIndex, string? count, string? excludedAttributes, CancellationToken ct) => Answer(async () =>
        {
            var start = Math.Max(Number(startIndex, "startIndex", 1), 1);
            var size = Math.Max(Math.Min(Number(count, "count", 100), ScimUsers.MaxPage), 0);
            var withMembers = !ScimGroupDocument.ExcludesMembers(excludedAttributes);
            var matching = ScimGroups.Filter(filter);
            var page = matching.Skip(start - 1).Take(size).ToList();
            var resources = new JsonArray();
            foreach (var group in page)
            {
                resources.Add(ScimGroupDocument.Render(group, withMembers ? await groups.MembersAsync(group, ct) : null, Base(request)));
            }
            var list = new JsonObject
            {
                ["schemas"] = new JsonArray(ListSchema),
                ["totalResults"] = matching.Count,
                ["startIndex"] = start,
                ["itemsPerPage"] = page.Count,
                ["Resources"] = resources,
            };
            return ScimErrors.Json(list);
        }));
        scim.MapGet("/Groups/{id}", (string id, HttpRequest request, ScimGroups groups, string? excludedAttributes, CancellationToken ct) => Answer(async () =>
        {
            var group = ScimGroups.Get(id);
            var withMembers = !ScimGroupDocument.ExcludesMembers(excludedAttributes);
            return ScimErrors.Json(ScimGroupDocument.Render(group, withMembers ? await groups.MembersAsync(group, ct) : null, Base(request)));
        }));
        scim.MapPost("/Groups", (HttpContext http, ScimGroups groups, CancellationToken ct) => Answer(async () =>
        {
            // The group of a role exists already: POST finds it (and adds the members it lists), answering as a creation.
            var (group, change) = ScimGroupDocument.FromResource(await BodyAsync(http.Request, ct), target: null);
            await groups.ChangeMembersAsync(Caller.From(http.User), group, change, ct);
            http.Response.Headers.Location = $"{Base(http.Request)}/Groups/{group.Id}";
            return ScimErrors.Json(ScimGroupDocument.Render(group, await groups.MembersAsync(group, ct), Base(http.Request)), StatusCodes.Status201Created);
        }));
        scim.MapPut("/Groups/{id}", (string id, HttpContext http, ScimGroups groups, CancellationToken ct) => Answer(async () =>
        {
            var group = ScimGroups.Get(id);
            var (_, change) = ScimGroupDocument.FromResource(await BodyAsync(http.Request, ct), group);
            await groups.ChangeMembersAsync(Caller.From(http.User), group, change, ct);
            return ScimErrors.Json(ScimGroupDocument.Render(group, await groups.MembersAsync(group, ct), Base(http.Request)));
        }));
        scim.MapPatch("/Groups/{id}", (string id, HttpContext http, ScimGroups groups, CancellationToken ct) => Answer(async () =>
        {
            var group = ScimGroups.Get(id);
            var change = ScimGroupDocument.Patch(await BodyAsync(http.Request, ct), group);
            await groups.ChangeMembersAsync(Caller.From(http.User), group, change, ct);
            // 204 (RFC 7644 section 3.5.2 allows it, and Entra ID expects it): the Employee group may list the whole roster.
            return Results.NoContent();
        }));

        scim.MapGet("/ServiceProviderConfig", (HttpRequest request) => ScimErrors.Json(ScimDiscovery.ServiceProviderConfig(Base(request))));
        scim.MapGet("/ResourceTypes", (HttpRequest request) => ScimErrors.Json(ScimDiscovery.ResourceTypes(Base(request))));
        scim.MapGet("/Schemas", (HttpRequest request) => ScimErrors.Json(ScimDiscovery.Schemas(Base(request))));
        return app;
    }

    /// <summary>Runs the request; a refusal becomes its SCIM error (nothing was written: every check comes before the save).</summary>
    private static async Task<IResult> Answer(Func<Task<IResult>> run)
    {
        try
        {
            return await run();
        }
        catch (ScimException refused)
        {
            return ScimErrors.Result(refused);
        }
    }

    private static int Number(string? text, string name, int absent)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return absent;
        }
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ScimException.InvalidValue($"{name} must be a whole number; got '{text}'.");
    }

    private static async Task<JsonObject> BodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw new ScimException(StatusCodes.Status413PayloadTooLarge, null, $"The body has more than {MaxBodyBytes} bytes.");
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new ScimException(StatusCodes.Status413PayloadTooLarge, null, $"The body has more than {MaxBodyBytes} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw ScimException.InvalidSyntax("The body is not UTF-8 text.");
        }
        return ScimUserDocument.ParseObject(text);
    }

    private static string Base(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{Prefix}";

    private static string Location(HttpRequest request, Guid id) => $"{Base(request)}/Users/{id}";
}
