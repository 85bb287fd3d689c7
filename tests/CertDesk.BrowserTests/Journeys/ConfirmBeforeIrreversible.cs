using System.Globalization;
using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using CertDesk.Data;
using CertDesk.Features.Accounts;
using CertDesk.Features.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>
/// Issue 18's "confirm what cannot be undone", in Chromium and without any script of ours being needed: cancelling a
/// session asks why and names who will be told (the reason reaches their e-mail); a separation is recorded only from
/// the confirmation under its preview of what is owed; revoking an API token is confirmed first. Each test uses its
/// own people, so none depends on another.
/// </summary>
public sealed class ConfirmBeforeIrreversible(BrowserSession session) : IClassFixture<BrowserSession>
{
    private static string NextWeekday(int days)
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(days);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }
        return day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>A session the demo manager organizes for two of their supervisors (set up through the service, as the API would).</summary>
    private async Task<(Guid Id, string[] Attendees)> ManagersSessionAsync(string title)
    {
        using var scope = session.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var manager = await db.Users.AsNoTracking().Where(u => u.Email == "manager@demo.local").Select(u => new { u.Id, u.DisplayName, u.EmployeeId }).SingleAsync();
        var people = await db.Employees.AsNoTracking().Where(e => e.EmployeeNumber == "E0020" || e.EmployeeNumber == "E0050")
            .Select(e => new { e.Id, Name = e.FirstName + " " + e.LastName }).ToListAsync();
        var caller = new Caller(manager.Id, "manager@demo.local", manager.DisplayName, new HashSet<string> { Roles.Manager }, manager.EmployeeId);
        var created = await scope.ServiceProvider.GetRequiredService<SessionService>().CreateAsync(caller,
            new SessionInput(title, "class", null, NextWeekday(8), "14:00", 30, [.. people.Select(p => p.Id)], "Training room 2", null), CancellationToken.None);
        Assert.True(created.IsOk, "the session could not be set up");
        return (created.Value!.Id, [.. people.Select(p => p.Name)]);
    }

    [Fact]
    public async Task Manager_CancelsASession_SaysWhy_SeesWhoIsTold_TheReasonIsInTheirEmail()
    {
        const string Title = "Queue callbacks refresher";
        var (id, attendees) = await ManagersSessionAsync(Title);
        var page = await session.NewPageAsync();
        await LoginPage.SignInAsync(page, "manager@demo.local");
        await page.GotoAsync($"/Scheduling/Sessions/Details/{id}", new() { WaitUntil = WaitUntilState.Commit });

        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel the session…" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Cancel {Title}?");
        var told = page.Locator("#told li");
        foreach (var name in attendees)
        {
            await Assertions.Expect(told.Filter(new() { HasText = name })).ToHaveCountAsync(1);
        }
        await Assertions.Expect(told.Filter(new() { HasText = "(organizer)" })).ToHaveCountAsync(1);
        await Axe.AssertNoSeriousViolationsAsync(page);

        // Without a reason nothing happens: the page asks for one.
        var cancel = page.GetByRole(AriaRole.Button, new() { Name = "Cancel the session and tell them" });
        await cancel.ClickAsync();
        await Assertions.Expect(page.Locator("#cancel-errors")).ToContainTextAsync("Say why the session is cancelled");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Cancel {Title}?");

        await page.GetByLabel("Why it is cancelled").FillAsync("The trainer is ill; we will book a new date next month.");
        await Artifacts.ScreenshotAsync(page, "confirm-cancel-session");
        await cancel.ClickAsync();
        await Address.PathIsAsync(page, $"/Scheduling/Sessions/Details/{id}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Cancelled");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Cancel the session…" })).ToHaveCountAsync(0);

        using var scope = session.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var mails = await db.OutboxMessages.AsNoTracking().Where(m => m.Subject == "Cancelled: " + Title).Select(m => m.Body).ToListAsync();
        Assert.Equal(3, mails.Count); // two attendees and the organizer
        Assert.All(mails, body => Assert.Contains("Reason: The trainer is ill; we will book a new date next month.", body, StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ProgramManager_RecordsASeparation_OnlyFromTheConfirmationUnderThePreview()
    {
        var hr = await session.NewPageAsync();
        await LoginPage.SignInAsync(hr, "hr@demo.local");
        Guid employee;
        using (var scope = session.App.Services.CreateScope())
        {
            employee = await scope.ServiceProvider.GetRequiredService<CertDeskDbContext>().Employees.AsNoTracking()
                .Where(e => e.EmployeeNumber == "E0140").Select(e => e.Id).SingleAsync();
        }
        await hr.GotoAsync($"/Repayments/Separate/{employee}", new() { WaitUntil = WaitUntilState.Commit });
        var record = hr.GetByRole(AriaRole.Button, new() { Name = "Record separation" });
        await hr.GetByLabel("Separation date").FillAsync(DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await hr.GetByLabel("Reason").SelectOptionAsync(new SelectOptionValue { Label = "Resignation" });
        await Assertions.Expect(record).ToHaveCountAsync(0); // nothing to confirm before the preview

        await hr.GetByRole(AriaRole.Button, new() { Name = "Preview what each agreement owes" }).ClickAsync();
        var confirm = hr.Locator("#separation-confirm");
        await Assertions.Expect(confirm).ToContainTextAsync("cannot be undone");
        await Assertions.Expect(confirm).ToContainTextAsync("(resignation)");
        await Axe.AssertNoSeriousViolationsAsync(hr);
        using (var scope = session.App.Services.CreateScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<CertDeskDbContext>().Employees.AsNoTracking()
                .Where(e => e.Id == employee).Select(e => e.SeparationDate).SingleAsync()); // previewing saves nothing
        }

        await record.ClickAsync();
        await Address.PathIsAsync(hr, "/Repayments");
        using (var scope = session.App.Services.CreateScope())
        {
            var separated = await scope.ServiceProvider.GetRequiredService<CertDeskDbContext>().Employees.AsNoTracking()
                .Where(e => e.Id == employee).Select(e => new { e.SeparationDate, e.SeparationReason }).SingleAsync();
            Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), separated.SeparationDate);
            Assert.Equal("resignation", separated.SeparationReason);
        }
        await hr.Context.CloseAsync();
    }

    [Fact]
    public async Task Employee_RevokesAnApiToken_AfterConfirming_KeepItChangesNothing()
    {
        var page = await session.NewPageAsync();
        await LoginPage.SignInAsync(page, "employee@demo.local");
        await page.GotoAsync("/Accounts/Me", new() { WaitUntil = WaitUntilState.Commit });
        await page.GetByLabel("What it is for").FillAsync("Nightly export");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a token" }).ClickAsync();
        await Assertions.Expect(page.Locator("#new-token")).ToBeVisibleAsync();
        var row = page.Locator("main table tbody tr").Filter(new() { HasText = "Nightly export" });
        var confirm = page.Locator("#confirm-revoke");

        await row.GetByRole(AriaRole.Link, new() { Name = "Revoke “Nightly export”…" }).ClickAsync();
        await Assertions.Expect(confirm).ToContainTextAsync("cannot be undone");
        await Assertions.Expect(row).ToContainTextAsync("Active");
        await Axe.AssertNoSeriousViolationsAsync(page);
        await confirm.GetByRole(AriaRole.Link, new() { Name = "Keep it" }).ClickAsync();
        await Address.HasNoQueryAsync(page);
        await Assertions.Expect(confirm).ToHaveCountAsync(0);
        await Assertions.Expect(row).ToContainTextAsync("Active");

        await row.GetByRole(AriaRole.Link, new() { Name = "Revoke “Nightly export”…" }).ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Revoke “Nightly export”" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.notice[role=status]")).ToContainTextAsync("is revoked");
        await Assertions.Expect(row).ToContainTextAsync("Revoked");
        await page.Context.CloseAsync();
    }
}
