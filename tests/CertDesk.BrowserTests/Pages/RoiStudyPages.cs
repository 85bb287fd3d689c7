using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

public sealed class NewRoiStudyPage(IPage page) : AppPage(page)
{
    public async Task<NewRoiStudyPage> OpenAsync()
    {
        await GotoAsync("/Proof/Studies/New");
        return this;
    }

    public ILocator Errors => Page.Locator(".validation-summary-errors li");

    public async Task FillAsync(string name, DateOnly preStart, DateOnly certified, DateOnly postEnd, string[] cohort, string[] comparison)
    {
        static string D(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await Page.GetByLabel("Certification date").FillAsync(D(certified));
        await Page.GetByLabel("Before: from").FillAsync(D(preStart));
        await Page.GetByLabel("Before: to").FillAsync(D(certified));
        await Page.GetByLabel("After: from").FillAsync(D(certified));
        await Page.GetByLabel("After: to").FillAsync(D(postEnd));
        await Page.GetByLabel("Certified (cohort) teams").SelectOptionAsync(cohort);
        await Page.GetByLabel("Comparison teams (blank = proposed by matching)").SelectOptionAsync(comparison);
    }

    /// <summary>The value of one unit of a KPI (by its key: service_level, aht, ...).</summary>
    public Task SetValueAsync(string kpi, decimal value) =>
        Page.Locator($"#value-{kpi}").FillAsync(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task SetCostAsync(int row, string category, decimal amount)
    {
        await Page.GetByLabel($"Cost {row}: category").FillAsync(category);
        await Page.GetByLabel($"Cost {row}: amount").FillAsync(amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task SubmitAsync()
    {
        await NextPageAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = "Create the study" }).ClickAsync());
    }
}

public sealed class RoiStudyDetailsPage(IPage page) : AppPage(page)
{
    public ILocator Effects => Page.Locator("table.effects tbody tr");

    public ILocator TrendChart => Page.Locator("#trend svg.chart");

    public ILocator Figures => Page.GetByRole(AriaRole.Region, new() { Name = "ROI figures" });

    public ILocator PdfLink => Page.GetByRole(AriaRole.Link, new() { Name = "Download PDF report" });

    public ILocator XlsxLink => Page.GetByRole(AriaRole.Link, new() { Name = "Download XLSX" });

    public ILocator CsvLink => Page.GetByRole(AriaRole.Link, new() { Name = "Download effects CSV" });

    /// <summary>Clicks the PDF link and saves the download under <paramref name="path"/>.</summary>
    public async Task<string> DownloadPdfAsync(string path)
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => PdfLink.ClickAsync());
        await download.SaveAsAsync(path);
        return path;
    }
}
