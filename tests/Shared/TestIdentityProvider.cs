using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace CertDesk.Tests.Shared;

/// <summary>Someone the test provider knows: their login at the provider and the claims it releases.</summary>
public sealed record ProviderPerson(string Login, string? Email, bool EmailVerified = true, string? EmployeeId = null, params string[] Groups);

/// <summary>
/// A real OpenID Connect provider on a loopback port, built on OpenIddict, for the single sign-on tests: discovery,
/// signing keys, the authorization endpoint (with its own sign-in form), the code exchange with PKCE and ID tokens,
/// exactly as an organization's provider speaks them. It knows one client, <see cref="ClientId"/>, whose redirect
/// address must end in <c>/signin-oidc</c>. No database: OpenIddict's degraded mode with the client checks written here.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "certdesk";
    public const string ClientSecret = "test-client-secret";
    private const string LoginScheme = "provider";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ProviderPerson> _people = new(StringComparer.OrdinalIgnoreCase);

    private TestIdentityProvider(WebApplication app) => _app = app;

    /// <summary>The issuer, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public string Authority { get; private set; } = "";

    public void Add(ProviderPerson person) => _people[person.Login] = person;

    /// <summary>The settings that point CertDesk at this provider (merge with the test's own).</summary>
    public Dictionary<string, string> Settings() => new()
    {
        ["Sso:Authority"] = Authority,
        ["Sso:ClientId"] = ClientId,
        ["Sso:ClientSecret"] = ClientSecret,
        ["Sso:DisplayName"] = "Test identity provider",
        ["Sso:RequireHttpsMetadata"] = "false",
    };

    public static async Task<TestIdentityProvider> StartAsync(params ProviderPerson[] people)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(LoginScheme).AddCookie(LoginScheme, o => o.Cookie.Name = "provider-session");
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
            o.EnableDegradedMode();
            o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            // Degraded mode has no client store: these two handlers are the client registration.
            o.AddEventHandler<ValidateAuthorizationRequestContext>(h => h.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                {
                    context.Reject(Errors.InvalidClient, "unknown client");
                }
                else if (context.RedirectUri is null || !context.RedirectUri.EndsWith("/signin-oidc", StringComparison.Ordinal))
                {
                    context.Reject(Errors.InvalidRequest, "redirect address not registered");
                }
                return default;
            }));
            o.AddEventHandler<ValidateTokenRequestContext>(h => h.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.Request.ClientSecret != ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "client authentication failed");
                }
                return default;
            }));
        });
        var app = builder.Build();
        var provider = new TestIdentityProvider(app);
        foreach (var person in people)
        {
            provider.Add(person);
        }
        app.UseAuthentication();
        app.MapMethods("/connect/authorize", ["GET", "POST"], (Func<HttpContext, Task<IResult>>)provider.AuthorizeAsync);
        app.MapGet("/login", (string? returnUrl, string? error) => Results.Content(LoginForm(returnUrl ?? "/", error), "text/html"));
        app.MapPost("/login", (Func<HttpContext, Task<IResult>>)provider.LoginAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        provider.Authority = address.TrimEnd('/') + "/";
        return provider;
    }

    private async Task<IResult> AuthorizeAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
        var session = await http.AuthenticateAsync(LoginScheme);
        if (!session.Succeeded || !_people.TryGetValue(session.Principal!.Identity!.Name!, out var person))
        {
            return Results.Redirect("/login?returnUrl=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString));
        }
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, person.Login).SetClaim(Claims.Name, person.Login);
        if (person.Email is not null)
        {
            identity.SetClaim(Claims.Email, person.Email).SetClaim(Claims.EmailVerified, person.EmailVerified);
        }
        if (person.EmployeeId is not null)
        {
            identity.SetClaim("employee_id", person.EmployeeId);
        }
        foreach (var group in person.Groups)
        {
            identity.AddClaim(new Claim("groups", group));
        }
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private async Task<IResult> LoginAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        var login = form["login"].ToString().Trim();
        var returnUrl = form["returnUrl"].ToString();
        if (!returnUrl.StartsWith("/connect/authorize", StringComparison.Ordinal))
        {
            returnUrl = "/";
        }
        if (!_people.ContainsKey(login))
        {
            return Results.Redirect($"/login?error=unknown&returnUrl={Uri.EscapeDataString(returnUrl)}");
        }
        await http.SignInAsync(LoginScheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, login)], LoginScheme)));
        return Results.Redirect(returnUrl);
    }

    private static string LoginForm(string returnUrl, string? error)
    {
        var encoder = HtmlEncoder.Default;
        var message = error is null ? "" : "<p role=\"alert\">No such person at the test provider.</p>";
        return $"""
            <!doctype html><html lang="en"><head><title>Test identity provider</title></head><body>
            <h1>Test identity provider</h1>{message}
            <form method="post" action="/login">
              <input type="hidden" name="returnUrl" value="{encoder.Encode(returnUrl)}" />
              <label for="login">Login</label> <input id="login" name="login" autocomplete="username" />
              <button type="submit">Continue</button>
            </form></body></html>
            """;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
