using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>The program manager uploads a roster with one bad row: the page names the row and field, and writes nothing.</summary>
public sealed class RosterImportWithABadRow(BrowserSession session) : IClassFixture<BrowserSession>
{
    private const string Csv = """
        employee_id,first_name,last_name,email,title,role,team_id,site,manager_employee_id,hire_date,status,separation_date,separation_reason,hourly_loaded_cost
        X9001,Quinta,Brightwater,quinta.brightwater@example.test,Agent,Agent,,,,2024-03-01,active,,,31.50
        X9002,Rafe,Ollerton,rafe.ollerton@example.test,Agent,Agent,,,,2024-31-12,active,,,31.50
        """;

    [Fact]
    public async Task RosterImport_OneBadHireDate_ShowsTheRowErrorAndImportsNothing()
    {
        var page = await session.NewPageAsync();
        await LoginPage.SignInAsync(page, "hr@demo.local");

        var import = await new RosterImportPage(page).OpenAsync();
        await Assertions.Expect(import.Heading).ToHaveTextAsync("Roster import");
        await import.AssertAccessibleAsync();
        await import.UploadAsync("roster.csv", Csv.ReplaceLineEndings("\n") + "\n");

        await Assertions.Expect(import.Result.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Nothing was imported");
        await Assertions.Expect(import.Errors).ToHaveCountAsync(1);
        await Assertions.Expect(import.Errors.First).ToContainTextAsync("roster.csv: row 3, field hire_date");
        await Assertions.Expect(import.Errors.First).ToContainTextAsync("'2024-31-12' is not a date");
        await import.ScreenshotAsync("roster-import-bad-row");
        await import.AssertAccessibleAsync();

        var people = await new EmployeesPage(page).OpenAsync("?status=all");
        await people.SearchAsync("Brightwater");
        await Assertions.Expect(people.Rows).ToHaveCountAsync(0);
        await Assertions.Expect(people.Empty).ToContainTextAsync("No one matches");
        await page.Context.CloseAsync();
    }
}
