namespace CertDesk.Features.Accounts;

/// <summary>People's names for the e-mail addresses records keep (decided by, issued by, ...): screens show names.</summary>
public static class UserNames
{
    /// <summary>The display name of each address that has one; an unknown address maps to itself.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> OfAsync(CertDeskDbContext db, IEnumerable<string?> emails, CancellationToken ct)
    {
        var wanted = emails.Where(e => !string.IsNullOrEmpty(e)).Select(e => e!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var found = wanted.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => u.Email != null && wanted.Contains(u.Email))
            .Select(u => new { u.Email, u.DisplayName }).ToListAsync(ct);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var email in wanted)
        {
            names[email] = found.FirstOrDefault(f => string.Equals(f.Email, email, StringComparison.OrdinalIgnoreCase)) is { DisplayName: { Length: > 0 } name } ? name : email;
        }
        return names;
    }

    public static async Task<string> OfAsync(CertDeskDbContext db, string email, CancellationToken ct) =>
        (await OfAsync(db, [email], ct))[email];
}
