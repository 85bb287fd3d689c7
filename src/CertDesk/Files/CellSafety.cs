namespace CertDesk.Files;

/// <summary>
/// Spreadsheet formula injection (CWE-1236): a cell that starts with = + - @ or a control character is run as a
/// formula by Excel and LibreOffice. Imports refuse such text; exports neutralize it with a leading apostrophe.
/// </summary>
public static class CellSafety
{
    public static bool LooksLikeFormula(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var first = text[0];
        if (first is '=' or '+' or '@' or '\t' or '\r' or '\n')
        {
            return true;
        }
        // A leading minus is a formula unless the cell is a plain negative number.
        return first == '-' && !decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _);
    }

    public static string Neutralize(string? text) => LooksLikeFormula(text) ? "'" + text : text ?? "";
}
