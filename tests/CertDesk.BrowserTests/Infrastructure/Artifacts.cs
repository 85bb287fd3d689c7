using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Infrastructure;

/// <summary>Screenshots kept as test artifacts under <c>test-results/screenshots/</c> at the repository root.</summary>
public static class Artifacts
{
    private static readonly Lazy<string> s_screenshots = new(() =>
    {
        var directory = Path.Combine(RepositoryRoot(), "test-results", "screenshots");
        Directory.CreateDirectory(directory);
        return directory;
    });

    public static string ScreenshotDirectory => s_screenshots.Value;

    /// <summary>Saves a screenshot (the full page, or only what the screen shows) named <paramref name="name"/>.png and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    /// <summary>The folder that holds CertDesk.slnx, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CertDesk.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No CertDesk.slnx above {AppContext.BaseDirectory}.");
    }
}
