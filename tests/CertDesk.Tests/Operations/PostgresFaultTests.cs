using System.Diagnostics;
using System.Text.RegularExpressions;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Operations;

/// <summary>
/// PostgreSQL stopped and started while two real nodes take writes (scripts/fault-postgres.sh on its own throwaway
/// cluster and ports, never the shared test server): every acknowledged write is in the database afterwards, every
/// failure was a clean 5xx problem-details answer, and writes work again within seconds of the restart.
/// Runs alone, after the parallel tests (its timings would suffer from a busy machine).
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed partial class PostgresFaultTests : IPostgresTests
{
    [ProviderFact]
    public async Task DatabaseRestartUnderWritesFromTwoNodes_LosesNoAcknowledgedWrite()
    {
        var root = RepositoryPaths.Root;
        // The nodes run this test run's own build of the program (artifacts/bin/CertDesk/debug), not a Release build.
        var dll = Path.Combine(Path.GetDirectoryName(typeof(CertDesk.Hosting.WebApp).Assembly.Location)!, "certdesk.dll");
        var start = new ProcessStartInfo("bash", ["scripts/fault-postgres.sh", "3"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CERTDESK_NODE_DLL"] = ResolveProgram(root, dll);
        start.Environment.Remove("CERTDESK_DATABASE");
        using var script = Process.Start(start)!;
        var stdout = script.StandardOutput.ReadToEndAsync();
        var stderr = script.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await script.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            script.Kill(entireProcessTree: true);
            Assert.Fail("scripts/fault-postgres.sh did not finish within 5 minutes");
        }
        var output = await stdout + await stderr;

        Assert.True(script.ExitCode == 0, $"scripts/fault-postgres.sh exited {script.ExitCode}:\n{output}");
        var summary = Summary().Match(output);
        Assert.True(summary.Success, $"no summary line in:\n{output}");
        var acknowledged = int.Parse(summary.Groups["acked"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var failed = int.Parse(summary.Groups["failed"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var rows = int.Parse(summary.Groups["rows"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(acknowledged > 0, output);
        Assert.True(failed > 0, $"no request failed: the database was not down during the writes\n{output}");
        Assert.Equal(acknowledged, rows);
    }

    [GeneratedRegex(@"acknowledged \(201\): (?<acked>\d+), failed while down: (?<failed>\d+), rows in the database: (?<rows>\d+)")]
    private static partial Regex Summary();

    // The program's own output folder (with certdesk.runtimeconfig.json), next to the test's copy of the assembly.
    private static string ResolveProgram(string root, string copied)
    {
        var configuration = copied.Contains("/release/", StringComparison.Ordinal) ? "release" : "debug";
        var own = Path.Combine(root, "artifacts", "bin", "CertDesk", configuration, "certdesk.dll");
        return File.Exists(own) ? own : copied;
    }
}

[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
