using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>
/// The demo employee logs study hours and an exam pass for CWPP, the credential appears, the manager completes the
/// 30-day check-in, and the program dashboard shows the pass and the behaviour rating.
/// </summary>
public sealed class CertificationFollowThrough(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Employee_StudiesAndPasses_ManagerChecksIn_ProgramDashboardUpdates()
    {
        var hrPage = await session.NewPageAsync();
        await LoginPage.SignInAsync(hrPage, "hr@demo.local");
        var before = await (await new ProgramDashboardPage(hrPage).OpenAsync()).RowAsync("CWPP");
        Assert.Equal("0", before["Passed"]);

        var page = await session.NewPageAsync();
        await LoginPage.SignInAsync(page, "employee@demo.local");
        var mine = await new MyFollowThroughPage(page).OpenAsync();
        await mine.ScreenshotAsync("follow-01-my-follow-through");
        await mine.AssertAccessibleAsync();
        var enrollment = await mine.OpenEnrollmentAsync("CWPP");
        var hoursBefore = decimal.Parse(await enrollment.StudyHours.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await enrollment.LogStudyHoursAsync(1.5m, "Staffing mock exam");
        await Assertions.Expect(enrollment.StudyHours).ToHaveTextAsync((hoursBefore + 1.5m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture));
        await enrollment.ScheduleExamAsync(DateOnly.FromDateTime(DateTime.UtcNow));
        await enrollment.RecordAttemptAsync(84);
        await Assertions.Expect(enrollment.Stage).ToHaveTextAsync("Passed");
        await Assertions.Expect(enrollment.Attempts).ToContainTextAsync("84");
        await enrollment.ScreenshotAsync("follow-02-enrollment-passed");
        await enrollment.AssertAccessibleAsync();

        var credential = await enrollment.OpenCredentialAsync();
        await Assertions.Expect(credential.Number).ToContainTextAsync("CD-");
        // Recorded by the employee: a claim, not exported as a badge until HR verifies it.
        await Assertions.Expect(credential.Verification).ToContainTextAsync("Claimed");
        await Assertions.Expect(credential.BadgeLink).ToHaveCountAsync(0);
        await credential.ScreenshotAsync("follow-03-credential");
        await credential.AssertAccessibleAsync();
        var credentialPath = new Uri(page.Url).AbsolutePath;
        var hrCredential = await new CredentialPage(hrPage).OpenAsync(credentialPath);
        await hrCredential.VerifyAsync("Score report checked in the issuer's portal");
        await Assertions.Expect(hrCredential.Verification).ToContainTextAsync("Verified");
        await hrCredential.AssertAccessibleAsync();
        await credential.OpenAsync(credentialPath);
        await Assertions.Expect(credential.BadgeLink).ToBeVisibleAsync();
        var planPath = await (await mine.OpenAsync()).ActionPlanPathAsync("CWPP");
        Assert.StartsWith("/ActionPlans/Details/", planPath, StringComparison.Ordinal);

        var managerPage = await session.NewPageAsync();
        await LoginPage.SignInAsync(managerPage, "manager@demo.local");
        var plan = await new ActionPlanPage(managerPage).OpenAsync(planPath);
        await plan.AssertAccessibleAsync();
        await plan.CompleteCheckInAsync(30, 4, "Runs the forecast review with the team each week");
        await Assertions.Expect(plan.CheckIn(30)).ToContainTextAsync("rated");
        await plan.ScreenshotAsync("follow-04-check-in-rated");

        var program = await new ProgramDashboardPage(hrPage).OpenAsync();
        var after = await program.RowAsync("CWPP");
        Assert.Equal("1", after["Passed"]);
        Assert.StartsWith("4.0", after["Behaviour (L3)"], StringComparison.Ordinal);
        Assert.True(await program.Charts.CountAsync() >= 4);
        await program.ScreenshotAsync("follow-05-program-dashboard");
        await program.AssertAccessibleAsync();
    }
}
