using System.Runtime.CompilerServices;

namespace CertDesk.Domain.Kpi;

/// <summary>Row boundaries in RFC 4180 data, found without parsing fields (to hand whole rows to parallel workers).</summary>
public static class CsvRows
{
    /// <summary>
    /// For data that starts at a row boundary: the length of its longest prefix made of complete rows, i.e. just past
    /// the last line feed that is outside quotes (quote parity is exact in RFC 4180: a doubled quote toggles twice);
    /// 0 when there is no complete row. Both scans are vectorized.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int CompleteRowsLength(ReadOnlySpan<byte> data)
    {
        var end = data.LastIndexOf((byte)'\n');
        if (end < 0)
        {
            return 0;
        }
        var quotes = data[..end].Count((byte)'"');
        while ((quotes & 1) != 0)
        {
            var previous = data[..end].LastIndexOf((byte)'\n');
            if (previous < 0)
            {
                return 0;
            }
            quotes -= data[previous..end].Count((byte)'"');
            end = previous;
        }
        return end + 1;
    }
}
