using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CertDesk.Tests.Infrastructure;

/// <summary>The text of a PDF as poppler's <c>pdftotext</c> reads it (the browser tests already need poppler for pdftoppm), whitespace collapsed.</summary>
public static partial class PdfToText
{
    public static async Task<string> ExtractAsync(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        using var file = TempFile.WithBytes(pdf, ".pdf");
        var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-enc", "UTF-8", file.Path, "-" })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftotext (poppler-utils) is needed to read PDF reports");
        var text = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pdftotext failed ({process.ExitCode}): {error}");
        return Spaces().Replace(await text, " ");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
