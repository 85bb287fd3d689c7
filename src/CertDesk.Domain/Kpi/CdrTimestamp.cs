using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace CertDesk.Domain.Kpi;

/// <summary>Why a timestamp field did not parse.</summary>
public enum TimestampStatus
{
    Ok,
    Malformed,
    MissingOffset,
    OutOfRange,
}

/// <summary>
/// ISO 8601 timestamps with a UTC offset, parsed by hand from UTF-8 bytes: <c>YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM|±HHMM|±HH)</c>
/// (a space is accepted instead of <c>T</c>). The result is UTC ticks since 0001-01-01, like <see cref="DateTime.Ticks"/>.
/// </summary>
public static class CdrTimestamp
{
    private static readonly int[] s_daysBeforeMonth = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
    private const long MaxOffsetTicks = 14 * TimeSpan.TicksPerHour;

    public static TimestampStatus TryParseUtcTicks(ReadOnlySpan<byte> s, out long utcTicks)
    {
        var cache = default(DateCache);
        return TryParseUtcTicks(s, ref cache, out utcTicks);
    }

    /// <summary>
    /// The same, remembering the last valid date part in <paramref name="cache"/>: the timestamps of a CDR row (and of
    /// neighbouring rows) nearly always share their date, which is then neither validated nor converted again.
    /// </summary>
    public static TimestampStatus TryParseUtcTicks(ReadOnlySpan<byte> s, ref DateCache cache, out long utcTicks)
    {
        utcTicks = 0;
        if (s.Length < 19)
        {
            return TimestampStatus.Malformed;
        }

        var head = BinaryPrimitives.ReadUInt64LittleEndian(s);
        var tail = BinaryPrimitives.ReadUInt16LittleEndian(s[8..]);
        long dayTicks;
        if (cache.Valid && cache.Head == head && cache.Tail == tail)
        {
            dayTicks = cache.DayTicks;
        }
        else
        {
            var dateStatus = ParseDate(s, out dayTicks);
            if (dateStatus != TimestampStatus.Ok)
            {
                return dateStatus;
            }
            cache = new DateCache(head, tail, dayTicks, Valid: true);
        }

        var ok = TwoDigits(s, 11, out var hour) & TwoDigits(s, 14, out var minute) & TwoDigits(s, 17, out var second);
        var t = s[10];
        if (!ok || (t != 'T' && t != 't' && t != ' ') || s[13] != ':' || s[16] != ':')
        {
            return TimestampStatus.Malformed;
        }

        var pos = 19;
        long fractionTicks = 0;
        if (pos < s.Length && (s[pos] == '.' || s[pos] == ','))
        {
            pos++;
            var digits = 0;
            long scale = TimeSpan.TicksPerSecond;
            while (pos < s.Length && (uint)(s[pos] - '0') <= 9)
            {
                if (scale > 1)
                {
                    scale /= 10;
                    fractionTicks += (s[pos] - '0') * scale;
                }
                pos++;
                digits++;
            }
            if (digits == 0)
            {
                return TimestampStatus.Malformed;
            }
        }

        if (pos == s.Length)
        {
            return TimestampStatus.MissingOffset;
        }

        long offsetTicks;
        var sign = s[pos];
        if (sign == 'Z' || sign == 'z')
        {
            offsetTicks = 0;
            pos++;
        }
        else if (sign == '+' || sign == '-')
        {
            pos++;
            if (!TwoDigits(s, pos, out var offsetHours))
            {
                return TimestampStatus.Malformed;
            }
            pos += 2;
            var offsetMinutes = 0;
            if (pos < s.Length)
            {
                if (s[pos] == ':')
                {
                    pos++;
                }
                if (!TwoDigits(s, pos, out offsetMinutes))
                {
                    return TimestampStatus.Malformed;
                }
                pos += 2;
            }
            if (offsetMinutes > 59)
            {
                return TimestampStatus.OutOfRange;
            }
            offsetTicks = (offsetHours * 60L + offsetMinutes) * TimeSpan.TicksPerMinute;
            if (offsetTicks > MaxOffsetTicks)
            {
                return TimestampStatus.OutOfRange;
            }
            if (sign == '-')
            {
                offsetTicks = -offsetTicks;
            }
        }
        else
        {
            return TimestampStatus.Malformed;
        }

        if (pos != s.Length)
        {
            return TimestampStatus.Malformed;
        }
        if (hour > 23 || minute > 59 || second > 59)
        {
            return TimestampStatus.OutOfRange;
        }

        var local = dayTicks + hour * TimeSpan.TicksPerHour + minute * TimeSpan.TicksPerMinute + second * TimeSpan.TicksPerSecond + fractionTicks;
        utcTicks = local - offsetTicks;
        return utcTicks < 0 || utcTicks > DateTime.MaxValue.Ticks ? TimestampStatus.OutOfRange : TimestampStatus.Ok;
    }

