using CertDesk.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

/// <summary>/Organization/Employees: search, filters, sortable column heads, the CSV export, the people table and the pager.</summary>
public sealed class EmployeesPage(IPage page) : AppPage(page)
{
    private ILocator Filters => Page.GetByRole(AriaRole.Search, new() { Name = "Search and filter" });

    public ILocator Search => Filters.GetByLabel("Search", new() { Exact = true });

    public ILocator Team => Filters.GetByLabel("Team");

    public ILocator Status => Filters.GetByLabel("Status");

    public ILocator ExportCsv => Filters.GetByRole(AriaRole.Link, new() { Name = "Export CSV" });

    /// <summary>The head of a column (a th), which carries aria-sort when the table is sorted by it.</summary>
    public ILocator ColumnHead(string header) => Page.Locator("main table thead th", new() { Has = Page.GetByRole(AriaRole.Link, new() { Name = header }) });

    public ILocator Rows => Page.Locator("main table tbody tr");

    public ILocator Empty => Page.Locator("main .empty");

    public ILocator Pager => Page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" });

    public async Task<EmployeesPage> OpenAsync(string query = "")
    {
        await GotoAsync("/Organization/Employees" + query);
        return this;
    }

    public async Task SearchAsync(string text)
    {
        await Search.FillAsync(text);
        await Filters.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Address.ContainsAsync(Page, "q=");
    }

    /// <summary>Clicks a column head's sort link and waits for the sorted page.</summary>
    public async Task SortByColumnAsync(string header)
    {
        await ColumnHead(header).GetByRole(AriaRole.Link).ClickAsync();
        await Address.ContainsAsync(Page, "sort=");
    }

    public async Task FilterAsync(string label, string option)
    {
        await Filters.GetByLabel(label).SelectOptionAsync(new SelectOptionValue { Label = option });
        await NextPageAsync(() => Filters.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync());
    }

    /// <summary>Downloads the CSV export of the current query and returns its text.</summary>
    public async Task<string> DownloadCsvAsync()
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => ExportCsv.ClickAsync());
        Assert.Equal("people.csv", download.SuggestedFilename);
        var path = await download.PathAsync();
        return await File.ReadAllTextAsync(path);
    }

    /// <summary>A column of the table as text, in order (0 = the first column).</summary>
    public async Task<IReadOnlyList<string>> ColumnAsync(int index) =>
        [.. (await Rows.Locator($"td:nth-child({index + 1})").AllInnerTextsAsync()).Select(t => t.Trim())];

    /// <summary>The person names in the table, in order.</summary>
    public async Task<IReadOnlyList<string>> NamesAsync() =>
        [.. (await Rows.Locator("td:first-child").AllInnerTextsAsync()).Select(t => t.Trim())];

    public async Task<EmployeeDetailsPage> OpenPersonAsync(string name)
    {
        await Page.Locator("main table").GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).First.ClickAsync();
        await Address.ContainsAsync(Page, "/Organization/Employees/Details/");
        return new EmployeeDetailsPage(Page);
    }
}
