using System.Runtime.CompilerServices;
using CertDesk.Domain;
using CertDesk.Domain.Kpi;
using CertDesk.Domain.Staffing;
using CertDesk.Files;
using nietras.SeparatedValues;

namespace CertDesk.Features.Calculations;

/// <summary>What <see cref="ForecastStaffing.Run"/> did: the rows written, or the error lines (and nothing written).</summary>
public sealed record ForecastStaffingResult(long Rows, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>True when the fast way wrote the file (tests check which way a file went).</summary>
    internal bool WentFast { get; init; }
}

/// <summary>
/// <c>staff --forecast</c>: every row of a forecast file (<c>queue,interval_start,calls,aht_seconds</c>) to the same row
/// plus <c>agents,staff_with_shrinkage,service_level,asa_seconds,occupancy</c> (and <c>prob_abandon</c> under Erlang A).
/// </summary>
/// <remarks>
/// The usual file goes the fast way (ForecastStaffing.Fast.cs: UTF-8 blocks on every core); any other, the careful way here.
/// Both stream, so that memory stays flat whatever the file's length: rows are read a chunk at a time (Sep, straight from
/// the file), each chunk is solved in one <see cref="StaffingSolver.SolveMany"/> call and written to a temporary file
/// beside the target. The first bad row stops the solving and writing but not the reading, so that every bad row is
/// named; the temporary file is then deleted, and the target is replaced only when the whole file was good.
/// </remarks>
public static partial class ForecastStaffing
{
    public static readonly string[] Columns = ["queue", "interval_start", "calls", "aht_seconds"];

    /// <summary>Rows solved and written together: enough to keep the solver's vector lanes busy, small enough to stay in cache.</summary>
    private const int ChunkRows = 8192;

    /// <summary>Error lines listed at most; the rest are counted in one more line.</summary>
    public const int MaxListedErrors = 100;

    public static ForecastStaffingResult Run(string inPath, string outPath, string fileName, decimal intervalSeconds, StaffingTargets targets,
        CancellationToken ct = default) => Run(inPath, outPath, fileName, intervalSeconds, targets, fastPath: true, ct);

