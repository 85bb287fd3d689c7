using System.Diagnostics;
using System.Text.RegularExpressions;
using CertDesk.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CertDesk.Tests.Data;

/// <summary>
/// The program runs with EF compiled models (src/CertDesk/Data/CompiledModels), generated from the model's code. A
/// change to an entity or its configuration without regenerating them would leave the program on the old model, so
/// each provider's model is generated again here, by the same tool, and must equal the committed files.
/// </summary>
public sealed partial class CompiledModelTests(ITestOutputHelper output)
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task CompiledModel_GeneratedAgain_EqualsTheCommittedFiles(string provider)
    {
        var root = RepositoryPaths.Root;
        var committed = Path.Combine(root, "src", "CertDesk", "Data", "CompiledModels", provider);
        var fresh = Directory.CreateTempSubdirectory("certdesk-compiled-model-").FullName;
        try
        {
            // The tool reads the assembly the tests were built with (--no-build), so it sees the model they test.
            var start = new ProcessStartInfo("dotnet", [
                "ef", "dbcontext", "optimize", "--no-build", "--configuration", Configuration,
                "--project", Path.Combine(root, "src", "CertDesk"), "--context", $"{provider}CertDeskDbContext",
                "--output-dir", fresh, "--namespace", $"CertDesk.Data.CompiledModels.{provider}"])
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var tool = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            var stdout = tool.StandardOutput.ReadToEndAsync();
            var stderr = tool.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await tool.WaitForExitAsync(timeout.Token);
            var said = await stdout + await stderr;
            Assert.True(tool.ExitCode == 0, $"dotnet ef dbcontext optimize: exit {tool.ExitCode} (is the tool restored? dotnet tool restore)\n{said}");

            var expected = Files(fresh);
            var actual = Files(committed);
            var stale = expected.Keys.Union(actual.Keys)
                .Where(name => !expected.TryGetValue(name, out var e) || !actual.TryGetValue(name, out var a) || e != a)
                .Order(StringComparer.Ordinal)
                .ToList();
            output.WriteLine($"{expected.Count} files generated, {actual.Count} committed");
            Assert.True(stale.Count == 0,
                $"The {provider} compiled model is not the model's code: run scripts/compiled-models.sh. Files that differ: {string.Join(", ", stale)}");
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }

    /// <summary>Each file's text by name, without the model id (a new Guid on every run) and with one kind of line end.</summary>
    private static Dictionary<string, string> Files(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs").ToDictionary(
            path => Path.GetFileName(path),
            path => ModelId().Replace(File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal), "modelId: (any)"),
            StringComparer.Ordinal);

    [GeneratedRegex("modelId: new Guid\\(\"[0-9a-f-]+\"\\)")]
    private static partial Regex ModelId();
}
