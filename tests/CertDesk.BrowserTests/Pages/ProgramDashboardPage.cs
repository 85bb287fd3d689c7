using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

/// <summary>/Dashboards/Program: per-certification completion, pass rates and Kirkpatrick levels, with SVG charts; the program summary downloads.</summary>
public sealed class ProgramDashboardPage(IPage page) : AppPage(page)
{
    public ILocator Charts => Page.Locator("svg.chart");

    public ILocator SummaryPdfLink => Page.GetByRole(AriaRole.Link, new() { Name = "Download program summary (PDF)" });

    /// <summary>Clicks the program summary's PDF link and saves the download under <paramref name="path"/>.</summary>
    public async Task<string> DownloadSummaryPdfAsync(string path)
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => SummaryPdfLink.ClickAsync());
        await download.SaveAsAsync(path);
        return path;
    }

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
