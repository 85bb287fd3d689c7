namespace CertDesk.Files;

/// <summary>
/// The rules every import applies the same way (docs/formats.md, "Rules for every import"): a header without rows is
/// nothing to import; a file separated by something other than commas is said once; text is strict UTF-8; formula-like
/// text is refused; an error line quotes at most 40 characters of a value and says how long it was.
/// </summary>
public static class ImportRules
{
    public const int QuotedCharacters = 40;

    private static readonly char[] s_otherSeparators = [';', '\t', '|'];

    /// <summary>The error when the file has a header and nothing else.</summary>
    public static string NoRows(string fileName) => $"{fileName}: the file has a header but no rows";

    /// <summary>A value as an error line quotes it: whole up to 40 characters, else its start and its length.</summary>
    public static string Quote(string? value)
    {
        value ??= "";
        return value.Length <= QuotedCharacters
            ? $"'{value}'"
            : string.Create(CultureInfo.InvariantCulture, $"'{value[..QuotedCharacters]}…' ({value.Length} characters)");
    }

    /// <summary>The error for formula-like text in a field (CWE-1236), or null.</summary>
    public static string? Formula(string value) =>
        CellSafety.LooksLikeFormula(value) ? $"{Quote(value)} looks like a spreadsheet formula; remove the leading character" : null;

    /// <summary>
    /// One line when the header only makes sense split by another separator (a semicolon from a European Excel, a tab):
    /// said once, instead of every missing column and every row.
    /// </summary>
    public static string? Separator(string fileName, IReadOnlyList<string> header, IReadOnlyCollection<string> expected)
    {
        if (header.Count != 1)
        {
            return null;
        }
        foreach (var separator in s_otherSeparators)
        {
            var names = header[0].Split(separator).Select(n => n.Trim().Trim('"')).ToList();
            if (names.Count > 1 && names.Count(expected.Contains) * 2 >= Math.Min(expected.Count, names.Count))
            {
                var shown = separator == '\t' ? "tabs" : $"'{separator}'";
                return $"{fileName}: row 1: the columns are separated by {shown}, not commas; save the file as comma-separated CSV (UTF-8)";
            }
        }
        return null;
    }

    /// <summary>A reader of a named file that refuses bytes that are not UTF-8 (a BOM is skipped) instead of replacing them.</summary>
    /// <param name="leaveOpen">Keep the stream open when the reader is closed (a file read twice).</param>
    public static StreamReader StrictUtf8(Stream stream, bool leaveOpen = false) =>
        // An encoding with the UTF-8 preamble: the reader skips a BOM without switching to a lenient decoder.
        new(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: leaveOpen);

    public static string NotUtf8(string fileName) => $"{fileName}: the file is not valid UTF-8; save it as UTF-8 CSV";
}
