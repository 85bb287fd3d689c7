using System.Text.Json;
using Xunit.Sdk;

namespace CertDesk.Tests.Infrastructure;

/// <summary>What one in-process <c>certdesk</c> run did: exit code, standard output, standard error.</summary>
public sealed record CliResult(string[] Args, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>For <c>var (code, stdout, stderr) = await ...</c>.</summary>
    public void Deconstruct(out int exitCode, out string stdout, out string stderr) => (exitCode, stdout, stderr) = (ExitCode, Stdout, Stderr);

    public IReadOnlyList<string> ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Asserts the exit code, printing both streams on failure.</summary>
    public CliResult ShouldExit(int expected)
    {
        if (ExitCode != expected)
        {
            throw new XunitException($"certdesk {string.Join(' ', Args.Select(Redact))}: expected exit {expected}, got {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}");
        }
        return this;
    }

    public JsonElement Json()
    {
        try
        {
            return JsonDocument.Parse(Stdout).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new XunitException($"stdout is not exactly one JSON document ({e.Message})\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}");
        }
    }

    private static string Redact(string arg) => arg.Contains("Password=", StringComparison.OrdinalIgnoreCase) ? "(connection)" : arg;
}
