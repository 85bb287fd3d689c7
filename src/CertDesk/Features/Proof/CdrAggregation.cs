using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CertDesk.Domain.Kpi;
using CertDesk.Files;
using Microsoft.Win32.SafeHandles;

namespace CertDesk.Features.Proof;

/// <summary>
/// The outcome of <see cref="CdrAggregation.Run"/>: either the counts written, or the error lines (nothing written). With
/// accept-valid, a success may carry error lines too: the rows left out, counted in <see cref="Rejected"/> and listed whole
/// (with a reason column) in <see cref="RejectedCsv"/>.
/// </summary>
public sealed record CdrAggregationResult(bool Succeeded, IReadOnlyList<string> Errors, long Contacts, long Facts, long Rejected = 0, string? RejectedCsv = null);

/// <summary>
/// How many (team, interval) cells the workers of one aggregation keep in memory in all, and where the cells beyond go
/// (temporary run files, deleted at the end). A cell takes about 125 bytes in memory: the default budget of
/// <see cref="DefaultCellBudget"/> cells is about 96 MB. The environment variable <see cref="BudgetVariable"/> (not
/// documented for users: for tests and benchmarks) sets another budget.
/// </summary>
public sealed record CdrSpillOptions(int CellBudget, string Directory)
{
    public const int DefaultCellBudget = 3 << 18;

    public const string BudgetVariable = "CERTDESK_KPI_CELL_BUDGET";

    /// <summary>Called on the worker's thread after each spill (tests count the runs, or cancel in the middle).</summary>
    internal Action? AfterSpill { get; init; }

    /// <summary>
    /// How many contact-id hashes (8 bytes each) an import's workers keep in memory in all before they write theirs to a
    /// temporary file (<c>import cdr</c> checks each id once): 16 MB by default, the ids of 2 million rows, allocated at
    /// the read's start (a small file touches few of its pages: a 10,000-row import peaks at 28 MB). Measured when the
    /// hashes were kept in growing chunks: with 64 MB the five-year file peaked at 333 MB and the 10-million-row file at
    /// 152 MB; with 16 MB, 263 and 99 MB, and both imports were faster (fewer fresh pages to fault in than hashes to write
    /// and read back). In fixed slices since: 198 and 86 MB.
    /// </summary>
    public int ContactIdBudget { get; init; } = 2 << 20;

    /// <summary>Called on the worker's thread after its contact-id hashes went to the file (tests).</summary>
    internal Action? AfterContactIdSpill { get; init; }

    /// <summary>The budget from <see cref="BudgetVariable"/> when it holds a positive whole number, else the default; the system's temporary directory.</summary>
    public static CdrSpillOptions FromEnvironment() =>
        new(int.TryParse(Environment.GetEnvironmentVariable(BudgetVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var budget) && budget > 0
            ? budget : DefaultCellBudget, Path.GetTempPath());
}

/// <summary>
/// <c>kpi aggregate</c>: a <c>cdr</c> file to an <c>intervals</c> file, streaming, all or nothing.
/// </summary>
/// <remarks>
/// Workers, one per core, take turns at cutting the next block: about 4 MiB read into the worker's own buffer from where
/// the last block ended, cut at its last row boundary (<see cref="CsvRows.CompleteRowsLength"/>, a vectorized
/// quote-parity scan, done under a lock so that each block starts at a row boundary). Each worker then validates and
/// aggregates its block with its own <see cref="CdrBlockParser"/> and <see cref="IntervalAggregator"/> (merged at the
/// end), so the resident memory is the buffers (about workers x 4 MiB) plus the (team, interval) cells, whatever the
/// file size.
/// The cells are bounded too: when a worker's table reaches its share of the cell budget (<see cref="CdrSpillOptions"/>)
/// it is written to a temporary file as a sorted run and emptied (<see cref="CellSpill"/>); at the end the runs and the
/// tables still in memory are merged in the output's order (<see cref="CellMerge"/>) and streamed to the writer. When the
/// cells fit (the usual case) nothing is spilled and only the tables are merged.
/// Errors carry block-relative row and line numbers, made absolute once every block is parsed. The output goes to a
/// temporary file renamed over the target only when the whole input is valid.
/// </remarks>
public static class CdrAggregation
{
    public const int BlockSize = 4 << 20;

