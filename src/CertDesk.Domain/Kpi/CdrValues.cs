namespace CertDesk.Domain.Kpi;

/// <summary>Parsers for the scalar fields of a <c>cdr</c> row (booleans and whole seconds), from UTF-8 bytes.</summary>
public static class CdrValues
{
    /// <summary>The largest whole number accepted for seconds and scores (keeps sums far from overflow).</summary>
    public const int MaxWholeNumber = 999_999_999;

    /// <summary><c>true</c>/<c>false</c> in any letter case, or <c>1</c>/<c>0</c>.</summary>
    public static bool TryParseBoolean(ReadOnlySpan<byte> s, out bool value)
    {
        value = false;
        switch (s.Length)
        {
            case 1:
                value = s[0] == '1';
                return s[0] == '1' || s[0] == '0';
            case 4:
                value = true;
                return (s[0] | 0x20) == 't' && (s[1] | 0x20) == 'r' && (s[2] | 0x20) == 'u' && (s[3] | 0x20) == 'e';
            case 5:
                return (s[0] | 0x20) == 'f' && (s[1] | 0x20) == 'a' && (s[2] | 0x20) == 'l' && (s[3] | 0x20) == 's' && (s[4] | 0x20) == 'e';
            default:
                return false;
        }
    }

    /// <summary>A whole non-negative number of at most nine digits; otherwise the reason.</summary>
    public static bool TryParseWhole(ReadOnlySpan<byte> s, out int value, out string? reason)
    {
        value = 0;
        if (s.IsEmpty)
        {
            reason = "is empty (expected a whole number)";
            return false;
        }
        if (s.Length > 9)
        {
            reason = s[0] == '-' ? "must not be negative" : "is not a whole number of at most 9 digits";
            return false;
        }
        var v = 0;
        foreach (var b in s)
        {
            var d = (uint)(b - '0');
            if (d > 9)
            {
                reason = s[0] == '-' ? "must not be negative" : "is not a whole number";
                return false;
            }
            v = v * 10 + (int)d;
        }
        value = v;
        reason = null;
        return true;
    }
}
