using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Infrastructure;

/// <summary>
/// Waiting for the address bar, as a person does. Playwright's <c>WaitForURL</c> also waits for the page's load event when
/// the address already matches, whatever <c>WaitUntil</c> says (<c>Commit</c> counts as "load" there): a journey timed out
/// on a busy machine waiting for a load event that had come and gone. <c>Expect(page).ToHaveURL</c> watches the address
/// alone until it matches.
/// </summary>
public static class Address
{
    /// <summary>Until the page's path is <paramref name="path"/> (with any query or fragment).</summary>
    public static Task PathIsAsync(IPage page, string path) =>
        Assertions.Expect(page).ToHaveURLAsync(new Regex("^[a-z]+://[^/]+" + Regex.Escape(path) + "(?:[?#].*)?$"));

    /// <summary>Until the page's address holds <paramref name="part"/>.</summary>
    public static Task ContainsAsync(IPage page, string part) => Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(part)));

    /// <summary>Until the page's address has no query.</summary>
    public static Task HasNoQueryAsync(IPage page) => Assertions.Expect(page).ToHaveURLAsync(new Regex(@"^[^?]*$"));
}
