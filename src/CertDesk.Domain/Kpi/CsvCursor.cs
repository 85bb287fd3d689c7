using System.Buffers;
using System.Runtime.CompilerServices;

namespace CertDesk.Domain.Kpi;

/// <summary>How a field read by <see cref="CsvCursor"/> ended.</summary>
public enum FieldEnd : byte
{
    /// <summary>A comma: another field of the same row follows.</summary>
    Comma,
    /// <summary>A line break (LF or CRLF) outside quotes: the row is complete.</summary>
    RowEnd,
    /// <summary>The end of the data: the row is complete if the data was the end of the file.</summary>
    DataEnd,
    /// <summary>A quote where RFC 4180 allows none (inside an unquoted field, or after a closing quote).</summary>
    StrayQuote,
    /// <summary>A quoted field runs to the end of the data.</summary>
    UnclosedQuote,
}

/// <summary>
/// An RFC 4180 field reader over UTF-8 bytes: a state machine with a vectorized fast path for unquoted fields.
/// It never allocates; a quoted field is returned without its outer quotes and, when <c>escaped</c> is set,
/// still holding its doubled quotes (see <see cref="Unescape"/>).
/// </summary>
public ref struct CsvCursor(ReadOnlySpan<byte> data)
{
    private static readonly SearchValues<byte> s_unquotedStops = SearchValues.Create(",\n\""u8);
    private static readonly SearchValues<byte> s_rowStops = SearchValues.Create("\n\""u8);

    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    public readonly int Position => _pos;

    public readonly bool AtEnd => _pos >= _data.Length;

    /// <summary>Skips an empty line (LF or CRLF) at the cursor; true if there was one.</summary>
    public bool TrySkipEmptyLine()
    {
        var rest = _data[_pos..];
        if (rest.Length > 0 && rest[0] == '\n')
        {
            _pos++;
            return true;
        }
        if (rest.Length > 1 && rest[0] == '\r' && rest[1] == '\n')
        {
            _pos += 2;
            return true;
        }
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FieldEnd Next(out ReadOnlySpan<byte> value, out bool escaped)
    {
        escaped = false;
        var rest = _data[_pos..];
        if (rest.Length > 0 && rest[0] == '"')
        {
            return NextQuoted(rest, out value, out escaped);
        }

        var k = rest.IndexOfAny(s_unquotedStops);
        if (k < 0)
        {
            value = TrimCr(rest);
            _pos = _data.Length;
            return FieldEnd.DataEnd;
        }
        var stop = rest[k];
        _pos += k + 1;
        if (stop == ',')
        {
            value = rest[..k];
            return FieldEnd.Comma;
        }
        if (stop == '\n')
        {
            value = TrimCr(rest[..k]);
            return FieldEnd.RowEnd;
        }
        value = rest[..k];
        _pos--;
        return FieldEnd.StrayQuote;
    }

    private FieldEnd NextQuoted(ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> value, out bool escaped)
    {
        escaped = false;
        var i = 1;
        while (true)
        {
            var q = rest[i..].IndexOf((byte)'"');
            if (q < 0)
            {
                value = rest[1..];
                _pos = _data.Length;
                return FieldEnd.UnclosedQuote;
            }
            i += q;
            if (i + 1 < rest.Length && rest[i + 1] == '"')
            {
                escaped = true;
                i += 2;
                continue;
            }
            break;
        }

        value = rest[1..i];
        i++;
        if (i == rest.Length || (i + 1 == rest.Length && rest[i] == '\r'))
        {
            _pos = _data.Length;
            return FieldEnd.DataEnd;
        }
        var c = rest[i];
        if (c == ',')
        {
            _pos += i + 1;
            return FieldEnd.Comma;
        }
        if (c == '\n')
        {
            _pos += i + 1;
            return FieldEnd.RowEnd;
        }
        if (c == '\r' && rest[i + 1] == '\n')
        {
            _pos += i + 2;
            return FieldEnd.RowEnd;
        }
        _pos += i;
        return FieldEnd.StrayQuote;
    }

    /// <summary>After a malformed field: moves past the end of the current row, counting quotes as RFC 4180 does.</summary>
    public void SkipRow()
    {
        var inQuotes = false;
        while (_pos < _data.Length)
        {
            var k = _data[_pos..].IndexOfAny(s_rowStops);
            if (k < 0)
            {
                _pos = _data.Length;
                return;
            }
            _pos += k + 1;
            if (_data[_pos - 1] == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes)
            {
                return;
            }
        }
    }

    /// <summary>Writes a quoted field's value with each doubled quote made single; returns the length written.</summary>
    public static int Unescape(ReadOnlySpan<byte> escaped, Span<byte> destination)
    {
        var n = 0;
        for (var i = 0; i < escaped.Length; i++)
        {
            destination[n++] = escaped[i];
            if (escaped[i] == '"')
            {
                i++;
            }
        }
        return n;
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> s) => s.Length > 0 && s[^1] == '\r' ? s[..^1] : s;
}
