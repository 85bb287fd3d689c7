namespace CertDesk.Domain.Credentials;

/// <summary>
/// A policy's minimum grade as an exam score 0-100: a number as written ("75"), or a letter on the common US
/// scale (A 90, B 80, C 70, D 60; a "+" adds 3 and a "-" takes 3 off, e.g. B- = 77). Null when not readable.
/// </summary>
public static class GradeScale
{
    public static decimal? ToScore(string? grade)
    {
        var text = (grade ?? "").Trim().ToUpperInvariant();
        if (text.Length == 0)
        {
            return null;
        }
        if (decimal.TryParse(text.TrimEnd('%'), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return ExamRules.IsValidScore(number) ? number : null;
        }
        decimal? letter = text[0] switch { 'A' => 90, 'B' => 80, 'C' => 70, 'D' => 60, _ => null };
        return (letter, text[1..]) switch
        {
            (null, _) => null,
            (var l, "") => l,
            (var l, "+") => Math.Min(100, l!.Value + 3),
            (var l, "-") => l - 3,
            _ => null,
        };
    }
}