    /// <summary>A single row may grow a block up to this size; beyond it the file is taken as broken (an unclosed quote).</summary>
    public const int MaxRowBytes = 64 << 20;

    /// <summary>Error lines printed at most; the rest are counted in one more line.</summary>
    public const int MaxListedErrors = 100;

    private sealed record BlockOutcome(CdrBlockResult Result, List<CdrRowError> Errors, List<CdrRejectedRow>? Rejected);

    public static CdrAggregationResult Run(string cdrPath, string outPath, KpiSettings settings, string? displayName = null,
        int? workerCount = null, CancellationToken ct = default, CdrSpillOptions? spill = null)
    {
        var (result, cells) = AggregateOnce(cdrPath, settings, displayName, workerCount, ct, acceptValid: false, null, spill);
        using (cells)
        {
            return cells is null ? result : result with { Facts = WriteAtomically(outPath, cells.Merge(), ct) };
        }
    }

    /// <summary>
    /// The same streaming aggregation for <c>import cdr</c>: the outcome and, when the file is valid (or accept-valid), its
    /// cells not merged yet (<see cref="CdrCells"/>), so the import streams the facts into the database in the output's
    /// order instead of holding them all (nineteen million facts for five years of 300 teams). The outcome's
    /// <see cref="CdrAggregationResult.Facts"/> is 0: the facts are counted as they are merged.
    /// </summary>
    /// <remarks>
    /// With <paramref name="acceptValid"/> the invalid rows are left out instead of failing the whole file: the facts are those of
    /// the valid rows, and the result lists the rejected rows (a bad header, or a row longer than <see cref="MaxRowBytes"/>,
    /// still fails everything).
    /// <para><paramref name="fileHash"/>, when given, is fed every byte of the file in order as the first read cuts its blocks,
    /// so an import has its file's key without a second read: the whole file when the aggregation succeeds.</para>
    /// <para>With <paramref name="uniqueContactIds"/> (imports) a <c>contact_id</c> that repeats an earlier row's is an error on
    /// that row (so a contact is never counted twice). The first pass keeps no id when the ids ascend, else only a 64-bit hash
    /// of each (8 bytes a row; see <see cref="FirstPassIds"/>); only when two hashes meet does a second, sequential pass
    /// compare the ids themselves and name the rows, in file order.</para>
    /// </remarks>
    public static (CdrAggregationResult Result, CdrCells? Cells) Read(string cdrPath, KpiSettings settings, string? displayName = null,
        int? workerCount = null, CancellationToken ct = default, bool acceptValid = false, bool uniqueContactIds = false,
        CdrSpillOptions? spill = null, NonCryptographicHashAlgorithm? fileHash = null)
    {
        if (!uniqueContactIds)
        {
            return AggregateOnce(cdrPath, settings, displayName, workerCount, ct, acceptValid, null, spill, fileHash);
        }
        var options = spill ?? CdrSpillOptions.FromEnvironment();
        using var firstPass = new FirstPassIds(options);
        var (result, cells) = AggregateOnce(cdrPath, settings, displayName, workerCount, ct, acceptValid, firstPass, options, fileHash);
        HashSet<ulong> candidates;
        try
        {
            candidates = result.Succeeded ? firstPass.Repeated() : [];
        }
        catch
        {
            cells?.Dispose();
            throw;
        }
        if (candidates.Count > 0)
        {
            // Some hashes meet: read the file again on one worker, in file order, refusing each row whose id repeats an earlier one.
            cells?.Dispose();
            (result, cells) = AggregateOnce(cdrPath, settings, displayName, 1, ct, acceptValid, new RepeatedContactIds(candidates), options);
        }
        return (result, cells);
    }

