using System.Text.RegularExpressions;
using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>
/// Every page each role can reach (home, every navigation link, one record of each kind those pages link to and one of
/// each form they open), on a phone (390 px) and a laptop (1366 px): no sideways page scroll, no chart text under 12 px
/// as rendered, and no internal vocabulary in what a person reads (snake_case codes, type names, template text, GUIDs outside what is meant
/// to be copied, marked <c>class="copy"</c>).
/// </summary>
public sealed class EveryPageReads(BrowserSession session) : IClassFixture<BrowserSession>
{
    public static TheoryData<string, int> Cases
    {
        get
        {
            var cases = new TheoryData<string, int>();
            foreach (var role in new[] { "admin", "hr", "director", "manager", "employee" })
            {
                cases.Add(role, 390);
                cases.Add(role, 1366);
            }
            return cases;
        }
    }

    // What a person must never read: a snake_case code, a generic CLR type name, Razor text, a namespace, a GUID.
    private const string Check = """
        () => {
            const problems = [];
            const over = document.documentElement.scrollWidth - window.innerWidth;
            if (over > 0) problems.push(`the page scrolls sideways by ${over} px`);
            for (const t of document.querySelectorAll('svg text')) {
                if (t.getClientRects().length === 0 || !t.textContent.trim()) continue;
                const m = t.getScreenCTM();
                const size = parseFloat(getComputedStyle(t).fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
                if (size < 11.95) { problems.push(`chart text "${t.textContent.trim().slice(0, 40)}" is ${size.toFixed(1)} px`); break; }
            }
            const words = [
                [/\b[a-z]+(?:_[a-z0-9]+)+\b/, 'a snake_case code'],
                [/\b[A-Za-z]+`\d\b/, 'a type name'],
                [/@Model|@\(|@Html/, 'template text'],
                [/\bSystem\.[A-Z]\w+/, 'a type name'],
                [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i, 'a GUID'],
            ];
            const main = document.querySelector('main');
            const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
            const seen = new Set();
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const parent = node.parentElement;
                if (!parent || parent.closest('.copy, script, style, template, code.path')) continue;
                if (parent.getClientRects().length === 0 && !parent.closest('option, select')) continue;
                const text = node.textContent;
                for (const [pattern, what] of words) {
                    const found = text.match(pattern);
                    if (found && !seen.has(found[0])) { seen.add(found[0]); problems.push(`${what}: "${found[0]}" in "${text.trim().slice(0, 60)}"`); }
                }
            }
            return problems;
        }
        """;

    // The links followed from each page: records, and the forms that open from them (all plain GETs that change nothing).
    private const string Followed = "main a[href*='/Details/'], main a[href^='/Gaps/Person/'], main a[href*='/Edit'], main a[href$='/New'], "
        + "main a[href*='/Cancel/'], main a[href*='/Separate/'], main a[href$='/Issue'], main a[href*='/Publish/']";

    // A gate: every page each role reaches fits a phone and a laptop and reads in the user's words (issue 18).
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EveryPage_ForTheRole_FitsReadsAndSpeaksPlainly(string role, int width)
    {
        var page = await session.NewPageAsync(width, 900);
        var home = await LoginPage.SignInAsync(page, $"{role}@demo.local");
        var paths = new List<string> { "/" };
        paths.AddRange((await home.MainNavigation.Locator("a[href^='/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))")).Distinct());
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        for (var i = 0; i < paths.Count; i++)
        {
            var path = paths[i];
            var response = await page.GotoAsync(path);
            if (response is not { Ok: true })
            {
                problems.Add($"{path}: answered {response?.Status}");
                continue;
            }
            await Assertions.Expect(home.Heading).ToBeVisibleAsync(new() { Timeout = 30_000 });
            problems.AddRange((await page.EvaluateAsync<string[]>(Check)).Select(p => $"{path}: {p}"));
            // One record of each kind the page links to (a details page, a person's gaps, ...) and one of each form it opens
            // (new, edit, cancel, separate, issue, publish: the pages people type into), checked the same way.
            foreach (var link in await page.Locator(Followed).EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
            {
                var kind = Regex.Replace(link, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|/[0-9]+(?=/|$)", "{id}", RegexOptions.IgnoreCase);
                if (link.StartsWith('/') && !link.Contains('?', StringComparison.Ordinal) && kinds.Add(kind))
                {
                    paths.Add(link);
                }
            }
        }
        if (width == 390)
        {
            await home.ScreenshotAsync($"phone-{role}-last-page", fullPage: false);
        }
        Assert.True(problems.Count == 0, $"{role} at {width} px:\n" + string.Join("\n", problems));
        await page.Context.CloseAsync();
    }
}