    /// <param name="fastPath">False sends every file the careful way (tests compare both ways on the same files).</param>
    internal static ForecastStaffingResult Run(string inPath, string outPath, string fileName, decimal intervalSeconds, StaffingTargets targets,
        bool fastPath, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var errors = new List<string>();
        long errorCount = 0;
        void Error(string line)
        {
            if (++errorCount <= MaxListedErrors)
            {
                errors.Add(line);
            }
        }

        var full = Path.GetFullPath(outPath);
        var temporary = OutputFile.TemporaryFor(full);
        long written = 0;
        try
        {
            if (fastPath && TryRunFast(inPath, temporary, intervalSeconds, targets, ct) is { } rows)
            {
                OutputFile.Replace(temporary, full);
                return new ForecastStaffingResult(rows, []) { WentFast = true };
            }
            using (var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromFile(inPath))
            {
                var header = reader.Header.ColNames.Select(c => c.Trim()).ToArray();
                var missing = Columns.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
                if (missing.Count > 0)
                {
                    return new ForecastStaffingResult(0, [$"{fileName}: row 1: missing column(s) {string.Join(", ", missing)}; expected {string.Join(",", Columns)}"]);
                }
                var index = Columns.Select(c => Array.IndexOf(header, c)).ToArray();
                var erlangA = targets.PatienceSeconds is not null;
                using var writer = new StreamWriter(temporary, false, new UTF8Encoding(false), 1 << 16);
                writer.Write(string.Join(',', OutputColumns(erlangA)));
                writer.Write(CsvTable.RecordEnd);
                // Two chunks: one filled by this thread while the other is solved and written on another core (the
                // reading and the solving-and-writing take about as long each: 0.23 and 0.22 s of a year of 20 queues).
                // One chunk is handed over at a time, after the previous one is written, so the rows keep their order.
                var chunk = new Chunk();
                var spare = new Chunk();
                Task<int>? solving = null;
                void HandOver()
                {
                    written += solving?.GetAwaiter().GetResult() ?? 0;
                    var full = chunk;
                    solving = Task.Run(() => full.SolveAndWrite(writer, intervalSeconds, targets, erlangA), CancellationToken.None);
                    (chunk, spare) = (spare, full);
                }
                var dates = default(DateCache);
                try
                {
                    foreach (var record in reader)
                    {
                        ct.ThrowIfCancellationRequested();
                        var row = record.LineNumberFrom;
                        if (record.ColCount != header.Length)
                        {
                            Error($"{fileName}: row {row}: has {record.ColCount} fields, the header has {header.Length}");
                            continue;
                        }
                        var queue = record[index[0]].Span.Trim();
                        var start = record[index[1]].Span.Trim();
                        var callsText = record[index[2]].Span.Trim();
                        var ahtText = record[index[3]].Span.Trim();
                        var before = errorCount;
                        if (queue.IsEmpty)
                        {
                            Error($"{fileName}: row {row}, field queue: is empty");
                        }
                        if (!IsDateTime(start, ref dates))
                        {
                            Error($"{fileName}: row {row}, field interval_start: {Files.ImportRules.Quote(start.ToString())} is not an ISO 8601 date-time");
                        }
                        var callsOk = TryNumber(callsText, out var calls);
                        if (!callsOk || calls < 0)
                        {
                            Error($"{fileName}: row {row}, field calls: {Files.ImportRules.Quote(callsText.ToString())} is not a number >= 0");
                        }
                        var ahtOk = TryNumber(ahtText, out var aht);
                        if (!ahtOk || aht <= 0)
                        {
                            Error($"{fileName}: row {row}, field aht_seconds: {Files.ImportRules.Quote(ahtText.ToString())} is not a number > 0");
                        }
                        if (errorCount == before && (double)calls * (double)aht / (double)intervalSeconds > StaffingSolver.MaxTraffic)
                        {
                            Error($"{fileName}: row {row}, field calls: traffic (calls x aht / interval) above {StaffingSolver.MaxTraffic:0} erlangs is not supported");
                        }
                        if (errorCount > 0)
                        {
                            continue; // nothing more is solved or written; the reading goes on to name every bad row
                        }
                        // A row without a quote character has no field that needs quoting on the way out.
                        chunk.Add(queue, start, callsText, ahtText, new ForecastInterval(calls, aht), plain: !record.Span.Contains('"'));
                        if (chunk.Count == ChunkRows)
                        {
                            HandOver();
                        }
                    }
                    if (errorCount == 0)
                    {
                        HandOver();
                    }
                    written += solving?.GetAwaiter().GetResult() ?? 0;
                    solving = null;
                }
                finally
                {
                    // The reading stopped on an exception: the chunk in hand still finishes before the file is closed, and
                    // the reading's exception is the one that goes on (not one of the task's).
                    try
                    {
                        solving?.Wait(CancellationToken.None);
                    }
                    catch (AggregateException)
                    {
                        // the task failed too: the reading's exception is the one that goes on
                    }
                }
            }
            if (errorCount > 0)
            {
                if (errorCount > errors.Count)
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture, $"{fileName}: {errorCount - errors.Count} more errors not shown ({errorCount} in all)"));
                }
                return new ForecastStaffingResult(0, errors);
            }
            OutputFile.Replace(temporary, full);
            return new ForecastStaffingResult(written, []);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// An ISO 8601 date-time. The usual shape (date, time, Z or an offset) goes through the CDR importer's parser on the
    /// ASCII bytes, which remembers the last date; anything else (no offset, a date alone) through the framework's parser,
    /// which is many times slower per row and is what a year of rows spent most of its time in.
    /// </summary>
    private static bool IsDateTime(ReadOnlySpan<char> text, ref DateCache dates)
    {
        Span<byte> ascii = stackalloc byte[40];
        if (text.Length <= ascii.Length && Ascii.FromUtf16(text, ascii, out var length) == System.Buffers.OperationStatus.Done
            && CdrTimestamp.TryParseUtcTicks(ascii[..length], ref dates, out _) == TimestampStatus.Ok)
        {
            return true;
        }
        return text.Length >= 10 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _);
    }

    /// <summary>A plain number: whole numbers (most forecast values) without the decimal parser's cost.</summary>
    private static bool TryNumber(ReadOnlySpan<char> text, out decimal value)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var whole))
        {
            value = whole;
            return true;
        }
        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    private static string[] OutputColumns(bool erlangA) => erlangA
        ? ["queue", "interval_start", "calls", "aht_seconds", "agents", "staff_with_shrinkage", "service_level", "asa_seconds", "occupancy", "prob_abandon"]
        : ["queue", "interval_start", "calls", "aht_seconds", "agents", "staff_with_shrinkage", "service_level", "asa_seconds", "occupancy"];

    /// <summary>
    /// The rows waiting to be solved: their four texts as read (trimmed) in one character buffer, so that a row costs no
    /// string, and the intervals for the solver.
    /// </summary>
    private sealed class Chunk
    {
        private readonly ForecastInterval[] _intervals = new ForecastInterval[ChunkRows];
        private readonly StaffingResult[] _results = new StaffingResult[ChunkRows];
        private readonly (int Start, int Length)[] _texts = new (int, int)[ChunkRows * 4];
        private readonly bool[] _plain = new bool[ChunkRows];
        private char[] _chars = new char[ChunkRows * 64];
        private readonly (ForecastInterval Interval, string? Text)[] _answers = new (ForecastInterval, string?)[AnswerSlots];
        private char[] _out = new char[ChunkRows * 96];
        private int _outUsed;
        /// <summary>Answer texts remembered: a slot per hash, the last interval that landed there (memory stays flat).</summary>
        internal const int AnswerBits = 14;
        internal const int AnswerSlots = 1 << AnswerBits;
        private int _used;

        public int Count { get; private set; }

        /// <param name="plain">No field needs quoting: the four texts are then written as kept, commas and all.</param>
        public void Add(ReadOnlySpan<char> queue, ReadOnlySpan<char> start, ReadOnlySpan<char> calls, ReadOnlySpan<char> aht, ForecastInterval interval, bool plain)
        {
            var at = Count * 4;
            Keep(at, queue, ',');
            Keep(at + 1, start, ',');
            Keep(at + 2, calls, ',');
            Keep(at + 3, aht, null);
            _plain[Count] = plain;
            _intervals[Count++] = interval;
        }

        private void Keep(int slot, ReadOnlySpan<char> text, char? separator)
        {
            if (_used + text.Length + 1 > _chars.Length)
            {
                Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + text.Length + 1));
            }
            text.CopyTo(_chars.AsSpan(_used));
            _texts[slot] = (_used, text.Length);
            _used += text.Length;
            if (separator is { } comma)
            {
                _chars[_used++] = comma;
            }
        }

        private ReadOnlySpan<char> Text(int row, int column)
        {
            var (start, length) = _texts[(row * 4) + column];
            return _chars.AsSpan(start, length);
        }

        /// <summary>",agents,staff_with_shrinkage,service_level,asa_seconds,occupancy[,prob_abandon]" as written after the input.</summary>
        /// <remarks>Doubles as their shortest round-trip text (the invariant default, what "R" gives).</remarks>
        internal static string AnswerText(StaffingResult r, bool erlangA)
        {
            var text = string.Create(CultureInfo.InvariantCulture,
                $",{r.Agents},{r.StaffWithShrinkage},{r.ServiceLevel},{r.AsaSeconds},{r.Occupancy}");
            return erlangA ? text + string.Create(CultureInfo.InvariantCulture, $",{r.ProbAbandon}") : text;
        }

        /// <summary>Makes room for <paramref name="length"/> more characters of output and returns them.</summary>
        private Span<char> Reserve(int length)
        {
            if (_outUsed + length > _out.Length)
            {
                Array.Resize(ref _out, Math.Max(_out.Length * 2, _outUsed + length));
            }
            var room = _out.AsSpan(_outUsed, length);
            _outUsed += length;
            return room;
        }

        private void Append(ReadOnlySpan<char> text) => text.CopyTo(Reserve(text.Length));

        /// <summary>A field as RFC 4180 writes it: quoted, with its quotes doubled, when it holds a comma, quote or line break.</summary>
        private void AppendField(ReadOnlySpan<char> value)
        {
            if (value.IndexOfAny(NeedsQuotes) < 0)
            {
                Append(value);
                return;
            }
            Append("\"");
            foreach (var c in value)
            {
                Append(c == '"' ? "\"\"" : new ReadOnlySpan<char>(in c));
            }
            Append("\"");
        }

        /// <summary>The row's four input texts, comma-separated: one copy of them as kept when none needs quotes (the usual row).</summary>
        private void AppendInput(int row)
        {
            if (_plain[row])
            {
                var (first, _) = _texts[row * 4];
                var (last, lastLength) = _texts[(row * 4) + 3];
                Append(_chars.AsSpan(first, last + lastLength - first));
                return;
            }
            for (var c = 0; c < 4; c++)
            {
                if (c > 0)
                {
                    Append(",");
                }
                AppendField(Text(row, c));
            }
        }

        private static readonly System.Buffers.SearchValues<char> NeedsQuotes = System.Buffers.SearchValues.Create(",\"\r\n");

        /// <summary>Solves the waiting rows, writes them and empties the chunk; returns the rows written.</summary>
        /// <remarks>
        /// Each row is written as one line of text rather than through Sep's writer: setting nine columns a row through it
        /// cost about 0.6 s of a year's 0.9 s (measured), while the line is the four input texts (quoted when they need it)
        /// and the answer's text, made once per distinct interval.
        /// </remarks>
        public int SolveAndWrite(TextWriter writer, decimal intervalSeconds, StaffingTargets targets, bool erlangA)
        {
            var count = Count;
            if (count == 0)
            {
                return 0;
            }
            // Solver time alone (not the reading and writing around it), one measurement per chunk.
            using (Observability.CertDeskTelemetry.MeasureSolver("staffing"))
            {
                StaffingSolver.SolveMany(_intervals.AsSpan(0, count), intervalSeconds, targets, _results);
            }
            for (var i = 0; i < count; i++)
            {
                // Formatting a double as its shortest round-trip text costs far more than solving the interval, and a
                // forecast repeats the same (calls, AHT) pairs all year (1,840 pairs in the 700,800 rows of the benchmark
                // year): the same interval has the same answer, so its text is made once.
                ref var known = ref _answers[Slot(_intervals[i])];
                if (known.Text is null || !SameBits(known.Interval, _intervals[i]))
                {
                    known = (_intervals[i], AnswerText(_results[i], erlangA));
                }
                AppendInput(i);
                Append(known.Text);
                Append(CsvTable.RecordEnd);
            }
            writer.Write(_out, 0, _outUsed);
            _outUsed = 0;
            Count = 0;
            _used = 0;
            return count;
        }

        /// <summary>
        /// Intervals equal bit for bit, and a slot from those bits: decimal's own equality and hash normalize the value
        /// first, a cost on every row. Two spellings of one value ("4" and "4.0") then make their text twice, the same.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static bool SameBits(ForecastInterval x, ForecastInterval y) =>
            Low(x.Calls) == Low(y.Calls) && High(x.Calls) == High(y.Calls) && Low(x.AhtSeconds) == Low(y.AhtSeconds) && High(x.AhtSeconds) == High(y.AhtSeconds);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static int Slot(ForecastInterval interval)
        {
            var mixed = (Low(interval.Calls) ^ High(interval.Calls)) * 0x9E3779B97F4A7C15UL ^ (Low(interval.AhtSeconds) ^ High(interval.AhtSeconds));
            return (int)((mixed * 0x9E3779B97F4A7C15UL) >> (64 - AnswerBits));
        }

        // A decimal's 16 bytes as two 64-bit halves (UInt128's operators are not compiled ahead, and ran unoptimized per row).
        private static ulong Low(decimal value) => Unsafe.As<decimal, ulong>(ref value);

        private static ulong High(decimal value) => Unsafe.Add(ref Unsafe.As<decimal, ulong>(ref value), 1);
    }
}