    /// <summary>
    /// One read of the file; when it is valid (or accept-valid), its cells, to be merged in the output's order by the caller,
    /// who disposes of them (their temporary run files, if any, go with them).
    /// </summary>
    private static (CdrAggregationResult Result, CdrCells? Cells) AggregateOnce(string cdrPath, KpiSettings settings, string? displayName,
        int? workerCount, CancellationToken ct, bool acceptValid, ContactIdRule? ids, CdrSpillOptions? spillOptions,
        NonCryptographicHashAlgorithm? fileHash = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var name = displayName ?? Path.GetFileName(cdrPath);
        if (!File.Exists(cdrPath))
        {
            return (Fail($"{name}: file not found"), null);
        }

        using var file = File.OpenHandle(cdrPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(file);
        var headerErrors = new List<string>();
        CdrHeader? header;
        int consumed;
        long headerLineBreaks;
        {
            var first = new byte[(int)Math.Min(length, BlockSize)];
            if (!RowBlocks.ReadFully(file, first, 0))
            {
                return (Fail($"{name}: {FileShrank}"), null);
            }
            header = CdrHeader.TryParse(first, first.Length == length, out consumed, headerErrors);
            headerLineBreaks = first.AsSpan(0, consumed).Count((byte)'\n');
            fileHash?.Append(first.AsSpan(0, consumed)); // the header; the cutter feeds the rest
        }
        if (header is null)
        {
            return (new CdrAggregationResult(false, headerErrors.Select(e => $"{name}: {e}").ToList(), 0, 0), null);
        }

        var workers = Math.Clamp(workerCount ?? Environment.ProcessorCount, 1, 16);
        var options = spillOptions ?? CdrSpillOptions.FromEnvironment();
        // Each worker's share of the budget; it spills a little before its table is full, so that the cells a block adds
        // after the check (a 4 MiB block has some 30,000 rows) still fit without growing the table.
        var cellsPerWorker = Math.Max(1, options.CellBudget / workers);
        var spillAt = Math.Max(1, cellsPerWorker - cellsPerWorker / 8);
        var cutter = new RowBlocks(file, length, consumed, BlockSize, MaxRowBytes, fileHash);
        var outcomes = new ConcurrentDictionary<long, BlockOutcome>();
        var aggregators = new IntervalAggregator[workers];
        var parsers = new CdrBlockParser[workers];
        var spills = new CellSpill?[workers];
        var tables = new SortedCells[workers];
        for (var w = 0; w < workers; w++)
        {
            aggregators[w] = new IntervalAggregator(settings) { CellCapacityLimit = cellsPerWorker };
            parsers[w] = new CdrBlockParser(header, aggregators[w]) { MaxListedErrors = MaxListedErrors, ContactIds = ids?.Watch(workers) };
        }
        (CdrAggregationResult Result, CdrCells? Cells) outcome = default;
        try
        {
            outcome = ParseAll();
            return outcome;
        }
        finally
        {
            if (outcome.Cells is null) // otherwise the cells own the run files now
            {
                foreach (var runs in spills)
                {
                    runs?.Dispose();
                }
            }
        }

        void Work(int w)
        {
            var parser = parsers[w];
            var watch = parser.ContactIds as BlockWatch;
            var buffer = new byte[BlockSize];
            while (!ct.IsCancellationRequested && cutter.Next(ref buffer) is { } block)
            {
                var errors = new List<CdrRowError>();
                var rejected = acceptValid ? new List<CdrRejectedRow>() : null;
                watch?.BlockStarting();
                var result = parser.Parse(buffer.AsSpan(0, block.Length), errors, rejected);
                outcomes[block.Sequence] = new BlockOutcome(result, errors, rejected);
                watch?.BlockDone(block, result);
                if (buffer.Length > BlockSize)
                {
                    buffer = new byte[BlockSize]; // a row longer than a block grew it: the memory goes back with it
                }
                if (aggregators[w].CellCount >= spillAt)
                {
                    (spills[w] ??= new CellSpill(options.Directory)).Write(aggregators[w]);
                    options.AfterSpill?.Invoke();
                }
            }
            if (!ct.IsCancellationRequested)
            {
                tables[w] = aggregators[w].TakeSortedCells(); // here, on every worker at once, not after them on one
            }
        }

        // Blocks the contact-id rule must see again (their ids were not kept the first time): parsed on every worker at once,
        // each through its own watch, into a scratch aggregator whose cells are thrown away. False when a block no longer
        // reads as it did (fewer bytes, or other rows: another program wrote to the file in between).
        bool ReadAgain(IReadOnlyList<RowBlock> blocks)
        {
            var next = -1;
            var same = true;
            Parallel.For(0, workers, new ParallelOptions { CancellationToken = ct }, w =>
            {
                var scratch = new IntervalAggregator(settings);
                var parser = new CdrBlockParser(header, scratch) { MaxListedErrors = MaxListedErrors, ContactIds = parsers[w].ContactIds };
                var watch = parser.ContactIds as BlockWatch;
                var buffer = Array.Empty<byte>();
                for (var i = Interlocked.Increment(ref next); i < blocks.Count && Volatile.Read(ref same) && !ct.IsCancellationRequested;
                    i = Interlocked.Increment(ref next))
                {
                    var block = blocks[i];
                    if (buffer.Length < block.Length)
                    {
                        buffer = new byte[block.Length];
                    }
                    watch?.BlockStarting();
                    if (!RowBlocks.ReadFully(file, buffer.AsSpan(0, block.Length), block.Offset)
                        || parser.Parse(buffer.AsSpan(0, block.Length), []) != outcomes[block.Sequence].Result)
                    {
                        Volatile.Write(ref same, false);
                        return;
                    }
                    scratch.ClearCells();
                }
            });
            ct.ThrowIfCancellationRequested();
            return same;
        }

        (CdrAggregationResult, CdrCells?) ParseAll()
        {
            var others = new Task[workers - 1];
            for (var w = 1; w < workers; w++)
            {
                var worker = w;
                others[w - 1] = Task.Factory.StartNew(() => Work(worker), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            try
            {
                Work(0);
            }
            finally
            {
                cutter.Stop();
                Task.WaitAll(others, CancellationToken.None);
            }
            ct.ThrowIfCancellationRequested();
            var sequence = cutter.Blocks;
            var readError = cutter.TooLongRow ? $"{name}: a row is longer than {MaxRowBytes >> 20} MiB after row {{0}}; is a quote never closed?"
                : cutter.Shrank ? $"{name}: {FileShrank} (after row {{0}})" : null;

            // Block-relative rows and lines to file rows and lines, in file order. Rows are numbered as a spreadsheet shows them:
            // the header is row 1, so the rows before the first block's are that one.
            var lines = new List<string>();
            long rowsBefore = HeaderRows;
            var lineBreaksBefore = headerLineBreaks;
            long errorCount = 0;
            var rejectedRows = new List<(string[] Raw, IEnumerable<string> Errors)>();
            for (long s = 0; s < sequence; s++)
            {
                var outcome = outcomes[s];
                foreach (var r in outcome.Rejected ?? [])
                {
                    var where = string.Create(CultureInfo.InvariantCulture, $"{name}: row {rowsBefore + r.Row} (line {lineBreaksBefore + r.Line}), ");
                    rejectedRows.Add((r.Fields(), r.Reasons.Select(reason => where + reason)));
                }
                foreach (var e in outcome.Errors)
                {
                    if (lines.Count < MaxListedErrors)
                    {
                        lines.Add(string.Create(CultureInfo.InvariantCulture,
                            $"{name}: row {rowsBefore + e.Row} (line {lineBreaksBefore + e.Line}), field {e.Field}: {e.Reason}"));
                    }
                }
                errorCount += outcome.Result.Errors;
                rowsBefore += outcome.Result.Rows;
                lineBreaksBefore += outcome.Result.LineBreaks;
            }
            if (readError is not null)
            {
                lines.Add(string.Format(CultureInfo.InvariantCulture, readError, rowsBefore));
                errorCount++;
            }
            if (errorCount > lines.Count)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: {errorCount - lines.Count} more errors not shown ({errorCount} in all)"));
            }
            if (lines.Count > 0 && (!acceptValid || readError is not null))
            {
                return (new CdrAggregationResult(false, lines, rowsBefore - HeaderRows, 0), null);
            }
            if (ids?.BlocksToReadAgain() is { Count: > 0 } again && !ReadAgain(again))
            {
                return (Fail($"{name}: {FileChanged}"), null);
            }

            var (teams, rankOf) = IntervalAggregator.RankTeams(aggregators);
            var sources = new List<CellSource>();
            for (var w = 0; w < workers; w++)
            {
                sources.AddRange(spills[w]?.Readers(rankOf[w]) ?? []);
                sources.Add(new TableCells(tables[w], rankOf[w]));
            }
            var cells = new CdrCells(sources, teams, settings.IntervalTicks, spills, length);
            var rejectedCsv = rejectedRows.Count > 0
                ? CsvTable.Rejected([.. header.FieldColumns.ToArray().Select(CdrColumns.NameOf)], rejectedRows)
                : null;
            return (new CdrAggregationResult(true, lines, rowsBefore - HeaderRows, 0, rejectedRows.Count, rejectedCsv), cells);
        }
    }

    private const string FileShrank = "the file got shorter while it was read; was another program writing to it?";

    private const string FileChanged = "the file changed while it was read; was another program writing to it?";

    /// <summary>The header: row 1 of the file, as a spreadsheet numbers rows.</summary>
    private const long HeaderRows = 1;

    /// <summary>How a read checks contact ids: a watch for each worker, and the blocks to see again once every block is read.</summary>
    private abstract class ContactIdRule
    {
        public abstract BlockWatch Watch(int workers);

        /// <summary>Called once, after the blocks are parsed and found valid.</summary>
        public virtual IReadOnlyList<RowBlock> BlocksToReadAgain() => [];
    }

    /// <summary>A contact-id watch told where each block it sees begins and ends (the blocks of one worker, not in file order).</summary>
    private abstract class BlockWatch : ContactIdWatch
    {
        public virtual void BlockStarting()
        {
        }

        public virtual void BlockDone(RowBlock block, CdrBlockResult result)
        {
        }
    }

    /// <summary>
    /// First pass. Many contact-center platforms number their contacts with a counter and export them in that order, so a
    /// block's ids often ascend: then each block keeps only its first and last id, and when every block's ids ascend and
    /// no two blocks' ranges meet, no id repeats, with nothing hashed or stored (10 million rows: 1.42 s against 1.52 s,
    /// bench/RESULTS-kpi.md). Ids are ordered by length, then byte by byte, so that C9 comes before C10.
    /// The first block whose ids do not ascend (random ids such as UUIDs break in their first rows) turns every block after it
    /// to hashing (<see cref="FirstPassWatch"/>), and the blocks already read without hashing are read again to hash theirs:
    /// for a file of UUIDs, a block or two. Blocks that each ascend but whose ranges meet are all read again, and so are all
    /// but the last when only the last breaks the order: at worst the file is parsed twice, about doubling the read (a
    /// file that repeats an id is then read a third time, to name the rows).
    /// </summary>
    private sealed class FirstPassIds(CdrSpillOptions options) : ContactIdRule, IDisposable
    {
        private readonly ConcurrentBag<FirstPassWatch> _workers = [];
        private readonly ConcurrentQueue<RowBlock> _notHashed = new();
        private readonly ConcurrentBag<(byte[] First, byte[] Last)> _ranges = [];
        private volatile bool _hashing;

        /// <summary>True once a block's ids did not ascend: blocks started from then on hash their ids.</summary>
        public bool Hashing => _hashing;

        public override BlockWatch Watch(int workers)
        {
            var watch = new FirstPassWatch(this, Math.Max(1, options.ContactIdBudget / workers), options.Directory, options.AfterContactIdSpill);
            _workers.Add(watch);
            return watch;
        }

        public void OrderBroken() => _hashing = true;

        /// <summary>A block read without hashing its ids; <paramref name="range"/> its first and last, null when they did not ascend.</summary>
        public void ReadWithoutHashing(RowBlock block, (byte[] First, byte[] Last)? range)
        {
            _notHashed.Enqueue(block);
            if (range is { } known)
            {
                _ranges.Add(known);
            }
        }

        public override IReadOnlyList<RowBlock> BlocksToReadAgain()
        {
            if (!_hashing && RangesApart())
            {
                return [];
            }
            _hashing = true;
            var again = new List<RowBlock>();
            while (_notHashed.TryDequeue(out var block))
            {
                again.Add(block);
            }
            return again;
        }

        private bool RangesApart()
        {
            var ranges = _ranges.ToArray();
            Array.Sort(ranges, (a, b) => Compare(a.First, b.First));
            for (var i = 1; i < ranges.Length; i++)
            {
                if (Compare(ranges[i - 1].Last, ranges[i].First) >= 0)
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>The hashes seen more than once across all workers: none when no block was hashed.</summary>
        public HashSet<ulong> Repeated() => _hashing ? FirstPassWatch.Repeated([.. _workers]) : [];

        /// <summary>Shorter first, then byte by byte: a total order in which equal ids, and only they, compare as 0.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
            a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);

        public void Dispose()
        {
            foreach (var watch in _workers)
            {
                watch.Dispose();
            }
        }
    }

    /// <summary>
    /// A worker's watch of the first pass: in a block begun while the ids ascend, each id is compared with the one before;
    /// otherwise a 64-bit hash of each id is kept (ids are only compared where hashes meet), in 256
    /// partitions by the hash's top byte, each a fixed slice of one array: the worker's share of
    /// <see cref="CdrSpillOptions.ContactIdBudget"/> divided evenly, since the hashes are uniform. Equal hashes land in the
    /// same partition whichever worker saw them, so the partitions are checked one by one, in parallel, each through a hash
    /// table that fits the cache: for 10 million rows a sort of everything had taken 0.87 s of one core. A partition whose
    /// slice is full is appended to a temporary file and starts again empty, so the memory does not grow with the file
    /// (24 million rows: 192 MB of hashes); the check reads each partition's pieces back with it. A row costs the hash, a
    /// load and a store: lists of growing chunks, spilled all at once, had cost 0.16 s of CPU more for 10 million rows.
    /// </summary>
    private sealed class FirstPassWatch : BlockWatch, IDisposable
    {
        private const int Partitions = 256;

        /// <summary>Hashes read back from the file at a time by the check.</summary>
        private const int ReadBack = 4096;

        private readonly ulong[] _slots; // partition p holds _slots[p * _perPartition ..][.._filled[p]]
        private readonly int _perPartition;
        private readonly int[] _filled = new int[Partitions];
        private readonly List<(long Offset, int Count)>[] _written = [.. Enumerable.Range(0, Partitions).Select(_ => new List<(long, int)>())];
        private readonly string _directory;
        private readonly Action? _afterSpill;
        private SafeFileHandle? _file;
        private long _length;

        private readonly FirstPassIds _pass;
        private bool _ascending; // this block's ids are compared with the one before, not hashed
        private bool _broken; // ... and one did not follow it
        private byte[]? _first;
        private byte[] _last = new byte[64];
        private int _lastLength;

        public FirstPassWatch(FirstPassIds pass, int budget, string directory, Action? afterSpill)
        {
            _perPartition = Math.Max(1, budget / Partitions);
            _slots = new ulong[_perPartition * Partitions]; // pages the ascending ids never touch cost no memory
            (_pass, _directory, _afterSpill) = (pass, directory, afterSpill);
        }

        public override void BlockStarting() => (_ascending, _broken, _first) = (!_pass.Hashing, false, null);

        public override void BlockDone(RowBlock block, CdrBlockResult result)
        {
            if (_ascending && _first is not null)
            {
                _pass.ReadWithoutHashing(block, _broken ? null : (_first, _last.AsSpan(0, _lastLength).ToArray()));
            }
        }

        // Compiled by the JIT, optimized, at its first call: ReadyToRun code cannot inline the runtime's span helpers (another
        // version bubble), and until the runtime swapped it their calls cost 0.1 s of the 10-million-row import.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override string? Refuse(ReadOnlySpan<byte> contactId, long blockRow)
        {
            if (_ascending)
            {
                if (!_broken)
                {
                    Follow(contactId);
                }
                return null;
            }
            var hash = XxHash3.HashToUInt64(contactId);
            var partition = (int)(hash >> 56);
            var filled = _filled[partition];
            if (filled == _perPartition)
            {
                Spill(partition);
                filled = 0;
            }
            _slots[(partition * _perPartition) + filled] = hash;
            _filled[partition] = filled + 1;
            return null;
        }

        /// <summary>The block's next id, which must come after the one before it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Follow(ReadOnlySpan<byte> contactId)
        {
            if (_first is null)
            {
                _first = contactId.ToArray();
            }
            else if (FirstPassIds.Compare(contactId, _last.AsSpan(0, _lastLength)) <= 0)
            {
                _broken = true;
                _pass.OrderBroken();
                return;
            }
            if (contactId.Length > _last.Length)
            {
                _last = new byte[Math.Max(contactId.Length, 2 * _last.Length)];
            }
            contactId.CopyTo(_last);
            _lastLength = contactId.Length;
        }

        /// <summary>A full partition's hashes appended to the file, and its slice free again.</summary>
        private void Spill(int partition)
        {
            _file ??= File.OpenHandle(Path.Combine(_directory, "certdesk-ids-" + Guid.NewGuid().ToString("N") + ".tmp"),
                FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
            var held = InMemory(partition);
            RandomAccess.Write(_file, MemoryMarshal.AsBytes(held.AsSpan()), _length);
            _written[partition].Add((_length, held.Count));
            _length += (long)held.Count * sizeof(ulong);
            _filled[partition] = 0;
            _afterSpill?.Invoke();
        }

        public void Dispose() => _file?.Dispose();

        /// <summary>The hashes of a partition this worker holds in memory.</summary>
        private ArraySegment<ulong> InMemory(int partition) => new(_slots, partition * _perPartition, _filled[partition]);

        /// <summary>The hashes of a partition this worker wrote to its file, read back in pieces of <paramref name="buffer"/>'s size.</summary>
        private IEnumerable<ArraySegment<ulong>> Written(int partition, ulong[] buffer)
        {
            foreach (var (offset, count) in _written[partition])
            {
                for (var done = 0; done < count; done += buffer.Length)
                {
                    var piece = Math.Min(buffer.Length, count - done);
                    if (!RowBlocks.ReadFully(_file!, MemoryMarshal.AsBytes(buffer.AsSpan(0, piece)), offset + (long)done * sizeof(ulong)))
                    {
                        throw new IOException("A temporary file of contact-id hashes ended early.");
                    }
                    yield return new ArraySegment<ulong>(buffer, 0, piece);
                }
            }
        }

        private int CountIn(int partition) => _filled[partition] + _written[partition].Sum(w => w.Count);

        /// <summary>The hashes seen more than once across all workers (almost always none).</summary>
        public static HashSet<ulong> Repeated(IReadOnlyCollection<FirstPassWatch> workers)
        {
            var repeated = new HashSet<ulong>();
            Parallel.For(0, Partitions, partition =>
            {
                var count = workers.Sum(w => w.CountIn(partition));
                // Open addressing, linear probing, at most half full: the hashes are uniform, so their low bits are the slot.
                // A table of a partition (about 40,000 hashes for 10 million rows) stays in the cache; 0 marks a free slot,
                // so the hash 0 is counted aside.
                var slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, count * 2));
                var table = System.Buffers.ArrayPool<ulong>.Shared.Rent(slots);
                Array.Clear(table, 0, slots);
                var mask = slots - 1;
                var zeros = 0;
                var piece = new ulong[ReadBack];
                try
                {
                    foreach (var worker in workers)
                    {
                        foreach (var segment in worker.Written(partition, piece).Prepend(worker.InMemory(partition)))
                        {
                            foreach (var hash in segment.AsSpan())
                            {
                                if (hash == 0)
                                {
                                    if (++zeros == 2)
                                    {
                                        Add(repeated, hash);
                                    }
                                    continue;
                                }
                                var slot = (int)hash & mask;
                                while (table[slot] != 0 && table[slot] != hash)
                                {
                                    slot = (slot + 1) & mask;
                                }
                                if (table[slot] == hash)
                                {
                                    Add(repeated, hash);
                                }
                                table[slot] = hash;
                            }
                        }
                    }
                }
                finally
                {
                    System.Buffers.ArrayPool<ulong>.Shared.Return(table);
                }
            });
            return repeated;
        }

        private static void Add(HashSet<ulong> repeated, ulong hash)
        {
            lock (repeated)
            {
                repeated.Add(hash);
            }
        }
    }

    /// <summary>
    /// Second pass, one worker, blocks in file order: the ids whose hash met another's are compared as text, and a row whose
    /// id an earlier row already has is refused, naming that row.
    /// </summary>
    private sealed class RepeatedContactIds(HashSet<ulong> candidates) : ContactIdRule
    {
        public override BlockWatch Watch(int workers) => new Filter(candidates);

        private sealed class Filter(HashSet<ulong> candidates) : BlockWatch
        {
            private readonly Dictionary<string, long> _firstRow = new(StringComparer.Ordinal);
            private long _rowsBefore = HeaderRows;

            public override string? Refuse(ReadOnlySpan<byte> contactId, long blockRow)
            {
                if (!candidates.Contains(XxHash3.HashToUInt64(contactId)))
                {
                    return null;
                }
                var id = Encoding.UTF8.GetString(contactId).Replace("\"\"", "\"", StringComparison.Ordinal);
                var row = _rowsBefore + blockRow;
                if (_firstRow.TryGetValue(id, out var first) && first != row)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"{ImportRules.Quote(id)} repeats row {first} (a contact is counted once)");
                }
                _firstRow[id] = row;
                return null;
            }

            public override void BlockDone(RowBlock block, CdrBlockResult result) => _rowsBefore += result.Rows;
        }
    }

