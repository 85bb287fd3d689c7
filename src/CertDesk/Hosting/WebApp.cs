using CertDesk.Features.ActionPlans;
using CertDesk.Features.Agreements;
using CertDesk.Features.Audit;
using CertDesk.Features.BusinessCases;
using CertDesk.Features.Calculations;
using CertDesk.Features.Catalog;
using CertDesk.Features.Competencies;
using CertDesk.Features.Credentials;
using CertDesk.Features.Enrollments;
using CertDesk.Features.Gaps;
using CertDesk.Features.Mail;
using CertDesk.Features.Proof;
using CertDesk.Features.Reminders;
using CertDesk.Features.Repayments;
using CertDesk.Features.Requests;
using CertDesk.Features.Scheduling;
using CertDesk.Features.Scim;
using CertDesk.Features.TuitionPolicies;
using CertDesk.Observability;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;

namespace CertDesk.Hosting;

/// <summary>The web application: Identity, authorization, Razor Pages, the API, health and OpenAPI. Reads as a table of contents.</summary>
public static class WebApp
{
    public const string SmartScheme = "CookieOrBearer";

    public static WebApplication Build(string[] args, bool seedDemo = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        var database = DatabaseSettings.Resolve(builder.Configuration["Database"]);
        // First hosted service: migrations run before anything else starts (the data-protection key ring lives in the database).
        builder.Services.AddHostedService<StartupTasks>();
        builder.AddCertDesk(database);
        builder.AddTelemetry(database, web: true);
        builder.Services.Configure<StartupOptions>(o => o.SeedDemo = seedDemo || builder.Configuration.GetValue<bool>("SeedDemo"));
        builder.Services.AddHostedService<ReminderScheduler>(); // after the migrations
        builder.Services.AddHostedService<MailWorker>();
        builder.Services.AddHostedService<AuditCheckpointWorker>();
        AddWeb(builder.Services, builder.Configuration);

        var app = builder.Build();
        UseWeb(app);
        return app;
    }

