using CertDesk.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

/// <summary>What every page of the signed-in shell has: the main navigation, a heading, screenshots and the accessibility check.</summary>
public abstract class AppPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator MainNavigation => Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator NavLink(string name) => MainNavigation.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    /// <summary>The names of the main navigation's links, in order.</summary>
    public async Task<IReadOnlyList<string>> NavigationLinksAsync() =>
        [.. (await MainNavigation.GetByRole(AriaRole.Link).AllInnerTextsAsync()).Select(t => t.Trim())];

    /// <summary>Opens every same-site link in the page's main content (with the page's cookies) and returns those that do not answer 200.</summary>
    public async Task<IReadOnlyList<string>> BrokenLinksAsync()
    {
        var hrefs = await Page.Locator("main a[href^='/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        var broken = new List<string>();
        foreach (var href in hrefs.Distinct())
        {
            var response = await Page.Context.APIRequest.GetAsync(href, new() { MaxRedirects = 0 });
            if (response.Status != 200)
            {
                broken.Add($"{href} answered {response.Status}");
            }
        }
        return broken;
    }

    public Task<string> ScreenshotAsync(string name, bool fullPage = true) => Artifacts.ScreenshotAsync(Page, name, fullPage);

    public Task AssertAccessibleAsync() => Axe.AssertNoSeriousViolationsAsync(Page);

    protected async Task GotoAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        Assert.True(response is { Ok: true }, $"GET {path} answered {response?.Status}");
    }
}
