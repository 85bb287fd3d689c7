using System.Text;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

public sealed class RosterImportPage(IPage page) : AppPage(page)
{
    public ILocator File => Page.GetByLabel("Roster file");

    public ILocator CheckOnly => Page.GetByLabel("Check only (write nothing)");

    /// <summary>The result card (role status) shown after an upload.</summary>
    public ILocator Result => Page.Locator("main").GetByRole(AriaRole.Status);

    public ILocator Errors => Result.Locator("ul.errors li");

    public async Task<RosterImportPage> OpenAsync()
    {
        await GotoAsync("/Organization/Roster/Import");
        return this;
    }

    public async Task UploadAsync(string fileName, string csv)
    {
        await File.SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Result.WaitForAsync();
    }
}
