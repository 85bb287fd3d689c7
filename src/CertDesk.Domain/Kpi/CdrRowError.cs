namespace CertDesk.Domain.Kpi;

/// <summary>
/// One invalid row. <see cref="Row"/> is the 1-based data row and <see cref="Line"/> the 1-based line of the file
/// where the row starts (they differ when quoted fields hold line breaks). Inside a block both are relative to the block
/// (see <see cref="CdrBlockParser"/>).
/// </summary>
public readonly record struct CdrRowError(long Row, long Line, string Field, string Reason);

/// <summary>
/// An invalid row kept whole for <c>--accept-valid</c>: <see cref="Row"/> and <see cref="Line"/> as in <see cref="CdrRowError"/>,
/// the row's text (without its line break) and every reason found, each as "field NAME: reason".
/// </summary>
public sealed record CdrRejectedRow(long Row, long Line, string Text, IReadOnlyList<string> Reasons)
{
    /// <summary>The row's fields (RFC 4180, quotes removed); a row that cannot be split is one field holding its whole text.</summary>
    public string[] Fields()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Text);
        var cursor = new CsvCursor(bytes);
        var fields = new List<string>();
        while (true)
        {
            var end = cursor.Next(out var value, out var escaped);
            if (end is FieldEnd.StrayQuote or FieldEnd.UnclosedQuote)
            {
                return [Text];
            }
            var field = System.Text.Encoding.UTF8.GetString(value);
            fields.Add(escaped ? field.Replace("\"\"", "\"", StringComparison.Ordinal) : field);
            if (end != FieldEnd.Comma)
            {
                return [.. fields];
            }
        }
    }
}
