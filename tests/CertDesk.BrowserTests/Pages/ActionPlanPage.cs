using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

/// <summary>/ActionPlans/Details/{id}: items and the 30/60/90-day check-ins.</summary>
public sealed class ActionPlanPage(IPage page) : AppPage(page)
{
    public ILocator CheckIn(int day) => Page.Locator($"#checkin-{day}");

    public async Task<ActionPlanPage> OpenAsync(string path)
    {
        await GotoAsync(path);
        return this;
    }

    /// <summary>The manager rates the behaviour change of one check-in and completes it.</summary>
    public async Task CompleteCheckInAsync(int day, int rating, string comment)
    {
        var checkIn = CheckIn(day);
        await checkIn.GetByLabel("Behaviour change (1 none - 5 consistently applied)").SelectOptionAsync(rating.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await checkIn.GetByLabel("Comment").FillAsync(comment);
        await checkIn.GetByRole(AriaRole.Button, new() { Name = "Complete check-in" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Check-in completed");
    }
}
