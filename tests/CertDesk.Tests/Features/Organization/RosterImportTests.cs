using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CertDesk.Cli;
using CertDesk.Features.Organization;
using CertDesk.Tests.Infrastructure;
using CertDesk.Tests.Infrastructure.Builders;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Tests.Features.Organization;

/// <summary>The roster import of the contract: row-level errors, all-or-nothing, idempotent, separations, accept-valid, dry run.</summary>
public abstract class RosterImportTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    /// <summary>A bad roster: the file's bytes (given a fresh builder) and what its one error line must say.</summary>
    private sealed record BadRoster(Func<RosterCsv, byte[]> Content, params string[] ErrorMentions);

    private static readonly Dictionary<string, BadRoster> s_badRosters = new(StringComparer.Ordinal)
    {
        ["missing column"] = new(r => Encoding.UTF8.GetBytes(RosterCsv.Header.Replace(",hourly_loaded_cost", "", StringComparison.Ordinal) + "\n" + "X-1,Ana,Reyes,x1@example.com,Agent,Agent,,,,2024-01-01,active,,\n"),
            "row 1", "missing column", "hourly_loaded_cost"),
        ["bad date"] = new(r => r.SmallTeam().Person(4, manager: r.Id(1), hireDate: "2024-02-30").ToUtf8(), "row 5, field hire_date", "2024-02-30"),
        ["us date format"] = new(r => r.SmallTeam().Person(4, manager: r.Id(1), hireDate: "03/01/2024").ToUtf8(), "row 5, field hire_date", "03/01/2024"),
        ["unknown manager"] = new(r => r.SmallTeam().Person(4, manager: "NOBODY-99").ToUtf8(), "row 5, field manager_employee_id", "NOBODY-99", "not a known employee"),
        ["cycle in the manager chain"] = new(r => r.Person(1, manager: r.Id(3)).Person(2, manager: r.Id(1)).Person(3, manager: r.Id(2)).Person(4).ToUtf8(),
            "field manager_employee_id", "loops back"),
        ["own manager"] = new(r => r.SmallTeam().Person(4, manager: r.Id(4)).ToUtf8(), "row 5, field manager_employee_id", "own manager"),
        ["duplicate employee_id"] = new(r => r.SmallTeam().Person(2, manager: r.Id(1), firstName: "Other").ToUtf8(), "row 5, field employee_id", "duplicate of row 3"),
        ["wrong encoding (Latin-1)"] = new(r => Encoding.Latin1.GetBytes(r.SmallTeam().Person(4, firstName: "José", lastName: "Muñoz").ToString()), "not valid UTF-8"),
        ["empty file"] = new(_ => [], "empty"),
        ["header only"] = new(_ => Encoding.UTF8.GetBytes(RosterCsv.Header + "\n"), "no rows"),
        ["formula =SUM"] = new(r => r.SmallTeam().Person(4, firstName: "=SUM(A1:A9)").ToUtf8(), "row 5, field first_name", "formula"),
        ["formula +"] = new(r => r.SmallTeam().Person(4, title: "+cmd|' /C calc'!A0").ToUtf8(), "row 5, field title", "formula"),
        ["formula @"] = new(r => r.SmallTeam().Person(4, lastName: "@HYPERLINK(\"http://x\")").ToUtf8(), "row 5, field last_name", "formula"),
        ["formula -"] = new(r => r.SmallTeam().Person(4, lastName: "-2+3").ToUtf8(), "row 5, field last_name", "formula"),
        ["bad status"] = new(r => r.SmallTeam().Person(4, status: "fired").ToUtf8(), "row 5, field status", "fired"),
        ["separation before hire"] = new(r => r.SmallTeam().Person(4, hireDate: "2024-05-01", status: "separated", separationDate: "2024-04-30", separationReason: "resignation").ToUtf8(),
            "row 5, field separation_date", "before the hire date"),
        ["separated without reason"] = new(r => r.SmallTeam().Person(4, status: "separated", separationDate: "2025-01-31").ToUtf8(), "row 5, field separation_date", "separation_reason"),
        ["unknown separation reason"] = new(r => r.SmallTeam().Person(4, status: "separated", separationDate: "2025-01-31", separationReason: "vacation").ToUtf8(), "row 5, field separation_reason", "vacation"),
        ["active with a past separation"] = new(r => r.SmallTeam().Person(4, separationDate: "2025-01-31", separationReason: "resignation").ToUtf8(), "row 5, field status", "has come"),
        ["active with separation date, no reason"] = new(r => r.SmallTeam().Person(4, separationDate: "2025-01-31").ToUtf8(), "row 5, field separation_date", "separation_reason"),
        ["active, separation over a year ahead"] = new(r => r.SmallTeam().Person(4, separationDate: DateTime.UtcNow.AddYears(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), separationReason: "resignation").ToUtf8(),
            "row 5, field separation_date", "more than a year ahead"),
        ["unquoted comma (field count)"] = new(r => r.SmallTeam().Person(4, title: "Agent, Tier 2").ToUtf8(), "row 5", "15 fields", "14"),
        ["bad email"] = new(r => r.SmallTeam().Person(4, email: "ana.reyes-at-example.com").ToUtf8(), "row 5, field email", "ana.reyes-at-example.com"),
        ["negative cost"] = new(r => r.SmallTeam().Person(4, cost: "-5.00").ToUtf8(), "row 5, field hourly_loaded_cost", "-5.00"),
        ["cost with comma decimal"] = new(r => r.SmallTeam().Person(4, cost: "\"26,50\"").ToUtf8(), "row 5, field hourly_loaded_cost", "26,50"),
        ["missing last name"] = new(r => r.SmallTeam().Person(4, lastName: "").ToUtf8(), "row 5, field last_name"),
        ["team without site"] = new(r => r.SmallTeam().Person(4, site: "").ToUtf8(), "row 5, field site"),
        ["NUL bytes"] = new(r => [.. r.SmallTeam().ToUtf8(), 0, 0, 0], "NUL"),
    };

    public static TheoryData<string> BadRosters => new(s_badRosters.Keys);

    private static void AssertOneErrorLineMentions(CliResult result, string[] mentions)
    {
        result.ShouldExit(ExitCodes.InvalidInput);
        Assert.Equal("", result.Stdout);
        var lines = result.ErrorLines.Where(l => mentions.All(m => l.Contains(m, StringComparison.Ordinal))).ToList();
        Assert.True(lines.Count > 0, $"no error line mentions {string.Join(" + ", mentions.Select(m => $"'{m}'"))}:\n{result.Stderr}");
        Assert.All(lines, line => Assert.StartsWith("error: ", line, StringComparison.Ordinal));
        Assert.All(lines, line => Assert.Contains(".csv", line, StringComparison.Ordinal)); // names the file
    }

    [ProviderTheory]
    [MemberData(nameof(BadRosters), MemberType = typeof(RosterImportTests))]
    public async Task RosterImport_BadInput_ExplainsRowAndFieldAndWritesNothing(string kind)
    {
        var bad = s_badRosters[kind];
        var before = await App.CountsAsync();
        using var file = TempFile.WithBytes(bad.Content(new RosterCsv()));

        var result = await App.ImportRosterFileAsync(file.Path);

        AssertOneErrorLineMentions(result, bad.ErrorMentions);
        Assert.Equal(before, await App.CountsAsync());
        Assert.False(File.Exists(file.Path + ".rejected.csv"));
    }

    [ProviderFact]
    public async Task RosterImport_FileJustOverTheLimit_IsRefusedAndWritesNothing()
    {
        var before = await App.CountsAsync();
        using var file = TempFile.Create();
        var roster = new RosterCsv();
        await using (var writer = new StreamWriter(file.Path, false, new UTF8Encoding(false)))
        {
            await writer.WriteAsync(RosterCsv.Header + "\n");
            var n = 0;
            while (writer.BaseStream.Position < (20L * 1024 * 1024) + 4096)
            {
                n++;
                await writer.WriteAsync($"{roster.Prefix}-{n:0000000},Ana,Reyes,a{n}@example.com,Agent,Agent,,,,2024-01-01,active,,,26.50\n");
                if (n % 1000 == 0)
                {
                    await writer.FlushAsync();
                }
            }
        }
        Assert.InRange(new FileInfo(file.Path).Length, 20L * 1024 * 1024, 21L * 1024 * 1024);

        var result = await App.ImportRosterFileAsync(file.Path);

        AssertOneErrorLineMentions(result, ["larger than the limit of 20 MB"]);
        Assert.Equal(before, await App.CountsAsync());
    }

    [ProviderFact]
    public async Task RosterImport_100MegabyteFile_IsRefusedQuicklyAndWritesNothing()
    {
        var before = await App.CountsAsync();
        using var file = TempFile.WithText(RosterCsv.Header + "\n");
        await using (var stream = new FileStream(file.Path, FileMode.Open))
        {
            stream.SetLength(100L * 1024 * 1024); // sparse: the import must stop reading at the limit anyway
        }
        var started = System.Diagnostics.Stopwatch.StartNew();

        var result = await App.ImportRosterFileAsync(file.Path);

        AssertOneErrorLineMentions(result, ["larger than the limit"]);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"took {started.Elapsed}");
        Assert.Equal(before, await App.CountsAsync());
    }

    [ProviderFact]
    public async Task RosterImport_MissingFile_Exits3NamingTheFile()
    {
        var result = await App.RunCliAsync("import", "roster", "/nonexistent/missing-roster.csv");
        result.ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains(result.ErrorLines, l => l.Contains("missing-roster.csv", StringComparison.Ordinal) && l.Contains("not found", StringComparison.Ordinal));
    }

    [ProviderFact]
    public async Task RosterImport_ManyBadRows_ReportsEveryRow()
    {
        var roster = new RosterCsv().SmallTeam().Person(4, hireDate: "yesterday").Person(5, email: "nope").Person(6, status: "gone");
        var before = await App.CountsAsync();
        var result = (await App.ImportRosterAsync(roster.ToString())).ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains(result.ErrorLines, l => l.Contains("row 5, field hire_date", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.Contains("row 6, field email", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.Contains("row 7, field status", StringComparison.Ordinal));
        Assert.Equal(before, await App.CountsAsync());
    }

    [ProviderFact]
    public async Task RosterImport_ActiveWithAFutureSeparation_IsScheduled_AndAppliedOnItsDate()
    {
        var leaving = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);
        var roster = new RosterCsv().SmallTeam().Person(4, separationDate: leaving.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), separationReason: "resignation");
        var summary = (await App.ImportRosterAsync(roster.ToString())).ShouldExit(ExitCodes.Success).Json();
        Assert.Equal(0, summary.GetProperty("separated").GetInt32());
        var person = await App.EmployeeAsync(roster.Id(4));
        Assert.Equal((EmploymentStatus.Active, leaving, "resignation"), (person!.Status, person.SeparationDate!.Value, person.SeparationReason));

        // The same file again changes nothing; on its date the run separates the person.
        Assert.Equal(0, (await App.ImportRosterAsync(roster.ToString())).ShouldExit(ExitCodes.Success).Json().GetProperty("updated").GetInt32());
        await App.RunRemindersAsync(new DateTimeOffset(leaving.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        Assert.Equal(EmploymentStatus.Separated, (await App.EmployeeAsync(roster.Id(4)))!.Status);
    }

    [ProviderFact]
    public async Task RosterExport_ThenImport_KeepsAScheduledSeparation_AppliedOnItsDate()
    {
        var leaving = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20);
        var day = leaving.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var roster = new RosterCsv().SmallTeam().Person(4, separationDate: day, separationReason: "layoff");
        (await App.ImportRosterAsync(roster.ToString())).ShouldExit(ExitCodes.Success);

        // The export writes the person as the HR system would: still active, with the separation's date and reason.
        using var exported = TempFile.Create();
        (await App.RunCliAsync("export", "roster", "--out", exported.Path)).ShouldExit(ExitCodes.Success);
        var row = Assert.Single(File.ReadAllLines(exported.Path), l => l.StartsWith(roster.Id(4) + ",", StringComparison.Ordinal));
        Assert.Contains($",active,{day},layoff", row, StringComparison.Ordinal);

        // Imported back unchanged: nothing updated, nobody separated early, the separation still scheduled.
        var counts = await App.CountsAsync();
        var again = (await App.ImportRosterFileAsync(exported.Path)).ShouldExit(ExitCodes.Success).Json();
        Assert.Equal((0, 0, 0), (again.GetProperty("created").GetInt32(), again.GetProperty("updated").GetInt32(), again.GetProperty("separated").GetInt32()));
        Assert.Equal(counts, await App.CountsAsync());
        var person = await App.EmployeeAsync(roster.Id(4));
        Assert.Equal((EmploymentStatus.Active, leaving, "layoff"), (person!.Status, person.SeparationDate!.Value, person.SeparationReason));

        // On its date the run separates the person; the next export says so, and importing it changes nothing more.
        await App.RunRemindersAsync(new DateTimeOffset(leaving.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        Assert.Equal(EmploymentStatus.Separated, (await App.EmployeeAsync(roster.Id(4)))!.Status);
        using var after = TempFile.Create();
        (await App.RunCliAsync("export", "roster", "--out", after.Path)).ShouldExit(ExitCodes.Success);
        Assert.Contains($",separated,{day},layoff", Assert.Single(File.ReadAllLines(after.Path), l => l.StartsWith(roster.Id(4) + ",", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(0, (await App.ImportRosterFileAsync(after.Path)).ShouldExit(ExitCodes.Success).Json().GetProperty("updated").GetInt32());
    }

    [ProviderFact]
    public async Task RosterImport_ValidFile_CreatesPeopleTeamSiteAndManagerChain()
    {
        var roster = new RosterCsv().SmallTeam();
        var before = await App.CountsAsync();

        var summary = (await App.ImportRosterAsync(roster.ToString())).ShouldExit(ExitCodes.Success).Json();

        Assert.Equal(3, summary.GetProperty("rows").GetInt32());
        Assert.Equal(3, summary.GetProperty("created").GetInt32());
        Assert.Equal(0, summary.GetProperty("rejected").GetInt32());
        var after = await App.CountsAsync();
        Assert.Equal(before.Employees + 3, after.Employees);
        Assert.Equal(before.Sites + 1, after.Sites);
        Assert.Equal(before.Teams + 1, after.Teams);
        Assert.True(after.AuditEntries >= before.AuditEntries + 5, "every created row is audited");
        var agent = await App.EmployeeAsync(roster.Id(2));
        Assert.Equal(roster.Id(1), agent!.Manager!.EmployeeNumber);
        Assert.Equal(26.50m, agent.HourlyLoadedCost);
        Assert.Equal(new DateOnly(2024, 3, 1), agent.HireDate);
    }

    [ProviderFact]
    public async Task RosterImport_SameFileTwice_SecondRunChangesNothing()
    {
        var roster = new RosterCsv().SmallTeam().Person(4, manager: "", team: "", site: "", status: "separated", separationDate: "2025-06-30", separationReason: "resignation");
        (await App.ImportRosterAsync(roster.ToString())).ShouldExit(ExitCodes.Success);
        var afterFirst = await App.CountsAsync();

        var second = (await App.ImportRosterAsync(roster.ToString())).ShouldExit(ExitCodes.Success).Json();

        Assert.Equal(0, second.GetProperty("created").GetInt32());
        Assert.Equal(0, second.GetProperty("updated").GetInt32());
        Assert.Equal(0, second.GetProperty("separated").GetInt32());
        Assert.Equal(4, second.GetProperty("unchanged").GetInt32());
        Assert.Equal(afterFirst, await App.CountsAsync()); // no new rows, no new audit entries
    }

    [ProviderFact]
    public async Task RosterImport_NewPeopleWrittenInBulk_AuditedAsATrackedSaveWouldBe_AndTheChainVerifies()
    {
        var roster = new RosterCsv().SmallTeam();
        (await App.ImportRosterAsync(roster.ToString())).ShouldExit(ExitCodes.Success);
        var agent = (await App.EmployeeAsync(roster.Id(2)))!;
        var bulk = Assert.Single(await App.AuditEntriesAsync(nameof(Employee), agent.Id.ToString()));

        // The same person added through the change tracker, under another id and number: the same snapshot.
        var copy = new Employee
        {
            EmployeeNumber = agent.EmployeeNumber + "-COPY",
            FirstName = agent.FirstName,
            LastName = agent.LastName,
            Email = agent.Email,
            Title = agent.Title,
            JobRole = agent.JobRole,
            TeamId = agent.TeamId,
            SiteId = agent.SiteId,
            ManagerId = agent.ManagerId,
            HireDate = agent.HireDate,
            Status = agent.Status,
            SeparationDate = agent.SeparationDate,
            SeparationReason = agent.SeparationReason,
            HourlyLoadedCost = 26.50m, // as the file gives it (SQLite gives it back as 26.5)
        };
        await App.QueryAsync(db => db.Employees.Add(copy).Context.SaveChangesAsync());
        var tracked = Assert.Single(await App.AuditEntriesAsync(nameof(Employee), copy.Id.ToString()));

        Assert.Equal("Added", bulk.Action);
        Assert.Null(bulk.Before);
        Assert.Contains(agent.EmployeeNumber, bulk.After, StringComparison.Ordinal);
        Assert.Equal(tracked.After!.Replace(copy.Id.ToString(), agent.Id.ToString(), StringComparison.Ordinal)
            .Replace(copy.EmployeeNumber, agent.EmployeeNumber, StringComparison.Ordinal), bulk.After);
        Assert.Single(await App.AuditEntriesAsync(nameof(Team), (await App.TeamIdAsync(roster.Team)).ToString()));
        var verification = await App.VerifyAuditAsync();
        Assert.True(verification.Intact, verification.Problem);
        (await App.RunCliAsync("audit", "verify")).ShouldExit(ExitCodes.Success);
    }

    /// <summary>
    /// A roster larger than one write chunk, in the worst order: a chain where everyone reports to the previous row's
    /// person and the file lists the people bottom-up (every report before their manager).
    /// </summary>
    private static RosterCsv ChainBottomUp(int people, string? prefix = null, Func<int, string>? title = null)
    {
        var roster = new RosterCsv(prefix);
        for (var n = people; n >= 1; n--)
        {
            roster.Person(n, manager: n == 1 ? "" : roster.Id(n - 1), title: title?.Invoke(n) ?? "Customer Service Agent");
        }
        return roster;
    }

    /// <summary>
    /// Two people import two rosters at the same moment (each larger than one write chunk, so each writes several bulk
    /// batches with their audit entries): both finish, every person of each is there, and the audit chain the two
    /// extended in turn still verifies.
    /// </summary>
    [ProviderFact]
    public async Task RosterImport_TwoRostersAtOnce_BothImported_AndTheChainVerifies()
    {
        var first = ChainBottomUp(1200);
        var second = ChainBottomUp(1200);
        var both = await Task.WhenAll(
            Task.Run(() => App.ImportRosterAsync(first.ToString())),
            Task.Run(() => App.ImportRosterAsync(second.ToString())));
        Assert.All(both, r => r.ShouldExit(ExitCodes.Success));
        foreach (var roster in new[] { first, second })
        {
            var prefix = roster.Prefix + "-";
            Assert.Equal(1200, await App.QueryAsync(db => db.Employees.CountAsync(e => e.EmployeeNumber.StartsWith(prefix))));
        }
        var verification = await App.VerifyAuditAsync();
        Assert.True(verification.Intact, verification.Problem);
    }

    [ProviderFact]
    public async Task RosterImport_SeveralChunksReportsBeforeManagers_ImportsAllThenReimportWritesNothing()
    {
        var roster = ChainBottomUp(2500);
        var before = await App.CountsAsync();

        var first = (await App.ImportRosterAsync(roster.ToString())).ShouldExit(ExitCodes.Success).Json();

        Assert.Equal(2500, first.GetProperty("created").GetInt32());
        var afterFirst = await App.CountsAsync();
        Assert.Equal(before.Employees + 2500, afterFirst.Employees);
        Assert.Equal(before.AuditEntries + 2500 + 2, afterFirst.AuditEntries); // every person, the team and the site
        Assert.Equal(roster.Id(1999), (await App.EmployeeAsync(roster.Id(2000)))!.Manager!.EmployeeNumber);
        Assert.Null((await App.EmployeeAsync(roster.Id(1)))!.Manager);
        Assert.True((await App.VerifyAuditAsync()).Intact);

        var again = (await App.ImportRosterAsync(roster.ToString())).ShouldExit(ExitCodes.Success).Json();

        Assert.Equal(2500, again.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, again.GetProperty("updated").GetInt32());
        Assert.Equal(afterFirst, await App.CountsAsync()); // nothing written, not even an audit entry

        // Every hundredth person promoted: only they change, each with one audit entry.
        var promoted = ChainBottomUp(2500, roster.Prefix, n => n % 100 == 0 ? "Senior Agent" : "Customer Service Agent");
        var changed = (await App.ImportRosterAsync(promoted.ToString())).ShouldExit(ExitCodes.Success).Json();
        Assert.Equal(25, changed.GetProperty("updated").GetInt32());
        Assert.Equal(afterFirst.AuditEntries + 25, (await App.CountsAsync()).AuditEntries);
        Assert.Equal("Senior Agent", (await App.EmployeeAsync(roster.Id(1200)))!.Title);
    }

    [ProviderFact]
    public async Task RosterImport_DatabaseRefusesARowInALaterChunk_NothingOfTheEarlierChunksStays()
    {
        var roster = ChainBottomUp(2500);
        var refused = roster.Id(2400); // managers are written first: the chain's top in the first chunk, this one in the third
        var trigger = $"refuse_{roster.Prefix.ToLowerInvariant()}";
        await App.ExecuteSqlAsync(App.Kind == DbKind.Postgres
            ? $"CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.\"EmployeeNumber\" = '{refused}' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$; " +
              $"CREATE TRIGGER {trigger} BEFORE INSERT ON \"Employees\" FOR EACH ROW EXECUTE FUNCTION {trigger}()"
            : $"CREATE TRIGGER {trigger} BEFORE INSERT ON \"Employees\" WHEN NEW.\"EmployeeNumber\" = '{refused}' BEGIN SELECT RAISE(ABORT, 'refused by test'); END");
        var before = await App.CountsAsync();
        try
        {
            var result = await App.ImportRosterAsync(roster.ToString());

            Assert.NotEqual(ExitCodes.Success, result.ExitCode);
            Assert.Equal(before, await App.CountsAsync());
            Assert.Null(await App.EmployeeAsync(roster.Id(2500)));
        }
        finally
        {
            await App.ExecuteSqlAsync(App.Kind == DbKind.Postgres
                ? $"DROP TRIGGER {trigger} ON \"Employees\"; DROP FUNCTION {trigger}()"
                : $"DROP TRIGGER {trigger}");
        }
    }

    [ProviderFact]
    public async Task RosterImport_LaterRoster_UpdatesChangedRowsRecordsSeparationAndNeverDeletes()
    {
        var first = new RosterCsv().SmallTeam();
        (await App.ImportRosterAsync(first.ToString())).ShouldExit(ExitCodes.Success);
        var separatedId = (await App.EmployeeAsync(first.Id(3)))!.Id;

        // The later file: row 2 promoted, row 3 separated, row 1 left out entirely.
        var later = new RosterCsv(first.Prefix)
            .Person(2, manager: first.Id(1), title: "Senior Customer Service Agent")
            .Person(3, manager: first.Id(1), firstName: "Wei", lastName: "Chen", status: "separated", separationDate: "2025-09-15", separationReason: "Resignation");
        var before = await App.CountsAsync();

        var summary = (await App.ImportRosterAsync(later.ToString())).ShouldExit(ExitCodes.Success).Json();

        Assert.Equal(0, summary.GetProperty("created").GetInt32());
        Assert.Equal(2, summary.GetProperty("updated").GetInt32());
        Assert.Equal(1, summary.GetProperty("separated").GetInt32());
        var after = await App.CountsAsync();
        Assert.Equal(before.Employees, after.Employees); // nobody deleted
        Assert.Equal(before.AuditEntries + 2, after.AuditEntries);

        var leftOut = await App.EmployeeAsync(first.Id(1));
        Assert.NotNull(leftOut);
        Assert.Equal(CertDesk.Features.Organization.EmploymentStatus.Active, leftOut.Status);
        Assert.Equal("Senior Customer Service Agent", (await App.EmployeeAsync(first.Id(2)))!.Title);
        var separated = await App.EmployeeAsync(first.Id(3));
        Assert.Equal(CertDesk.Features.Organization.EmploymentStatus.Separated, separated!.Status);
        Assert.Equal(new DateOnly(2025, 9, 15), separated.SeparationDate);
        Assert.Equal("resignation", separated.SeparationReason);

        var history = await App.AuditEntriesAsync("Employee", separatedId.ToString());
        var change = history[^1];
        Assert.Equal("Modified", change.Action);
        Assert.StartsWith("cli:", change.Actor, StringComparison.Ordinal);
        Assert.Contains("\"Status\":0", change.Before, StringComparison.Ordinal);
        Assert.Contains("\"Status\":1", change.After, StringComparison.Ordinal);
        Assert.Contains("2025-09-15", change.After, StringComparison.Ordinal);
        Assert.Contains("resignation", change.After, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task RosterImport_AcceptValid_ImportsGoodRowsAndWritesRejectedFileWithReason()
    {
        var roster = new RosterCsv().SmallTeam().Person(4, hireDate: "2024-13-01").Person(5, firstName: "=HYPERLINK(\"x\")").Person(6, manager: "NOBODY-1");
        var before = await App.CountsAsync();
        using var file = TempFile.WithText(roster.ToString());

        var result = (await App.ImportRosterFileAsync(file.Path, "--accept-valid")).ShouldExit(ExitCodes.Success);

        var summary = result.Json();
        Assert.Equal(3, summary.GetProperty("created").GetInt32());
        Assert.Equal(3, summary.GetProperty("rejected").GetInt32());
        Assert.Equal(before.Employees + 3, (await App.CountsAsync()).Employees);
        Assert.Null(await App.EmployeeAsync(roster.Id(4)));
        Assert.Contains(result.ErrorLines, l => l.StartsWith("rejected:", StringComparison.Ordinal) && l.Contains("row 5, field hire_date", StringComparison.Ordinal));

        var rejectedPath = file.Path + ".rejected.csv";
        Assert.True(File.Exists(rejectedPath), "no FILE.rejected.csv");
        var lines = (await File.ReadAllLinesAsync(rejectedPath)).Where(l => l.Length > 0).ToArray();
        Assert.Equal(RosterCsv.Header + ",reason", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.Contains(lines, l => l.StartsWith(roster.Id(4), StringComparison.Ordinal) && l.Contains("hire_date", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(roster.Id(6), StringComparison.Ordinal) && l.Contains("not a known employee", StringComparison.Ordinal));
        // A formula cell goes back out neutralized, never as a live formula.
        Assert.DoesNotContain(lines, l => l.Contains(",=HYPERLINK", StringComparison.Ordinal) || l.Contains(",\"=HYPERLINK", StringComparison.Ordinal));
    }

    [ProviderFact]
    public async Task RosterImport_DryRun_ReportsButWritesNothing()
    {
        var roster = new RosterCsv().SmallTeam();
        var before = await App.CountsAsync();

        var summary = (await App.ImportRosterAsync(roster.ToString(), "--dry-run")).ShouldExit(ExitCodes.Success).Json();

        Assert.True(summary.GetProperty("dry_run").GetBoolean());
        Assert.Equal(3, summary.GetProperty("created").GetInt32());
        Assert.Equal(before, await App.CountsAsync());
        Assert.Null(await App.EmployeeAsync(roster.Id(1)));
    }

    [ProviderFact]
    public async Task RosterImport_ByteOrderMark_IsAccepted()
    {
        var roster = new RosterCsv().SmallTeam();
        using var file = TempFile.WithBytes([0xEF, 0xBB, 0xBF, .. roster.ToUtf8()]);
        var summary = (await App.ImportRosterFileAsync(file.Path)).ShouldExit(ExitCodes.Success).Json();
        Assert.Equal(3, summary.GetProperty("created").GetInt32());
    }

    [ProviderFact]
    public async Task RosterImportPage_BadFile_ShowsRowErrorAndWritesNothing()
    {
        var email = $"hr-{Guid.NewGuid():N}@example.com";
        await App.AddUserAsync(email, "hr", "Correct-Horse-12");
        var client = await App.SignInAsAsync(email, "Correct-Horse-12");
        var roster = new RosterCsv().SmallTeam().Person(4, manager: "NOBODY-7");
        var before = await App.CountsAsync();

        var html = await AssertHttp.StatusAsync(await UploadAsync(client, roster.ToUtf8()), HttpStatusCode.OK);

        Assert.Contains("row 5, field manager_employee_id", html, StringComparison.Ordinal);
        Assert.Contains("NOBODY-7", html, StringComparison.Ordinal);
        Assert.Equal(before, await App.CountsAsync());

        var good = new RosterCsv().SmallTeam();
        await AssertHttp.StatusAsync(await UploadAsync(client, good.ToUtf8()), HttpStatusCode.OK);
        Assert.Equal(before.Employees + 3, (await App.CountsAsync()).Employees);
        var audit = await App.AuditEntriesAsync("Employee", (await App.EmployeeIdAsync(good.Id(1))).ToString());
        Assert.Equal($"user:{email}", Assert.Single(audit).Actor);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] csv)
    {
        var token = await CertDeskApp.AntiforgeryTokenAsync(client, "/Organization/Roster/Import");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(csv);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Upload", "roster.csv");
        form.Add(new StringContent(token), "__RequestVerificationToken");
        return await client.PostAsync("/Organization/Roster/Import", form);
    }
}

public sealed class SqliteRosterImportTests(SqliteEmptyApp fixture) : RosterImportTests(fixture), IClassFixture<SqliteEmptyApp>;

public sealed class PostgresRosterImportTests(PostgresEmptyApp fixture) : RosterImportTests(fixture), IClassFixture<PostgresEmptyApp>, IPostgresTests;
