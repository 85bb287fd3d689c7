using System.Text.Json;

namespace CertDesk.Cli;

public static class CliOutput
{
    /// <summary>Exactly one JSON document on standard output (the contract's --json).</summary>
    public static async Task WriteJsonAsync<T>(TextWriter output, T value)
    {
        await output.WriteLineAsync(JsonSerializer.Serialize(value, CertDeskJson.Indented));
        await output.FlushAsync();
    }
}