    private static void AddWeb(IServiceCollection services, IConfiguration configuration)
    {
        var proxy = configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        var accounts = configuration.GetSection(AccountOptions.Section).Get<AccountOptions>() ?? new AccountOptions();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            var configured = proxy.ToForwardedHeaders();
            o.ForwardedHeaders = configured.ForwardedHeaders;
            o.ForwardLimit = configured.ForwardLimit;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in configured.KnownProxies)
            {
                o.KnownProxies.Add(address);
            }
            foreach (var network in configured.KnownIPNetworks)
            {
                o.KnownIPNetworks.Add(network);
            }
        });
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(proxy.HstsDays));
        services.AddHttpContextAccessor();
        services.AddScoped<CallerAccessor>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
                o.DefaultForbidScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Session cookie or API token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthentication.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null)
            .AddIdentityCookies();
        SingleSignOn.Add(services.AddAuthentication(), configuration, proxy.HttpsOnly);
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Accounts/Login";
            o.LogoutPath = "/Accounts/Logout";
            o.AccessDeniedPath = "/Accounts/AccessDenied";
            o.Cookie.Name = "certdesk";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = proxy.HttpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(accounts.SessionIdleHours);
            // Every request: the account is still allowed in, the session not ended elsewhere nor older than the absolute limit.
            o.Events.OnSigningIn = SessionValidation.OnSigningInAsync;
            o.Events.OnValidatePrincipal = SessionValidation.ValidatePrincipalAsync;
            // The API answers 401/403; only pages redirect to the login page.
            o.Events.OnRedirectToLogin = context => ApiOrRedirect(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => ApiOrRedirect(context, StatusCodes.Status403Forbidden);
        });

        // A directory's account (SCIM provisioning) is not a person: signed in, it may call /scim/v2 and nothing else. Under
        // /scim the fallback also covers requests without an endpoint (404, 405), which answer as such rather than 403.
        // A WFM feed account likewise reaches only the endpoint marked as its feed (its site is checked there).
        var person = new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
            .RequireAssertion(c => !c.User.IsInRole(Roles.Directory) || (c.Resource is HttpContext http && ScimApi.IsScim(http)))
            .RequireAssertion(c => !c.User.IsInRole(Roles.WfmFeed) || (c.Resource is HttpContext http && WfmFeeds.IsFeed(http))).Build();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(person)
            .SetFallbackPolicy(person)
            .AddPolicy(Policies.Directory, p => p.RequireRole(Roles.Directory))
            .AddPolicy(Policies.WfmFeed, p => p.RequireRole(Roles.Admin, Roles.ProgramManager, Roles.Approver, Roles.Manager, Roles.WfmFeed))
            .AddPolicy(Policies.OrganizationWide, p => p.RequireRole(Roles.Admin, Roles.ProgramManager, Roles.Approver))
            .AddPolicy(Policies.ManagesPeople, p => p.RequireRole(Roles.Admin, Roles.ProgramManager, Roles.Approver, Roles.Manager))
            .AddPolicy(Policies.RunsProgram, p => p.RequireRole(Roles.Admin, Roles.ProgramManager))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));

        RateLimits.Add(services, configuration);
        services.Configure<SolverLimitOptions>(configuration.GetSection(SolverLimitOptions.Section)).AddSingleton<SolverLimits>();

        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.AllowAnonymousToPage("/Accounts/Login");
            o.Conventions.AllowAnonymousToPage("/Accounts/Sso");
            o.Conventions.AllowAnonymousToPage("/Accounts/AccessDenied");
            o.Conventions.AllowAnonymousToPage("/Accounts/SetPassword");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AllowAnonymousToPage("/Credentials/Verify");
        }).AddMvcOptions(o => o.Filters.Add<OnceForms>());
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = SignedInOutputCache.AntiforgeryCookie;
            o.Cookie.SecurePolicy = proxy.HttpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        services.AddOutputCache(o => o.AddPolicy(SignedInOutputCache.PolicyName, new SignedInOutputCache()));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = RequestIds.AddTo);
        services.AddExceptionHandler<ApiExceptionHandler>();
        // Unreadable JSON bodies throw, so that ApiExceptionHandler answers them as 422 problem details.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => CertDeskJson.Configure(o.SerializerOptions));
        services.AddOpenApi(ApiDescription.Configure);
        services.AddHealthChecks().AddCheck<DatabaseWriteCheck>("database", tags: ["ready"]);
    }

    private static void UseWeb(WebApplication app)
    {
        // First: everything after sees the client's address and scheme (only from the configured proxies).
        app.UseForwardedHeaders();
        app.UseMiddleware<RequestIds>();
        app.UseTelemetry(); // the scrape endpoint, when on: answered before sign-in and the pages
        app.UseWhen(c => c.Request.IsHttps, https => https.UseHsts());
        app.UseWhen(IsApi, api => api.UseExceptionHandler());
        app.UseWhen(ScimApi.IsScim, scim => scim.UseScimErrors());
        app.UseWhen(c => !IsApi(c) && !ScimApi.IsScim(c), pages => pages.UseExceptionHandler("/Error"));
        app.UseWhen(IsApi, api => api.UseStatusCodePages());
        app.UseWhen(c => !IsApi(c) && !ScimApi.IsScim(c), pages => pages.UseStatusCodePagesWithReExecute("/Error", "?code={0}"));
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<CrossSiteRequests>();
        app.UseStaticFiles();
        app.UseRouting();
        app.Use(SqliteRequestConnection.OpenAsync); // before sign-in, which reads the account
        app.Use(RateLimits.LimitApiBodyAsync);
        app.UseAuthentication();
        app.UseRateLimiter(); // after authentication: API budgets are per user
        app.UseAuthorization();
        app.Use(SolverLimits.GateAsync); // after authorization: only callers who may solve take a slot
        app.UseOutputCache(); // after authorization: a cached page is only served to whoever may see it
        app.UseMiddleware<AuditActor>();
        app.UseMiddleware<IdempotencyKeys>();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = DatabaseWriteCheck.WriteAsync })
            .AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapRazorPages();
        app.MapPublicBadges();
        app.MapScim();

        var api = app.MapGroup("/api/v1").RequireAuthorization();
        api.MapOrganizationApi();
        api.MapAccountsApi();
        api.MapSchedulingApi();
        api.MapAuditApi();
        api.MapBusinessCasesApi();
        api.MapRequestsApi();
        api.MapPoliciesApi();
        api.MapAgreementsApi();
        api.MapRepaymentsApi();
        api.MapCatalogApi();
        api.MapCompetenciesApi();
        api.MapGapsApi();
        api.MapEnrollmentsApi();
        api.MapCredentialsApi();
        api.MapActionPlansApi();
        api.MapProofApi();
        api.MapProgramSummaryApi();
        api.MapCalculationsApi();
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    private static Task ApiOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (IsApi(context.HttpContext) || ScimApi.IsScim(context.HttpContext))
        {
            context.Response.StatusCode = status;
            if (status == StatusCodes.Status401Unauthorized)
            {
                // RFC 9110 section 11.6.1: a 401 says how to authenticate; API clients send a bearer token.
                context.Response.Headers.WWWAuthenticate = ApiTokenAuthentication.Challenge;
            }
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>The names of the authorization policies, used by pages and endpoints alike.</summary>
public static class Policies
{
    public const string OrganizationWide = "OrganizationWide";
    public const string ManagesPeople = "ManagesPeople";
    public const string RunsProgram = "RunsProgram";
    public const string Admin = "Admin";

    /// <summary>An identity provider's directory account: the SCIM endpoints only.</summary>
    public const string Directory = "Directory";

    /// <summary>A site's schedule-exceptions feed: whoever manages people, and that site's WFM feed account.</summary>
    public const string WfmFeed = "WfmFeed";
    public const string SignInRateLimit = "signin";
}
