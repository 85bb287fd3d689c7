using CertDesk.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

/// <summary>What every page of the signed-in shell has: the main navigation, a heading, screenshots and the accessibility check.</summary>
public abstract class AppPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator MainNavigation => Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    /// <summary>A link of the main navigation, whether or not its menu is open.</summary>
    public ILocator NavLink(string name) =>
        MainNavigation.GetByRole(AriaRole.Link, new() { Name = name, Exact = true, IncludeHidden = true });

    /// <summary>Opens the menu that holds the navigation link <paramref name="name"/> (as a person would) and follows the link.</summary>
    public async Task FollowNavAsync(string name)
    {
        var link = NavLink(name);
        var menu = link.Locator("xpath=ancestor::details[1]");
        if (await menu.CountAsync() == 1 && !await link.IsVisibleAsync())
        {
            await menu.Locator("summary").ClickAsync();
        }
        await link.ClickAsync();
    }

    /// <summary>
    /// The main navigation as text, in order: a plain link is its name; a menu is "Group: link, link" with every link
    /// the menu holds (open or closed).
    /// </summary>
    public async Task<IReadOnlyList<string>> NavigationLinksAsync() =>
        await MainNavigation.Locator(":scope > ul > li").EvaluateAllAsync<string[]>("""
            items => items.map(li => {
                const summary = li.querySelector(':scope > details > summary');
                if (!summary) return li.textContent.trim();
                const links = [...li.querySelectorAll('details a')].map(a => a.textContent.trim());
                return summary.textContent.trim() + ': ' + links.join(', ');
            })
            """);

    /// <summary>Opens every same-site link in the page's main content (with the page's cookies) and returns those that do not answer 200.</summary>
    public Task<IReadOnlyList<string>> BrokenLinksAsync() => BrokenLinksAsync("main a[href^='/']");

    /// <summary>Opens every link of the main navigation (with the page's cookies) and returns those that do not answer 200.</summary>
    public Task<IReadOnlyList<string>> BrokenNavigationLinksAsync() => BrokenLinksAsync("nav[aria-label='Main'] a[href^='/']");

    private async Task<IReadOnlyList<string>> BrokenLinksAsync(string selector)
    {
        var hrefs = await Page.Locator(selector).EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
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

    /// <summary>Opens the address and waits for the server's answer (the document committed), not for its load event.</summary>
    protected async Task GotoAsync(string path)
    {
        var response = await Page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit });
        Assert.True(response is { Ok: true }, $"GET {path} answered {response?.Status}");
    }

    /// <summary>
    /// Does what leaves the page (submits a form, follows a link) and waits, as a person does, until the browser shows
    /// the server's answer: a new document in place of this one. Not its load event: on a busy machine images, fonts
    /// and scripts may still be loading, and what the test looks at next is awaited by its locator.
    /// </summary>
    protected async Task NextPageAsync(Func<Task> leave)
    {
        ArgumentNullException.ThrowIfNull(leave);
        await Page.EvaluateAsync("() => { window.certdeskLeaving = true; }");
        await leave();
        await Page.WaitForFunctionAsync("() => window.certdeskLeaving !== true");
    }
}