    private static long WriteAtomically(string outPath, CellMerge cells, CancellationToken ct)
    {
        var full = Path.GetFullPath(outPath);
        var temporary = OutputFile.TemporaryFor(full);
        try
        {
            long facts;
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0))
            {
                facts = WriteFacts(stream, cells, ct);
            }
            OutputFile.Replace(temporary, full);
            return facts;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// The <c>intervals</c> file, byte for byte what <see cref="IntervalFactCsv.FormatRow"/> gives, formatted straight to UTF-8
    /// in one buffer as the merge hands the cells out (no string per field nor object per fact: there is a row per team and
    /// interval, 119,040 for a month of 40 teams, tens of millions for years of hundreds of teams). Returns the rows written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one call, one long loop: compiled optimized at once
    private static long WriteFacts(Stream stream, CellMerge cells, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        var used = Encoding.UTF8.GetBytes(IntervalFactCsv.Header + Files.CsvTable.RecordEnd, buffer);
        var teams = Array.ConvertAll(cells.Teams, t => Encoding.UTF8.GetBytes(IntervalFactCsv.Quote(Encoding.UTF8.GetString(t))));
        long facts = 0;
        while (cells.MoveNext())
        {
            if ((++facts & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            var team = teams[cells.TeamRank];
            var room = team.Length + 13 * 21 + 32;
            if (used + room > buffer.Length)
            {
                stream.Write(buffer, 0, used);
                used = 0;
                if (room > buffer.Length)
                {
                    buffer = new byte[room];
                }
            }
            var span = buffer.AsSpan();
            team.CopyTo(span[used..]);
            used += team.Length;
            span[used++] = (byte)',';
            used += FormatUtc(span[used..], cells.IntervalStart);
            ref readonly var t = ref cells.Totals;
            Span<long> values =
            [
                t.Offered, t.Answered, t.Abandoned, t.WithinThreshold, t.WaitAnswered, t.Handle,
                t.Hold, t.Wrap, t.Transferred, t.ResolvedFirstContact, t.CsatSum, t.CsatCount,
            ];
            foreach (var value in values)
            {
                span[used++] = (byte)',';
                value.TryFormat(span[used..], out var written, default, CultureInfo.InvariantCulture);
                used += written;
            }
            span[used++] = (byte)'\r'; // CRLF: Files.CsvTable.RecordEnd
            span[used++] = (byte)'\n';
        }
        stream.Write(buffer, 0, used);
        return facts;
    }

    /// <summary>
    /// <c>yyyy-MM-ddTHH:mm:ssZ</c> (what the format string of that name gives, years 1 to 9999), written digit by digit: with
    /// tens of millions of facts the format string's interpretation cost more than the rest of the row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once per cell: compiled optimized at once, not tier 0 first
    private static int FormatUtc(Span<byte> to, DateTime utc)
    {
        utc.Deconstruct(out int year, out int month, out int day);
        Digits(to[..4], year);
        to[4] = (byte)'-';
        Digits(to.Slice(5, 2), month);
        to[7] = (byte)'-';
        Digits(to.Slice(8, 2), day);
        to[10] = (byte)'T';
        Digits(to.Slice(11, 2), utc.Hour);
        to[13] = (byte)':';
        Digits(to.Slice(14, 2), utc.Minute);
        to[16] = (byte)':';
        Digits(to.Slice(17, 2), utc.Second);
        to[19] = (byte)'Z';
        return 20;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Digits(Span<byte> to, int value)
        {
            for (var i = to.Length - 1; i >= 0; i--)
            {
                to[i] = (byte)('0' + value % 10);
                value /= 10;
            }
        }
    }

    private static CdrAggregationResult Fail(string error) => new(false, [error], 0, 0);
}
