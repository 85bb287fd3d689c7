using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>The program manager (hr@demo.local) signs in and walks every organization page, ending with the audit check.</summary>
public sealed class ProgramManagerWalksTheOrganization(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task ProgramManager_WalksHomePeopleTeamsSitesAudit_SortsFiltersExportsPeople_SeesAnIntactChain()
    {
        var page = await session.NewPageAsync();

        var home = await LoginPage.SignInAsync(page, "hr@demo.local");
        await Assertions.Expect(home.Heading).ToContainTextAsync("Good day");
        // The program manager's desk: their work first (cases to move on, countersignatures), then what waits for employees, sessions and people.
        await Assertions.Expect(home.QueueHeadings.First).ToContainTextAsync("Approved and returned business cases");
        await Assertions.Expect(home.Queue("countersign")).ToBeVisibleAsync();
        await Assertions.Expect(home.Tiles).ToHaveCountAsync(3);
        await Assertions.Expect(home.Tiles.First).ToContainTextAsync("the employee's signature");
        await Assertions.Expect(home.Page.GetByRole(AriaRole.Heading, new() { Name = "Spend against budget", Exact = false })).ToBeVisibleAsync();
        await home.ScreenshotAsync("walk-01-home");
        await home.AssertAccessibleAsync();

        var people = await home.GoToPeopleAsync();
        await Assertions.Expect(people.Heading).ToHaveTextAsync("People");
        await Assertions.Expect(people.Pager).ToContainTextAsync("Page 1 of");
        Assert.True(await people.Rows.CountAsync() > 10, "the first page of 450 people has more than 10 rows");
        await people.ScreenshotAsync("walk-02-people");
        await people.AssertAccessibleAsync();

        var someone = (await people.NamesAsync())[3];
        var lastName = someone.Split(' ')[^1];
        await people.SearchAsync(lastName);
        var found = await people.NamesAsync();
        Assert.Contains(someone, found);
        Assert.All(found, name => Assert.Contains(lastName, name, StringComparison.OrdinalIgnoreCase));
        await people.ScreenshotAsync("walk-03-people-search");

        // The table: sort by a column head, filter, and export what is shown as CSV (every matching row, same order).
        await people.OpenAsync();
        await people.SortByColumnAsync("Hired");
        await Assertions.Expect(people.ColumnHead("Hired")).ToHaveAttributeAsync("aria-sort", "ascending");
        await people.SortByColumnAsync("Hired");
        await Assertions.Expect(people.ColumnHead("Hired")).ToHaveAttributeAsync("aria-sort", "descending");
        var hired = await people.ColumnAsync(5);
        Assert.Equal(hired.OrderDescending(StringComparer.Ordinal), hired);
        await people.FilterAsync("Status", "Separated");
        Assert.All(await people.ColumnAsync(6), status => Assert.Equal("separated", status));
        await Assertions.Expect(people.ColumnHead("Hired")).ToHaveAttributeAsync("aria-sort", "descending");
        await people.ScreenshotAsync("walk-03b-people-sorted-filtered");
        await people.AssertAccessibleAsync();
        var csv = (await people.DownloadCsvAsync()).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal("Name,Id,Title,Team,Site,Hired,Status", csv[0]);
        Assert.True(csv.Length > 1, "the demo has separated people");
        Assert.Equal(await people.Rows.CountAsync(), csv.Length - 1); // the separated people fit on one page
        Assert.All(csv.Skip(1), line => Assert.EndsWith(",separated", line, StringComparison.Ordinal));
        var csvHired = csv.Skip(1).Select(line => line.Split(',')[^2]).ToList();
        Assert.Equal(csvHired.OrderDescending(StringComparer.Ordinal), csvHired);

        await people.OpenAsync();
        await people.SearchAsync(lastName);
        var person = await people.OpenPersonAsync(someone);
        await Assertions.Expect(person.Heading).ToContainTextAsync(someone);
        await Assertions.Expect(person.Facts).ToContainTextAsync("Employee id");
        await Assertions.Expect(person.ReportingLine).ToBeVisibleAsync();
        await person.ScreenshotAsync("walk-04-person");
        await person.AssertAccessibleAsync();

        await person.FollowNavAsync("Teams");
        var teams = new TeamsPage(page);
        await Assertions.Expect(teams.Heading).ToHaveTextAsync("Teams");
        Assert.Equal(30, await teams.Rows.CountAsync());
        await teams.ScreenshotAsync("walk-05-teams");
        await teams.AssertAccessibleAsync();

        var teamName = await teams.TeamNameAsync(0);
        var team = await teams.OpenTeamAsync(teamName);
        await Assertions.Expect(team.Heading).ToHaveTextAsync(teamName);
        await Assertions.Expect(team.MembersHeading).ToContainTextAsync("active");
        Assert.True(await team.Members.CountAsync() > 0, "a demo team has members");
        await team.ScreenshotAsync("walk-06-team");
        await team.AssertAccessibleAsync();

        await team.FollowNavAsync("Sites");
        var sites = new SitesPage(page);
        await Assertions.Expect(sites.Heading).ToHaveTextAsync("Sites");
        Assert.Equal(3, await sites.Rows.CountAsync());
        await sites.ScreenshotAsync("walk-07-sites");
        await sites.AssertAccessibleAsync();

        await sites.FollowNavAsync("Audit trail");
        var audit = new AuditPage(page);
        await Assertions.Expect(audit.Heading).ToHaveTextAsync("Audit trail");
        Assert.True(await audit.Entries.CountAsync() > 0, "the demo seed is audited");
        await audit.CheckChainAsync();
        await Assertions.Expect(audit.Verdict).ToContainTextAsync("Intact");
        await audit.ScreenshotAsync("walk-08-audit");
        await audit.AssertAccessibleAsync();

        await page.Context.CloseAsync();
    }
}
