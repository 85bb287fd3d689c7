using System.Text;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

public sealed class KpiImportPage(IPage page) : AppPage(page)
{
    public ILocator File => Page.GetByLabel("KPI file");

    public ILocator IntervalData => Page.GetByLabel("Interval data (aggregated per team and interval)");

    public ILocator Progress => Page.Locator("#upload-progress");

    public ILocator ProgressBar => Page.Locator("#upload-progress-bar");

    public ILocator ProgressLabel => Page.Locator("#upload-progress-label");

    /// <summary>The result card (role status) shown after an upload.</summary>
    public ILocator Result => Page.Locator("#import-result").GetByRole(AriaRole.Status);

    public ILocator Errors => Result.Locator("ul.errors li");

    public async Task<KpiImportPage> OpenAsync()
    {
        await GotoAsync("/Proof/Import");
        return this;
    }

    /// <summary>Call detail records in the platform format whose label is <paramref name="formatLabel"/> (as the page words it).</summary>
    public async Task UploadContactRecordsAsync(string fileName, string formatLabel, string content)
    {
        await Page.GetByLabel("Call detail records (aggregated into intervals)").CheckAsync();
        await Page.GetByLabel(formatLabel).CheckAsync();
        await File.SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(content) });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload and import" }).ClickAsync();
        await Result.WaitForAsync(new() { Timeout = 60_000 });
    }

    public async Task UploadIntervalsAsync(string fileName, string csv)
    {
        await IntervalData.CheckAsync();
        await File.SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload and import" }).ClickAsync();
        await Result.WaitForAsync(new() { Timeout = 60_000 });
    }
}
