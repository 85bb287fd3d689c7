namespace CertDesk.Files;

/// <summary>Reading an uploaded or named CSV file safely: size bound, strict UTF-8 (a BOM is accepted).</summary>
public static class CsvInput
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the whole file as text, or returns the one error that makes it unreadable.</summary>
    public static async Task<(string? Text, string? Error)> ReadTextAsync(Stream stream, string fileName, long maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, $"{fileName}: the file is larger than the limit of {maxBytes / (1024 * 1024)} MB");
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            return (null, $"{fileName}: the file is empty (a header row is required)");
        }
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }
        try
        {
            var text = s_strictUtf8.GetString(bytes);
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                return (null, $"{fileName}: the file holds NUL characters; save it as UTF-8 CSV text");
            }
            return (text, null);
        }
        catch (DecoderFallbackException e)
        {
            return (null, $"{fileName}: the file is not valid UTF-8 (byte offset {e.Index}); save it as UTF-8 CSV");
        }
    }
}
