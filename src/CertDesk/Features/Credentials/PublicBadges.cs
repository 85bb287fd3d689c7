using Microsoft.Net.Http.Headers;

namespace CertDesk.Features.Credentials;

/// <summary>
/// The addresses inside an Open Badges credential, resolvable by an outside verifier without an account: the
/// credential's id <c>/verify/{number}</c> and its achievement's id <c>/achievements/{id}</c>. A client asking for
/// JSON gets the JSON-LD; a browser is sent to the human page. The same rule as the public verification page: only a
/// verified credential the holder shares, and their name only when they share it; anything else is 404 alike.
/// </summary>
public static class PublicBadges
{
    public const string MediaType = "application/vc+ld+json";

    public static IEndpointRouteBuilder MapPublicBadges(this IEndpointRouteBuilder app)
    {
        // Not part of the /api/v1 document: these are linked-data ids that appear inside badges, not API operations.
        app.MapGet("/verify/{number}", Credential).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/achievements/{id:guid}", Achievement).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Credential(string number, HttpRequest request, CredentialService service, PublicLinks links, CancellationToken ct)
    {
        if (WantsPage(request))
        {
            return TypedResults.Redirect($"/Credentials/Verify?number={Uri.EscapeDataString(number)}");
        }
        var view = await service.VerifyAsync(number, ct);
        return view is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No shared credential.",
                detail: "there is no verified credential with this number that its holder shares")
            : TypedResults.Json(CredentialService.OpenBadge(view, links.BaseUrl), contentType: MediaType);
    }

    private static async Task<IResult> Achievement(Guid id, HttpRequest request, CredentialService service, PublicLinks links, CancellationToken ct)
    {
        if (WantsPage(request))
        {
            return TypedResults.Redirect($"/Catalog/Certifications/Details/{id}");
        }
        return await service.AchievementAsync(id, links.BaseUrl, ct) is { } achievement
            ? TypedResults.Json(achievement, contentType: "application/ld+json")
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such achievement.");
    }

    // A browser lists text/html; verifiers ask for JSON or send no Accept at all, and get the JSON.
    private static bool WantsPage(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) && a.Quality is not 0);
}
