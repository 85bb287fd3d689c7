using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

/// <summary>/Organization/Employees: search, filters, the people table and the pager.</summary>
public sealed class EmployeesPage(IPage page) : AppPage(page)
{
    private ILocator Filters => Page.GetByRole(AriaRole.Search, new() { Name = "Filter people" });

    public ILocator Search => Filters.GetByLabel("Search", new() { Exact = true });

    public ILocator Team => Filters.GetByLabel("Team");

    public ILocator Status => Filters.GetByLabel("Status");

    public ILocator SortBy => Filters.GetByLabel("Sort by");

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
        await Page.WaitForURLAsync(url => url.Contains("q=", StringComparison.Ordinal));
    }

    /// <summary>The person names in the table, in order.</summary>
    public async Task<IReadOnlyList<string>> NamesAsync() =>
        [.. (await Rows.Locator("td:first-child").AllInnerTextsAsync()).Select(t => t.Trim())];

    public async Task<EmployeeDetailsPage> OpenPersonAsync(string name)
    {
        await Page.Locator("main table").GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).First.ClickAsync();
        await Page.WaitForURLAsync("**/Organization/Employees/Details/**");
        return new EmployeeDetailsPage(Page);
    }
}