    /// <summary>
    /// The two shapes nearly every CDR uses, <c>YYYY-MM-DDTHH:MM:SS±HH:MM</c> and <c>YYYY-MM-DDTHH:MM:SSZ</c>, with the date
    /// part and the offset remembered in <paramref name="cache"/> and the time of day checked and read eight bytes at once.
    /// True gives exactly what <see cref="TryParseUtcTicks(ReadOnlySpan{byte}, ref DateCache, out long)"/> gives; false means
    /// "not decided here": another shape, or something to reject, which the general parser then names.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseCommon(ReadOnlySpan<byte> s, ref TimestampCache cache, out long utcTicks)
    {
        utcTicks = 0;
        long offsetTicks;
        if (s.Length == 25)
        {
            var key = BinaryPrimitives.ReadUInt32LittleEndian(s[19..]) | ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(s[23..]) << 32);
            if (cache.OffsetValid && cache.OffsetKey == key)
            {
                offsetTicks = cache.OffsetTicks;
            }
            else
            {
                var sign = s[19];
                if ((sign != '+' && sign != '-') || s[22] != ':' || !TwoDigits(s, 20, out var hours) || !TwoDigits(s, 23, out var minutes) || minutes > 59)
                {
                    return false;
                }
                offsetTicks = (hours * 60L + minutes) * TimeSpan.TicksPerMinute;
                if (offsetTicks > MaxOffsetTicks)
                {
                    return false;
                }
                offsetTicks = sign == '-' ? -offsetTicks : offsetTicks;
                cache.OffsetKey = key;
                cache.OffsetTicks = offsetTicks;
                cache.OffsetValid = true;
            }
        }
        else if (s.Length == 20 && (s[19] | 0x20) == 'z')
        {
            offsetTicks = 0;
        }
        else
        {
            return false;
        }

        var head = BinaryPrimitives.ReadUInt64LittleEndian(s);
        var tail = BinaryPrimitives.ReadUInt16LittleEndian(s[8..]);
        long dayTicks;
        if (cache.Date.Valid && cache.Date.Head == head && cache.Date.Tail == tail)
        {
            dayTicks = cache.Date.DayTicks;
        }
        else
        {
            if (ParseDate(s, out dayTicks) != TimestampStatus.Ok)
            {
                return false;
            }
            cache.Date = new DateCache(head, tail, dayTicks, Valid: true);
        }

        var t = s[10];
        if (t != 'T' && t != ' ' && t != 't')
        {
            return false;
        }
        // "HH:MM:SS" XOR "00:00:00": digits become 0-9 and colons 0; any other byte is above 9.
        var x = BinaryPrimitives.ReadUInt64LittleEndian(s[11..]) ^ 0x3030_3A30_303A_3030UL;
        if ((((x + 0x7676_7676_7676_7676UL) | x) & 0x8080_8080_8080_8080UL) != 0 || (x & 0x0000_FF00_00FF_0000UL) != 0)
        {
            return false;
        }
        var hour = (long)((x & 0xFF) * 10 + ((x >> 8) & 0xFF));
        var minute = (long)(((x >> 24) & 0xFF) * 10 + ((x >> 32) & 0xFF));
        var second = (long)(((x >> 48) & 0xFF) * 10 + (x >> 56));
        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        var utc = dayTicks + hour * TimeSpan.TicksPerHour + minute * TimeSpan.TicksPerMinute + second * TimeSpan.TicksPerSecond - offsetTicks;
        if (utc < 0 || utc > DateTime.MaxValue.Ticks)
        {
            return false;
        }
        utcTicks = utc;
        return true;
    }

    /// <summary><c>YYYY-MM-DD</c> at the start of <paramref name="s"/> as ticks at midnight.</summary>
    private static TimestampStatus ParseDate(ReadOnlySpan<byte> s, out long dayTicks)
    {
        dayTicks = 0;
        var ok = TwoDigits(s, 0, out var century) & TwoDigits(s, 2, out var yearInCentury) & TwoDigits(s, 5, out var month) & TwoDigits(s, 8, out var day);
        if (!ok || s[4] != '-' || s[7] != '-')
        {
            return TimestampStatus.Malformed;
        }
        var year = century * 100 + yearInCentury;
        if (year < 1 || month < 1 || month > 12)
        {
            return TimestampStatus.OutOfRange;
        }
        var leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
        var daysInMonth = s_daysBeforeMonth[month] - s_daysBeforeMonth[month - 1] + (leap && month == 2 ? 1 : 0);
        if (day < 1 || day > daysInMonth)
        {
            return TimestampStatus.OutOfRange;
        }
        var y = year - 1;
        long days = y * 365L + y / 4 - y / 100 + y / 400 + s_daysBeforeMonth[month - 1] + (leap && month > 2 ? 1 : 0) + day - 1;
        dayTicks = days * TimeSpan.TicksPerDay;
        return TimestampStatus.Ok;
    }

    /// <summary>The reason, for an error message.</summary>
    public static string Describe(TimestampStatus status) => status switch
    {
        TimestampStatus.MissingOffset => "timestamp has no UTC offset (expected e.g. 2024-03-10T08:15:00-05:00 or ...Z)",
        TimestampStatus.OutOfRange => "timestamp out of range",
        _ => "not an ISO 8601 timestamp with offset (expected e.g. 2024-03-10T08:15:00-05:00)",
    };

    private static bool TwoDigits(ReadOnlySpan<byte> s, int at, out int value)
    {
        if ((uint)(at + 1) >= (uint)s.Length)
        {
            value = 0;
            return false;
        }
        var hi = (uint)(s[at] - '0');
        var lo = (uint)(s[at + 1] - '0');
        value = (int)(hi * 10 + lo);
        return hi <= 9 && lo <= 9;
    }
}

/// <summary>The last date part parsed by <see cref="CdrTimestamp.TryParseUtcTicks(ReadOnlySpan{byte}, ref DateCache, out long)"/>.</summary>
public readonly record struct DateCache(ulong Head, ushort Tail, long DayTicks, bool Valid);

/// <summary>What <see cref="CdrTimestamp.TryParseCommon"/> remembers between calls: the last date part and the last offset.</summary>
public struct TimestampCache
{
    public DateCache Date;
    public ulong OffsetKey;
    public long OffsetTicks;
    public bool OffsetValid;
}
