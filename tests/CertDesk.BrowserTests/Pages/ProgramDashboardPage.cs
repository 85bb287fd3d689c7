using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

/// <summary>/Dashboards/Program: per-certification completion, pass rates and Kirkpatrick levels, with SVG charts.</summary>
public sealed class ProgramDashboardPage(IPage page) : AppPage(page)
{
    public ILocator Charts => Page.Locator("svg.chart");

    public async Task<ProgramDashboardPage> OpenAsync()
    {
        await GotoAsync("/Dashboards/Program");
        return this;
    }

    /// <summary>The cells of a certification's row in the table, by column header.</summary>
    public async Task<IReadOnlyDictionary<string, string>> RowAsync(string certificationCode)
    {
        var headers = (await Page.Locator("#program thead th").AllInnerTextsAsync()).Select(h => h.Trim()).ToList();
        var row = Page.Locator("#program tbody tr").Filter(new() { HasText = certificationCode + " " });
        var cells = (await row.First.Locator("td").AllInnerTextsAsync()).Select(c => c.Trim()).ToList();
        return headers.Zip(cells).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }
}
