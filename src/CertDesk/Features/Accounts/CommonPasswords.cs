using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Accounts;

/// <summary>
/// Refuses passwords that guessers try first: the list shipped with the program (<c>common-passwords.txt</c>, embedded),
/// matched in lower case with digits and symbols around the word taken away, so "Password2025!" is refused as "password".
/// </summary>
public sealed class CommonPasswords : IPasswordValidator<AppUser>
{
    private static readonly Lazy<HashSet<string>> s_list = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(IsCommon(password ?? "", user?.Email)
            ? IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = "This password is among the most common ones guessers try first (or is your e-mail): choose another." })
            : IdentityResult.Success);

    public static bool IsCommon(string password, string? email = null)
    {
        var lower = password.Trim().ToLowerInvariant();
        var core = lower.Trim("0123456789!@#$%^&*()-_=+.,;:?/\\|'\"`~[]{}<> ".ToCharArray());
        var local = email?.Split('@')[0].ToLowerInvariant();
        return s_list.Value.Contains(lower) || s_list.Value.Contains(core) || (local is { Length: >= 3 } && (core == local || lower == email!.ToLowerInvariant()));
    }

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream("CertDesk.common-passwords.txt")
            ?? throw new InvalidOperationException("common-passwords.txt is not embedded");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                words.Add(line.Trim());
            }
        }
        return words;
    }
}
