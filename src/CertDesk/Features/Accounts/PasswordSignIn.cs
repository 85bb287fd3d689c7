using Microsoft.AspNetCore.Identity;
// Identity's sign-in answer, not MVC's SignInResult (a global using brings in Microsoft.AspNetCore.Mvc).
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace CertDesk.Features.Accounts;

/// <summary>
/// Signing in with a password, telling an attacker nothing: one answer for every failure (unknown account, wrong password,
/// locked, disabled, invited without a password), the same work for each (a password hash is always verified, against
/// a dummy hash when there is no real one), and a growing wait after repeated failures (<see cref="SignInThrottle"/>).
/// </summary>
public sealed class PasswordSignIn(SignInManager<AppUser> signIn, UserManager<AppUser> users, IPasswordHasher<AppUser> hasher, SignInThrottle throttle, TimeProvider clock)
{
    public const string FailureMessage = "The e-mail or password is not right, or this account cannot sign in now. Try again, or ask an administrator.";

    // Verifying against this hash costs what verifying a real one does (same algorithm and iterations).
    private static readonly Lazy<string> s_dummyHash = new(() => new PasswordHasher<AppUser>().HashPassword(new AppUser(), "not-a-password-" + Guid.NewGuid()));

    public async Task<bool> SignInAsync(string email, string password, string address, CancellationToken ct)
    {
        var wait = throttle.DelayFor(email, address);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, ct);
        }
        var user = await users.FindByEmailAsync(email.Trim());
        SignInResult result;
        if (user?.PasswordHash is null)
        {
            hasher.VerifyHashedPassword(user ?? new AppUser(), s_dummyHash.Value, password);
            result = SignInResult.Failed;
        }
        else
        {
            result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
            if (result.IsLockedOut || result.IsNotAllowed)
            {
                // Refused before the password was checked: spend the same time as a check.
                hasher.VerifyHashedPassword(user, s_dummyHash.Value, password);
            }
        }
        if (!result.Succeeded)
        {
            throttle.Failed(email, address);
            return false;
        }
        throttle.Succeeded(email);
        user!.LastSignInAt = clock.GetUtcNow();
        await users.UpdateAsync(user);
        return true;
    }
}
