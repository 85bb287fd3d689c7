using CertDesk.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

/// <summary>Plan a session: attendees, length, window, a preferred time; the best slots on a chart; Book.</summary>
public sealed class PlanSessionPage(IPage page) : AppPage(page)
{
    public ILocator SessionTitle => Page.GetByLabel("Title");

    public ILocator Length => Page.GetByLabel("Length (minutes)");

    public ILocator From => Page.GetByLabel("From");

    public ILocator To => Page.GetByLabel("To", new() { Exact = true });

    public ILocator PreferredDate => Page.GetByLabel("Preferred date");

    public ILocator PreferredStart => Page.GetByLabel("Preferred start");

    public ILocator PreferredVerdict => Page.Locator("#preferred-verdict");

    public ILocator PreferredChart => Page.Locator("#preferred svg.chart");

    public ILocator SlotChart => Page.Locator("svg.chart#slot-chart");

    public ILocator Slots => Page.Locator("table#slots tbody tr");

    /// <summary>Where each queue's forecast comes from, when one is not imported (the history, or none).</summary>
    public ILocator ForecastSources => Page.Locator("#forecast-sources");

    public async Task<PlanSessionPage> OpenAsync()
    {
        await GotoAsync("/Scheduling/Plan");
        return this;
    }

    /// <summary>Ticks the person whose label shows the employee number (e.g. E0020).</summary>
    public Task ChooseAsync(string employeeNumber) => Page.Locator($"#a-{employeeNumber}").CheckAsync();

    public async Task FindAsync()
    {
        await NextPageAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = "Find the best slots" }).ClickAsync());
    }

    /// <summary>Books (or, when moving a session, moves to) the slot of the given row (0 = the best) and waits for the session page.</summary>
    public async Task<SessionDetailsPage> BookAsync(int row)
    {
        await Slots.Nth(row).GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^(Book|Move)") }).ClickAsync();
        await Address.ContainsAsync(Page, "/Scheduling/Sessions/Details/");
        return new SessionDetailsPage(Page);
    }
}

/// <summary>A session: facts, attendees, the impact chart and table, the invite download.</summary>
public sealed class SessionDetailsPage(IPage page) : AppPage(page)
{
    public ILocator Verdict => Page.Locator("#overall-verdict");

    public ILocator ImpactChart => Page.Locator("#impact svg.chart#impact-chart");

    /// <summary>Service level per queue before and with the session, per run of identical intervals.</summary>
    public ILocator ServiceLevelChart => Page.Locator("#impact svg.chart#sl-chart");

    public ILocator ImpactRows => Page.Locator("table#impact-table tbody tr");

    public ILocator ForecastSources => Page.Locator("#impact #forecast-sources");

    public ILocator DownloadInvite => Page.Locator("#download-invite");

    public ILocator FindABetterSlot => Page.Locator("#move-session");

    /// <summary>Downloads the invite and returns its text.</summary>
    public async Task<(string FileName, string Ics)> DownloadInviteAsync()
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => DownloadInvite.ClickAsync());
        var path = await download.PathAsync();
        return (download.SuggestedFilename, await File.ReadAllTextAsync(path!));
    }
}

/// <summary>Queues and coverage: the queues' targets and the coverage rules, with New and Edit for the program team.</summary>
public sealed class QueuesPage(IPage page) : AppPage(page)
{
    public ILocator Queues => Page.Locator("table#queues tbody tr");

    public ILocator Rules => Page.Locator("main ul li");

    public async Task<QueuesPage> OpenAsync()
    {
        await GotoAsync("/Scheduling/Queues");
        return this;
    }

    public ILocator Queue(string name) => Queues.Filter(new() { HasText = name });

    public async Task<TargetsFormPage> EditQueueAsync(string name)
    {
        await Page.GetByRole(AriaRole.Link, new() { Name = $"Edit {name}", Exact = true }).ClickAsync();
        return new TargetsFormPage(Page);
    }

    public async Task<TargetsFormPage> NewQueueAsync()
    {
        await Page.GetByRole(AriaRole.Link, new() { Name = "New queue" }).ClickAsync();
        return new TargetsFormPage(Page);
    }

    public async Task<TargetsFormPage> NewCoverageRuleAsync()
    {
        await Page.GetByRole(AriaRole.Link, new() { Name = "New coverage rule" }).ClickAsync();
        return new TargetsFormPage(Page);
    }
}

/// <summary>The queue form and the coverage-rule form: labelled fields, Save, the error summary.</summary>
public sealed class TargetsFormPage(IPage page) : AppPage(page)
{
    public ILocator Field(string label) => Page.GetByLabel(label, new() { Exact = true });

    public ILocator Errors => Page.Locator("#form-errors");

    public async Task SaveAsync()
    {
        await NextPageAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync());
    }
}
