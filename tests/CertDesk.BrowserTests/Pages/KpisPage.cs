using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

public sealed class KpisPage(IPage page) : AppPage(page)
{
    public ILocator Table => Page.Locator("table.kpis");

    public ILocator Rows => Table.Locator("tbody tr");

    public ILocator TrendChart => Page.Locator("#trend svg.chart");

    public ILocator CsvLink => Page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" });

    public async Task<KpisPage> OpenAsync(string query = "")
    {
        await GotoAsync("/Proof/Kpis" + query);
        return this;
    }
}
