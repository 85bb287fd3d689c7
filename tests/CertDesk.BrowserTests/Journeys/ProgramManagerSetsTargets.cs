using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>
/// The program manager raises a queue's service-level target with its form, then adds a coverage rule for one team:
/// a first try with zero agents per supervisor comes back with the field named, the corrected rule is listed. Both
/// forms, and the form with its errors, pass axe.
/// </summary>
public sealed class ProgramManagerSetsTargets(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task ProgramManager_EditsAQueueAndAddsATeamRule_ErrorsNamedThenSaved()
    {
        var page = await session.NewPageAsync();
        await LoginPage.SignInAsync(page, "hr@demo.local");

        var queues = await new QueuesPage(page).OpenAsync();
        await Assertions.Expect(queues.Queue("Columbus Sales")).ToContainTextAsync("80 % in 20 s");
        var form = await queues.EditQueueAsync("Columbus Sales");
        await Assertions.Expect(form.Heading).ToHaveTextAsync("Edit Columbus Sales");
        await Assertions.Expect(form.Field("Service level (%)")).ToHaveValueAsync("80");
        await form.AssertAccessibleAsync();
        await form.Field("Service level (%)").FillAsync("85");
        await form.Field("Answered within (seconds)").FillAsync("30");
        await form.SaveAsync();
        await Assertions.Expect(queues.Heading).ToHaveTextAsync("Queues and coverage");
        await Assertions.Expect(queues.Queue("Columbus Sales")).ToContainTextAsync("85 % in 30 s");

        var rule = await queues.NewCoverageRuleAsync();
        await Assertions.Expect(rule.Heading).ToHaveTextAsync("New coverage rule");
        await rule.Field("Site").SelectOptionAsync(new SelectOptionValue { Label = "Columbus" });
        await rule.Field("Team (empty: the whole site)").SelectOptionAsync(new SelectOptionValue { Label = "COL-T02 (Columbus)" });
        await rule.Field("Agents per supervisor").FillAsync("0");
        await rule.SaveAsync();
        await Assertions.Expect(rule.Errors).ToContainTextAsync("Agents per supervisor: is a whole number from 1 to 1000.");
        await rule.AssertAccessibleAsync();
        await rule.Field("Agents per supervisor").FillAsync("12");
        await rule.SaveAsync();
        await Assertions.Expect(queues.Rules.Filter(new() { HasText = "Team COL-T02" })).ToContainTextAsync("per 12 agents");
        await queues.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }
}
