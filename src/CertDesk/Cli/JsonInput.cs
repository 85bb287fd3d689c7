using System.Text.Json;
using CertDesk.Domain;

namespace CertDesk.Cli;

/// <summary>Reading a JSON input file; every problem is invalid input (exit 3) naming the file and the field.</summary>
internal static class JsonInput
{
    public static async Task<T> ReadAsync<T>(FileInfo file, CancellationToken ct) where T : class
    {
        if (!file.Exists)
        {
            throw new InvalidInputException($"{file.Name}: file not found");
        }
        try
        {
            await using var stream = file.OpenRead();
            return await JsonSerializer.DeserializeAsync<T>(stream, CertDeskJson.Options, ct)
                ?? throw new InvalidInputException($"{file.Name}: the document is null");
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } path ? $"field {path.TrimStart('$', '.')}" : "document";
            throw new InvalidInputException($"{file.Name}: line {(e.LineNumber ?? 0) + 1}, {where}: not valid JSON for this input ({FirstSentence(e.Message)})");
        }
    }

    public static void ThrowInvalid(FileInfo file, List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new InvalidInputException([.. errors.Select(e => $"{file.Name}: field {e.Field}: {e.Message}")]);
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}
