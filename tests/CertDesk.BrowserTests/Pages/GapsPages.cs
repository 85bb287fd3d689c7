using CertDesk.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

/// <summary>The competency heat map: a team and a job role chosen, one row per person, one column per competency.</summary>
public sealed class HeatMapPage(IPage page) : AppPage(page)
{
    public ILocator Team => Page.GetByLabel("Team");

    public ILocator Role => Page.GetByLabel("Job role");

    public ILocator Rows => Page.Locator("table.heatmap tbody tr");

    public ILocator Cells => Page.Locator("table.heatmap tbody td[class^='heat-']");

    public async Task<HeatMapPage> OpenAsync()
    {
        await GotoAsync("/Gaps/HeatMap");
        return this;
    }

    /// <summary>The value (team code) of the n-th team of the filter (0 = the first real team, after "All teams").</summary>
    public async Task<string> TeamCodeAsync(int index) =>
        await Team.Locator("option").Nth(index + 1).GetAttributeAsync("value") ?? throw new InvalidOperationException("A team option without a value.");

    public async Task ShowAsync(string teamCode, string role)
    {
        await Team.SelectOptionAsync(teamCode);
        await Role.SelectOptionAsync(role);
        await NextPageAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync());
    }

    /// <summary>Opens the person of the given row (their name is the row header's link).</summary>
    public async Task<PersonGapsPage> OpenPersonAsync(int row)
    {
        await Rows.Nth(row).GetByRole(AriaRole.Link).ClickAsync();
        await Address.ContainsAsync(Page, "/Gaps/Person/");
        return new PersonGapsPage(Page);
    }
}

/// <summary>A person's gap profile, trend, ranked certifications and evidence.</summary>
public sealed class PersonGapsPage(IPage page) : AppPage(page)
{
    public ILocator Section(string heading) => Page.Locator("section.card").Filter(new() { Has = Page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true }) });

    public ILocator GapLines => Section("Gap profile").Locator("tbody tr");

    public ILocator Recommendations => Section("Recommended certifications").Locator("tbody tr");

    public ILocator TrendRows => Section("Trend").Locator("tbody tr");

    public ILocator DownloadPdf => Page.Locator("#download-profile-pdf");

    public ILocator RecordARating => Page.GetByRole(AriaRole.Link, new() { Name = "Record a rating" });

    /// <summary>Downloads the profile PDF and returns its file name and bytes.</summary>
    public async Task<(string FileName, byte[] Content)> DownloadPdfAsync()
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => DownloadPdf.ClickAsync());
        var path = await download.PathAsync();
        return (download.SuggestedFilename, await File.ReadAllBytesAsync(path!));
    }
}

/// <summary>Record a rating of one person: competency, kind, level, date, evidence, comment.</summary>
public sealed class AssessPage(IPage page) : AppPage(page)
{
    public ILocator Competency => Page.GetByLabel("Competency");

    public ILocator Kind(string source) => Page.GetByRole(AriaRole.Radio, new() { Name = source, Exact = true });

    public ILocator Level => Page.GetByLabel("Level (1-5)");

    public ILocator Evidence => Page.GetByLabel("Evidence");

    public async Task<PersonGapsPage> RecordAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Record rating" }).ClickAsync();
        await Address.ContainsAsync(Page, "/Gaps/Person/");
        return new PersonGapsPage(Page);
    }
}

/// <summary>The cohort plan: candidates, budget, window, the limit on people away; Plan, Export CSV, Export XLSX.</summary>
public sealed class CohortPlanPage(IPage page) : AppPage(page)
{
    public ILocator Role => Page.GetByLabel("Job role");

    public ILocator Budget => Page.GetByLabel("Budget");

    public ILocator MaxAway => Page.GetByLabel("Max away at once");

    public ILocator Status => Page.Locator("section.card h2 .badge");

    /// <summary>The planned people (not the "Not funded" table below them).</summary>
    public ILocator Lines => Page.Locator("#plan-lines tbody tr");

    public ILocator Facts => Page.Locator("dl.facts");

    public async Task<CohortPlanPage> OpenAsync()
    {
        await GotoAsync("/Gaps/Plan");
        return this;
    }

    public async Task PlanAsync()
    {
        await NextPageAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = "Plan", Exact = true }).ClickAsync());
    }

    /// <summary>Clicks an export button (a form post answered with an attachment) and returns the file's name and bytes.</summary>
    public async Task<(string FileName, byte[] Content)> ExportAsync(string button)
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync());
        var path = await download.PathAsync();
        return (download.SuggestedFilename, await File.ReadAllBytesAsync(path!));
    }
}

/// <summary>Any of the edit forms (certification, role profile): heading, screenshots, the accessibility check.</summary>
public sealed class CertificationEditPage(IPage page) : AppPage(page);
