using System.Globalization;
using System.Net;
using System.Text;
using CertDesk.Cli;
using CertDesk.Tests.Infrastructure;
using CertDesk.TestSupport;
using CsCheck;
using Xunit.Abstractions;

namespace CertDesk.Tests.Security;

/// <summary>The demo organization (its exports are the valid files the properties mutate), API rate limit off.</summary>
public sealed class HostileInputApp : IAsyncLifetime
{
    private CertDeskApp? _app;

    public CertDeskApp App => _app ?? throw new InvalidOperationException("not started");

    /// <summary>A valid file per import kind, of about 25 rows.</summary>
    public Dictionary<string, string> Valid { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        _app = await CertDeskApp.StartAsync(DbKind.Sqlite, seedDemo: true, new Dictionary<string, string> { ["RateLimits:Api:Enabled"] = "false" });
        foreach (var kind in new[] { "roster", "catalog", "assessments", "competencies", "forecast", "schedule" })
        {
            using var file = TempFile.Create();
            (await App.RunCliAsync("export", kind, "--out", file.Path)).ShouldExit(ExitCodes.Success);
            Valid[kind] = FirstRows(await File.ReadAllTextAsync(file.Path), 25);
        }
        var people = Valid["roster"].Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0]).ToList();
        Valid["qa"] = "employee_id,date,score\n" + string.Concat(people.Select((p, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{p},2025-0{1 + i % 9}-1{i % 10},{50 + i % 50}.5\n")));
        Valid["cdr"] = Encoding.UTF8.GetString(CdrTestData.ToCsv(CdrTestData.GenerateRows(25, 7), new CdrFileStyle()));
        var intervals = new StringBuilder("team_id,interval_start,offered,answered,abandoned,answered_within_threshold,wait_seconds_answered,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat_sum,csat_count\n");
        for (var i = 0; i < 25; i++)
        {
            intervals.Append(CultureInfo.InvariantCulture, $"HOSTILE-{i / 10},{new DateTime(2026, 2, 1, 8, 0, 0, DateTimeKind.Utc).AddMinutes(15 * i):yyyy-MM-dd'T'HH:mm:ss'Z'},10,9,1,8,90,3000,100,200,1,7,16,4\n");
        }
        Valid["intervals"] = intervals.ToString();

        // The mutations start from files the importers take, checked here before any test changes the organization (a
        // mutated roster that imports may take a person's site away, and with it the time zone of their schedule).
        foreach (var (kind, csv) in Valid)
        {
            using var file = TempFile.WithText(csv);
            (await App.RunCliAsync("import", kind, file.Path, "--dry-run")).ShouldExit(ExitCodes.Success);
        }
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>The header and the first rows of a CSV text (a row may span lines inside quotes).</summary>
    private static string FirstRows(string csv, int rows)
    {
        var result = new StringBuilder();
        var quotes = 0;
        var taken = -1;
        // Exports end records with CRLF; the mutations work on lines (and add CRLF themselves as one mutation), so they start from LF.
        foreach (var line in csv.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.Length == 0 && quotes % 2 == 0)
            {
                continue;
            }
            result.Append(line).Append('\n');
            quotes += line.Count(c => c == '"');
            if (quotes % 2 == 0 && ++taken == rows)
            {
                break;
            }
        }
        return result.ToString();
    }
}

/// <summary>
/// Hostile input (issue 8): valid files and JSON bodies with random mutations (CsCheck, fixed seed and case counts). The
/// program never crashes on them: the CLI exits 0 or 3 (3 with its reasons on stderr, and every table as it was), the API
/// never answers 500.
/// </summary>
public sealed class HostileInputTests(HostileInputApp fixture, ITestOutputHelper output) : IClassFixture<HostileInputApp>
{
    private const int CsvCases = 40;
    private const int JsonCases = 400;

    private CertDeskApp App => fixture.App;

    public static TheoryData<string> Importers => ["roster", "catalog", "assessments", "competencies", "cdr", "intervals", "qa", "forecast", "schedule"];

    [Theory]
    [MemberData(nameof(Importers))]
    public async Task Import_MutatedCsv_ExitsZeroOrThreeAndRefusedFilesWriteNothing(string kind)
    {
        var valid = fixture.Valid[kind];
        var exits = new Dictionary<int, int>();
        var crashes = new List<string>();
        var cases = 0;

        await HostileInput.CasesAsync(HostileInput.Mutations, CsvCases, async mutations =>
        {
            Interlocked.Increment(ref cases);
            var bytes = HostileInput.Apply(valid, mutations);
            using var file = TempFile.WithBytes(bytes);
            var before = await App.ImportedRowCountsAsync();
            var result = await App.RunCliAsync("import", kind, file.Path, "--json");
            exits[result.ExitCode] = exits.GetValueOrDefault(result.ExitCode) + 1;
            var problem = result.ExitCode switch
            {
                ExitCodes.Success => null,
                ExitCodes.InvalidInput when result.ErrorLines.Count == 0 => "exit 3 without a reason on stderr",
                ExitCodes.InvalidInput when await App.ImportedRowCountsAsync() is var after && after != before => $"refused, yet written: {before} -> {after}",
                ExitCodes.InvalidInput => null,
                _ => $"exit {result.ExitCode}: {Shorten(result.Stderr)}",
            };
            if (problem is not null)
            {
                crashes.Add($"{string.Join(" + ", mutations.Select(m => m.ToString()))}: {problem}");
            }
        });

        output.WriteLine(HostileInput.Summary($"import {kind}", cases, exits, crashes.Count));
        Assert.True(crashes.Count == 0, $"import {kind}: {crashes.Count} crash(es) of {cases}:\n" + string.Join("\n", crashes.Distinct()));
    }

    [Fact]
    public async Task ImportQa_TruncatedRow_RefusedWithTheRowNotACrash()
    {
        // Found by the property above: a row with fewer fields than the header threw IndexOutOfRangeException (exit 1).
        var person = fixture.Valid["qa"].Split('\n')[1].Split(',')[0];
        using var file = TempFile.WithText($"employee_id,date,score\n{person},2025-01-10,80\n{person},2025-01\n");
        var before = await App.ImportedRowCountsAsync();
        var result = (await App.RunCliAsync("import", "qa", file.Path)).ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains("row 3: has 2 fields, the header has 3", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await App.ImportedRowCountsAsync());
    }

    [Theory]
    [InlineData("intervals")]
    [InlineData("qa")]
    public async Task Import_HeaderRowMissingSoARowWithRepeatedValuesIsTheHeader_RefusedNotACrash(string kind)
    {
        // Found by the property above: without its header, the first row is read as the header, and Sep throws on a
        // column name that appears twice ("1" here), which was exit 1.
        var rows = kind == "intervals" ? "HOSTILE-0,2026-02-01T08:00:00Z,10,9,1,8,90,3000,100,200,1,7,16,4\n" : "E1,1,1\n";
        using var file = TempFile.WithText(rows + rows);
        var before = await App.ImportedRowCountsAsync();
        var result = (await App.RunCliAsync("import", kind, file.Path)).ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains("row 1 (header)", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await App.ImportedRowCountsAsync());
    }

    private const string Study = """
        { "costs": [ { "category": "tuition", "amount": 1995.00 }, { "category": "time", "amount": 400 } ],
          "benefits": [ { "name": "lower attrition", "annual_value": 48000.00, "isolation": 0.6, "confidence": 0.8 } ],
          "years": 1 }
        """;

    private const string Policy = """
        { "commitment_months": 24, "proration": "tiers",
          "tiers": [ { "until_month": 12, "percent": 100 }, { "until_month": 24, "percent": 50 } ],
          "exempt_reasons": [ "layoff", "death", "disability" ], "not_completed_percent": 100 }
        """;

    public static TheoryData<string> JsonCommands => ["roi", "repayment"];

    [Theory]
    [MemberData(nameof(JsonCommands))]
    public async Task JsonInputFile_Mutated_ExitsZeroOrThree(string command)
    {
        var valid = command == "roi" ? Study : Policy;
        var exits = new Dictionary<int, int>();
        var crashes = new List<string>();
        var cases = 0;
        await HostileInput.CasesAsync(HostileInput.Mutations, JsonCases, async mutations =>
        {
            Interlocked.Increment(ref cases);
            using var file = TempFile.WithText(HostileInput.ApplyJson(valid, mutations), ".json");
            var result = command == "roi"
                ? await Infrastructure.Cli.RunAsync("roi", "--input", file.Path, "--json")
                : await Infrastructure.Cli.RunAsync("repayment", "--policy", file.Path, "--funded", "5000", "--start", "2024-01-15", "--separated", "2025-02-28", "--reason", "resignation", "--json");
            exits[result.ExitCode] = exits.GetValueOrDefault(result.ExitCode) + 1;
            if (result.ExitCode is not (ExitCodes.Success or ExitCodes.InvalidInput) || (result.ExitCode == ExitCodes.InvalidInput && result.ErrorLines.Count == 0))
            {
                crashes.Add($"{string.Join(" + ", mutations.Select(m => m.ToString()))}: exit {result.ExitCode}: {Shorten(result.Stderr)}");
            }
        });

        output.WriteLine(HostileInput.Summary(command, cases, exits, crashes.Count));
        Assert.True(crashes.Count == 0, $"{command}: {crashes.Count} crash(es) of {cases}:\n" + string.Join("\n", crashes.Distinct()));
    }

    public static TheoryData<string, string> ApiBodies => new()
    {
        { "/api/v1/staffing/erlang-c", """{ "calls": 100, "interval": 1800, "aht": 240, "agents": 15, "target": 20 }""" },
        { "/api/v1/staffing/erlang-a", """{ "calls": 100, "interval": 1800, "aht": 240, "agents": 15, "target": 20, "patience": 120 }""" },
        { "/api/v1/staffing/staff", """{ "calls": 100, "interval": 1800, "aht": 240, "sl": 0.8, "target": 20, "max_occupancy": 0.85, "shrinkage": 0.3, "patience": 120 }""" },
        { "/api/v1/roi/calculate", Study },
        { "/api/v1/repayments/quote", "{ \"policy\": " + Policy + """, "funded": 5000, "start": "2024-01-15", "separated": "2025-02-28", "reason": "resignation" }""" },
    };

    [Theory]
    [MemberData(nameof(ApiBodies))]
    public async Task CalculationApi_MutatedBody_NeverA500(string route, string valid)
    {
        var client = await App.BearerClientAsync(Demo.Hr);
        client.Timeout = TimeSpan.FromSeconds(20);
        using (var ok = await client.PostAsync(route, new StringContent(valid, Encoding.UTF8, "application/json")))
        {
            await AssertHttp.StatusAsync(ok, HttpStatusCode.OK);
        }
        var statuses = new Dictionary<int, int>();
        var crashes = new List<string>();
        var cases = 0;
        await HostileInput.CasesAsync(HostileInput.Mutations, JsonCases, async mutations =>
        {
            Interlocked.Increment(ref cases);
            var body = HostileInput.ApplyJson(valid, mutations);
            using var response = await client.PostAsync(route, new StringContent(body, Encoding.UTF8, "application/json"));
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500)
            {
                crashes.Add($"{string.Join(" + ", mutations.Select(m => m.ToString()))}: {status} {Shorten(await response.Content.ReadAsStringAsync())}");
            }
        });

        output.WriteLine(HostileInput.Summary($"POST {route}", cases + 1, statuses, crashes.Count));
        Assert.True(crashes.Count == 0, $"POST {route}: {crashes.Count} crash(es) of {cases}:\n" + string.Join("\n", crashes.Distinct()));
    }

    private const int UploadCases = 15;

    public static TheoryData<string, string> UploadForms => new()
    {
        { "/Organization/Roster/Import", "roster" },
        { "/Proof/Import", "intervals" },
        { "/Proof/Import", "cdr" },
        { "/Proof/Import", "qa" },
    };

    [Theory]
    [MemberData(nameof(UploadForms))]
    public async Task UploadForm_MutatedFile_NeverA5xxAndARefusedFileWritesNothing(string page, string kind)
    {
        // The same mutations through the web upload forms (multipart, antiforgery, the page's own checks), as a program
        // manager uploads them.
        var client = await App.SignInAsAsync(Demo.Hr);
        var valid = fixture.Valid[kind];
        var statuses = new Dictionary<int, int>();
        var crashes = new List<string>();
        var cases = 0;
        await HostileInput.CasesAsync(HostileInput.Mutations, UploadCases, async mutations =>
        {
            Interlocked.Increment(ref cases);
            var token = await CertDeskApp.AntiforgeryTokenAsync(client, page);
            using var form = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent(kind), "Kind" },
            };
            var file = new ByteArrayContent(HostileInput.Apply(valid, mutations));
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            form.Add(file, "Upload", $"{kind}.csv");
            var before = await App.ImportedRowCountsAsync();
            var response = await client.PostAsync(page, form);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var body = await response.Content.ReadAsStringAsync();
            var problem = status switch
            {
                >= 500 => $"{status}: {Shorten(body)}",
                200 when body.Contains("Nothing was imported", StringComparison.Ordinal) && await App.ImportedRowCountsAsync() is var after && after != before
                    => $"refused, yet written: {before} -> {after}",
                200 or 400 or 413 => null,
                _ => $"unexpected {status}",
            };
            if (problem is not null)
            {
                crashes.Add($"{string.Join(" + ", mutations.Select(m => m.ToString()))}: {problem}");
            }
        });

        output.WriteLine(HostileInput.Summary($"upload {kind} via {page}", cases, statuses, crashes.Count));
        Assert.True(crashes.Count == 0, $"upload {kind}: {crashes.Count} problem(s) of {cases}:\n" + string.Join("\n", crashes.Distinct()));
    }

    private static string Shorten(string text) => text.Length > 400 ? text[..400] + "..." : text.Trim();
}
