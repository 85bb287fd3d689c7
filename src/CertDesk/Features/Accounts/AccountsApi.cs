using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Accounts;

public sealed record InviteInput(string? Email, string? Role);

public sealed record RoleInput(string? Role);

public sealed record PasswordChangeInput(string? CurrentPassword, string? NewPassword);

public sealed record TokenInput(string? Name, int? Days);

/// <summary>A new API token's secret: shown once, never stored in clear.</summary>
public sealed record NewToken(string Token);

/// <summary>
/// /api/v1/users (administrators; HR for accounts that are not administrators), /api/v1/me/password and
/// /api/v1/tokens (each person's own; administrators may list and revoke anyone's).
/// </summary>
public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Accounts").RequireAuthorization(Policies.RunsProgram);
        users.MapGet("/", async (UserAdministration admin, CallerAccessor caller, CancellationToken ct) =>
            OutcomeResults.ToResult(await admin.ListAsync(caller.Caller, ct), rows => TypedResults.Ok(rows)))
            .Produces<IReadOnlyList<UserRow>>();
        users.MapPost("/", async (InviteInput input, UserAdministration admin, CallerAccessor caller, CancellationToken ct) =>
            OutcomeResults.ToResult(await admin.InviteAsync(caller.Caller, input.Email, input.Role, ct), row => TypedResults.Created($"/api/v1/users/{row.Id}", row)))
            .Produces<UserRow>(StatusCodes.Status201Created);
        users.MapGet("/{id}", async (string id, UserAdministration admin, CallerAccessor caller, CancellationToken ct) =>
            OutcomeResults.ToResult(await admin.FindAsync(caller.Caller, id, ct), row => TypedResults.Ok(row)))
            .Produces<UserRow>();
        users.MapPost("/{id}/role", async (string id, RoleInput input, UserAdministration admin, CallerAccessor caller, CancellationToken ct) =>
            OutcomeResults.ToResult(await admin.SetRoleAsync(caller.Caller, id, input.Role, ct), row => TypedResults.Ok(row)))
            .Produces<UserRow>();
        users.MapPost("/{id}/disable", async (string id, UserAdministration admin, CallerAccessor caller, CancellationToken ct) =>
            OutcomeResults.ToResult(await admin.DisableAsync(caller.Caller, id, ct), row => TypedResults.Ok(row)))
            .Produces<UserRow>();
        users.MapPost("/{id}/enable", async (string id, UserAdministration admin, CallerAccessor caller, CancellationToken ct) =>
            OutcomeResults.ToResult(await admin.EnableAsync(caller.Caller, id, ct), row => TypedResults.Ok(row)))
            .Produces<UserRow>();
        users.MapPost("/{id}/reset-password", async (string id, UserAdministration admin, CallerAccessor caller, CancellationToken ct) =>
            OutcomeResults.ToResult(await admin.ResetPasswordAsync(caller.Caller, id, newPassword: null, ct), row => TypedResults.Ok(row)))
            .Produces<UserRow>();

        api.MapPost("/me/password", async (PasswordChangeInput input, UserAdministration admin, SignInManager<AppUser> signIn, CallerAccessor caller, CancellationToken ct) =>
            OutcomeResults.ToResult(await admin.ChangeOwnPasswordAsync(caller.Caller, input.CurrentPassword, input.NewPassword, signIn, ct), _ => TypedResults.NoContent()))
            .Produces(StatusCodes.Status204NoContent).WithTags("Accounts");

        var tokens = api.MapGroup("/tokens").WithTags("Accounts");
        tokens.MapGet("/", async (string? email, UserAdministration admin, CallerAccessor caller, CancellationToken ct) =>
            OutcomeResults.ToResult(await admin.TokensAsync(caller.Caller, email, ct), rows => TypedResults.Ok(rows)))
            .Produces<IReadOnlyList<TokenRow>>();
        tokens.MapPost("/", async (TokenInput input, UserAdministration admin, CallerAccessor caller, CancellationToken ct) =>
            OutcomeResults.ToResult(await admin.CreateOwnTokenAsync(caller.Caller, input.Name, input.Days, ct), secret => TypedResults.Created("/api/v1/tokens", new NewToken(secret))))
            .Produces<NewToken>(StatusCodes.Status201Created);
        tokens.MapDelete("/{id:guid}", async (Guid id, UserAdministration admin, CallerAccessor caller, CancellationToken ct) =>
            OutcomeResults.ToResult(await admin.RevokeTokenAsync(caller.Caller, id, ct), row => TypedResults.Ok(row)))
            .Produces<TokenRow>();
        return api;
    }
}
