using CertDesk.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

/// <summary>/Enrollments/Details/{id}: the stage, the study log and the exam attempts, with their forms.</summary>
public sealed class EnrollmentPage(IPage page) : AppPage(page)
{
    public ILocator Stage => Page.Locator("#stage");

    public ILocator StudyHours => Page.Locator("#study-hours");

    public ILocator Status => Page.GetByRole(AriaRole.Status);

    public ILocator Attempts => Page.Locator("#attempts");

    public async Task LogStudyHoursAsync(decimal hours, string note)
    {
        await Page.GetByLabel("Hours", new() { Exact = true }).FillAsync(hours.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Page.Locator("#study-note").FillAsync(note);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log hours" }).ClickAsync();
        await Assertions.Expect(Status).ToContainTextAsync("Study hours logged");
    }

    public async Task ScheduleExamAsync(DateOnly on)
    {
        await Page.GetByLabel("Next stage", new() { Exact = true }).SelectOptionAsync("exam_scheduled");
        await Page.GetByLabel("Exam date (when scheduling the exam)").FillAsync(on.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Move" }).ClickAsync();
        await Assertions.Expect(Stage).ToHaveTextAsync("Exam scheduled");
    }

    public async Task RecordAttemptAsync(decimal score)
    {
        await Page.GetByLabel("Score (0-100)").FillAsync(score.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Record attempt" }).ClickAsync();
    }

    public async Task<CredentialPage> OpenCredentialAsync()
    {
        await Page.Locator("#credential-link").ClickAsync();
        await Address.ContainsAsync(Page, "/Credentials/Details/");
        return new CredentialPage(Page);
    }
}
