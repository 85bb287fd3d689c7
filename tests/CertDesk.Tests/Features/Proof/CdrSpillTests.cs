using System.Globalization;
using System.Text;
using CertDesk.Domain.Kpi;
using CertDesk.Features.Proof;
using CertDesk.TestSupport;

namespace CertDesk.Tests.Features.Proof;

/// <summary>
/// The cell budget of <c>kpi aggregate</c> and <c>import cdr</c>: cells beyond it go to sorted run files and are merged back;
/// the output is the same bytes as without a spill, and no run file outlives the call (success, bad input or cancellation).
/// Also what the same read gives an import beside the cells: the file's hash, and the contact-id check (ids that ascend,
/// ids hashed, and the hashes' own spill).
/// </summary>
public sealed class CdrSpillTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("certdesk-spill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string SpillDir => Directory.CreateDirectory(Path.Combine(_dir, "spill")).FullName;

    private string[] RunFiles => Directory.GetFiles(SpillDir);

    private string WriteCdr(List<string[]> rows)
    {
        var path = Path.Combine(_dir, "cdr.csv");
        File.WriteAllBytes(path, CdrTestData.ToCsv(rows, new CdrFileStyle(Crlf: true, QuoteAnyway: 0.2)));
        return path;
    }

    /// <summary>Rows spread over many cells: several 4 MiB blocks, each touching hundreds of (team, interval) cells.</summary>
    private static List<string[]> ManyCellRows() => CdrTestData.GenerateRows(70_000, seed: 8);

    [Fact]
    public void Run_TinyCellBudget_SpillsAndWritesTheSameBytes()
    {
        var cdr = WriteCdr(ManyCellRows());
        var plain = Path.Combine(_dir, "plain.csv");
        var spilled = Path.Combine(_dir, "spilled.csv");
        var spills = 0;

        var expected = CdrAggregation.Run(cdr, plain, new KpiSettings(), workerCount: 2, spill: new CdrSpillOptions(1 << 20, SpillDir) { AfterSpill = () => Interlocked.Increment(ref spills) });
        Assert.True(expected.Succeeded);
        Assert.Equal(0, spills);

        var actual = CdrAggregation.Run(cdr, spilled, new KpiSettings(), workerCount: 2, spill: new CdrSpillOptions(64, SpillDir) { AfterSpill = () => Interlocked.Increment(ref spills) });

        Assert.True(actual.Succeeded, string.Join('\n', actual.Errors));
        Assert.True(spills >= 2, $"{spills} spills");
        Assert.Equal(expected.Facts, actual.Facts);
        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(spilled));
        Assert.Empty(RunFiles);
    }

    [Fact]
    public void Aggregate_TinyCellBudget_SameFactsAsInMemory()
    {
        var cdr = WriteCdr(ManyCellRows());
        var spills = 0;

        var (_, inMemory) = CdrAggregation.Read(cdr, new KpiSettings(), workerCount: 2, uniqueContactIds: true);
        var expected = ToFacts(inMemory);
        var (result, spilled) = CdrAggregation.Read(cdr, new KpiSettings(), workerCount: 2, uniqueContactIds: true,
            spill: new CdrSpillOptions(100, SpillDir) { AfterSpill = () => Interlocked.Increment(ref spills) });

        Assert.True(result.Succeeded);
        Assert.True(spills >= 2, $"{spills} spills");
        Assert.NotEmpty(RunFiles); // the cells not merged yet keep their runs
        Assert.Equal(expected, ToFacts(spilled));
        Assert.Empty(RunFiles);
    }

    /// <summary>
    /// An import's contact-id hashes past their budget go to a temporary file: the facts are the same, a contact id given
    /// twice far apart (one hash written out, the other still in memory) is still found and named, and no file is left.
    /// The ids are shuffled, as random ids (UUIDs) come, so every block hashes them.
    /// </summary>
    [Fact]
    public void Read_TinyContactIdBudget_SameFactsAndTheRepeatedIdIsNamed_NoFileLeft()
    {
        var rows = ManyCellRows();
        var shuffled = rows.Select(r => r[0]).ToArray();
        new Random(5).Shuffle(shuffled);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i][0] = shuffled[i];
        }
        var cdr = WriteCdr(rows);
        var expected = ToFacts(CdrAggregation.Read(cdr, new KpiSettings(), workerCount: 2, uniqueContactIds: true).Cells);
        var idSpills = 0;
        var tiny = new CdrSpillOptions(CdrSpillOptions.DefaultCellBudget, SpillDir) { ContactIdBudget = 1_000, AfterContactIdSpill = () => Interlocked.Increment(ref idSpills) };

        var (result, cells) = CdrAggregation.Read(cdr, new KpiSettings(), workerCount: 2, uniqueContactIds: true, spill: tiny);

        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        Assert.True(idSpills >= 2 * 30, $"{idSpills} spills of contact-id hashes"); // 70,000 ids, 500 a worker: one a partition
        Assert.Equal(expected, ToFacts(cells));
        Assert.Empty(RunFiles);

        rows[^2][0] = rows[3][0];
        var repeated = CdrAggregation.Read(WriteCdr(rows), new KpiSettings(), "calls.csv", workerCount: 2, uniqueContactIds: true, spill: tiny);

        Assert.Null(repeated.Cells);
        var error = Assert.Single(repeated.Result.Errors);
        Assert.StartsWith("calls.csv: row 70000 (line ", error, StringComparison.Ordinal);
        Assert.EndsWith($"field contact_id: '{rows[3][0]}' repeats row 5 (a contact is counted once)", error, StringComparison.Ordinal);
        Assert.Empty(RunFiles);
    }

    /// <summary>
    /// Ids that ascend through the file (a platform's counter: C0 ... C69999, C9 before C10) are checked without hashing
    /// any (no hash spilled, even with a budget of a few hashes), and the facts are those of a read without the check.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Read_AscendingIds_CheckedWithoutHashing(int workers)
    {
        var cdr = WriteCdr(ManyCellRows());
        Assert.True(new FileInfo(cdr).Length > 2 * CdrAggregation.BlockSize, "the file spans several blocks");
        var expected = ToFacts(CdrAggregation.Read(cdr, new KpiSettings(), workerCount: 2).Cells);
        var idSpills = 0;

        var (result, cells) = CdrAggregation.Read(cdr, new KpiSettings(), workerCount: workers, uniqueContactIds: true,
            spill: new CdrSpillOptions(CdrSpillOptions.DefaultCellBudget, SpillDir) { ContactIdBudget = 256, AfterContactIdSpill = () => Interlocked.Increment(ref idSpills) });

        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        Assert.Equal(0, idSpills);
        Assert.Equal(expected, ToFacts(cells));
    }

    /// <summary>
    /// A repeated id where the ids ascend until then: the block that breaks the order turns the check to hashing, the blocks
    /// read before are read again, and the row is named whichever block held the first one (hashed or not).
    /// </summary>
    [Theory]
    [InlineData(3, 69_998)] // the first block's id (read before the order broke) in the last block
    [InlineData(69_990, 69_998)] // two ids of the last block
    [InlineData(40_000, 40_001)] // a middle block's id, the row right after it
    public void Read_AscendingIdsThenARepeat_TheRowIsNamed(int first, int repeat)
    {
        var rows = ManyCellRows();
        rows[repeat][0] = rows[first][0];

        foreach (var workers in new[] { 1, 2 })
        {
            var (result, cells) = CdrAggregation.Read(WriteCdr(rows), new KpiSettings(), "calls.csv", workerCount: workers, uniqueContactIds: true);

            Assert.Null(cells);
            var error = Assert.Single(result.Errors);
            Assert.StartsWith($"calls.csv: row {repeat + 2} (line ", error, StringComparison.Ordinal);
            Assert.EndsWith($"field contact_id: '{rows[first][0]}' repeats row {first + 2} (a contact is counted once)", error, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Two runs of ascending ids one after the other (two exports put together; the block where the second begins breaks
    /// the order): the file is accepted when the runs share no id (even numbers, then odd ones), and refused when they do
    /// (the same numbers twice), naming the first repeat.
    /// </summary>
    [Fact]
    public void Read_TwoAscendingRuns_AcceptedWhenApartRefusedWhenShared()
    {
        var rows = ManyCellRows();
        var half = rows.Count / 2;
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i][0] = "C" + (i < half ? 2 * i : (2 * (i - half)) + 1).ToString(CultureInfo.InvariantCulture);
        }
        var apart = WriteCdr(rows);
        var expected = ToFacts(CdrAggregation.Read(apart, new KpiSettings(), workerCount: 2).Cells);

        var (result, cells) = CdrAggregation.Read(apart, new KpiSettings(), workerCount: 2, uniqueContactIds: true);

        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        Assert.Equal(expected, ToFacts(cells));

        for (var i = half; i < rows.Count; i++)
        {
            rows[i][0] = "C" + (i - half).ToString(CultureInfo.InvariantCulture);
        }
        for (var i = 0; i < half; i++)
        {
            rows[i][0] = "C" + i.ToString(CultureInfo.InvariantCulture);
        }
        var shared = CdrAggregation.Read(WriteCdr(rows), new KpiSettings(), "calls.csv", workerCount: 2, uniqueContactIds: true);

        Assert.Null(shared.Cells);
        Assert.StartsWith($"calls.csv: row {half + 2} (line ", shared.Result.Errors[0], StringComparison.Ordinal);
        Assert.EndsWith("field contact_id: 'C0' repeats row 2 (a contact is counted once)", shared.Result.Errors[0], StringComparison.Ordinal);
    }

    /// <summary>A valid row of <see cref="FixedRowLength"/> bytes, whatever its 7-digit id, so that a test knows where blocks end.</summary>
    private static string FixedRow(long id, string wait = "22") => string.Create(CultureInfo.InvariantCulture,
        $"C{id:D7},Sales,T01,A1,2024-03-01T00:01:20Z,2024-03-01T00:01:42Z,2024-03-01T00:06:57Z,false,{wait},315,47,10,false,true,3\n");

    private static int FixedRowLength => FixedRow(0).Length;

    /// <summary>Rows a block holds: blocks are cut at the last whole row of <see cref="CdrAggregation.BlockSize"/> bytes.</summary>
    private static int RowsPerBlock => CdrAggregation.BlockSize / FixedRowLength;

    private string WriteFixedRows(IEnumerable<long> ids)
    {
        var path = Path.Combine(_dir, "fixed.csv");
        File.WriteAllText(path, CdrTestData.Header + "\n" + string.Concat(ids.Select(id => FixedRow(id))));
        return path;
    }

    /// <summary>
    /// Blocks whose ids each ascend but whose ranges meet (the first block the even numbers, the second the odd ones): every
    /// block is read again and hashed (hashes spill under a tiny budget), and the file is accepted, no id being repeated.
    /// </summary>
    [Fact]
    public void Read_AscendingBlocksWhoseRangesMeet_HashedAndAccepted()
    {
        var rows = RowsPerBlock;
        var cdr = WriteFixedRows(Enumerable.Range(0, rows).Select(i => 1_000_000L + (2 * i))
            .Concat(Enumerable.Range(0, rows).Select(i => 1_000_001L + (2 * i)))
            .Concat(Enumerable.Range(0, 100).Select(i => 5_000_000L + i)));
        var idSpills = 0;

        var (result, cells) = CdrAggregation.Read(cdr, new KpiSettings(), workerCount: 2, uniqueContactIds: true,
            spill: new CdrSpillOptions(CdrSpillOptions.DefaultCellBudget, SpillDir) { ContactIdBudget = 256, AfterContactIdSpill = () => Interlocked.Increment(ref idSpills) });

        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        Assert.Equal((2 * rows) + 100, result.Contacts);
        Assert.True(idSpills > 0, "the ids were hashed");
        Assert.Equal((2 * rows) + 100, ToFacts(cells).Sum(f => f.Offered));
    }

    /// <summary>
    /// The second block begins with the first block's last id: each block ascends, their ranges meet at that one id, and the
    /// repeat is named.
    /// </summary>
    [Fact]
    public void Read_RepeatAcrossABlockBoundary_TheRowIsNamed()
    {
        var rows = RowsPerBlock;
        var cdr = WriteFixedRows(Enumerable.Range(0, 2 * rows).Select(i => 1_000_000L + (i < rows ? i : i - 1)));

        foreach (var workers in new[] { 1, 2 })
        {
            var (result, cells) = CdrAggregation.Read(cdr, new KpiSettings(), "calls.csv", workerCount: workers, uniqueContactIds: true);

            Assert.Null(cells);
            var error = Assert.Single(result.Errors);
            Assert.StartsWith($"calls.csv: row {rows + 2} (line ", error, StringComparison.Ordinal);
            Assert.EndsWith($"field contact_id: 'C{1_000_000 + rows - 1:D7}' repeats row {rows + 1} (a contact is counted once)", error, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// A block read without hashing is read again once the order broke later; if another program rewrote it in between
    /// (same length, other rows), the read fails saying so instead of checking bytes it did not aggregate, and leaves no file.
    /// </summary>
    [Fact]
    public void Read_FileRewrittenBeforeABlockIsReadAgain_SaysSo()
    {
        var rows = RowsPerBlock;
        var ids = Enumerable.Range(0, 3 * rows).Select(i => 1_000_000L + i).ToArray();
        ids[rows + 1] = 999_999; // the second block breaks the order: the first is read again at the end
        var cdr = WriteFixedRows(ids);
        var headerLength = CdrTestData.Header.Length + 1;
        var rewritten = false;

        var (result, cells) = CdrAggregation.Read(cdr, new KpiSettings(), "calls.csv", workerCount: 1, uniqueContactIds: true,
            spill: new CdrSpillOptions(CdrSpillOptions.DefaultCellBudget, SpillDir)
            {
                ContactIdBudget = 256,
                AfterContactIdSpill = () =>
                {
                    if (!rewritten)
                    {
                        using var writer = new FileStream(cdr, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                        writer.Position = headerLength;
                        writer.Write(Encoding.UTF8.GetBytes(FixedRow(ids[0], wait: "-2")));
                        rewritten = true;
                    }
                },
            });

        Assert.True(rewritten);
        Assert.Null(cells);
        Assert.Equal("calls.csv: the file changed while it was read; was another program writing to it?", Assert.Single(result.Errors));
        Assert.Empty(RunFiles);
    }

    /// <summary>
    /// <c>import cdr</c> works its file's key out from the bytes the aggregation reads: the hash it is fed is the hash of the
    /// whole file, whichever worker cut which block, so the key equals the one a read of its own gives.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Read_FedTheFileHash_ItIsTheWholeFilesHash(int workers)
    {
        var cdr = WriteCdr(ManyCellRows());
        Assert.True(new FileInfo(cdr).Length > 2 * CdrAggregation.BlockSize, "the file spans several blocks");
        var fed = new System.IO.Hashing.XxHash128();

        var (result, cells) = CdrAggregation.Read(cdr, new KpiSettings(), workerCount: workers, uniqueContactIds: true, fileHash: fed);
        cells?.Dispose();

        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        Assert.Equal(System.IO.Hashing.XxHash128.Hash(File.ReadAllBytes(cdr)), fed.GetCurrentHash());
    }

    /// <summary>
    /// The read <c>import cdr</c> starts before the database is open (<see cref="CdrReadAhead"/>): taken, it gives what the
    /// import's own read gives (the facts and the file's hash), and its run files go with its cells.
    /// </summary>
    [Fact]
    public async Task ReadAhead_Taken_SameFactsAndFileHashAsTheImportsOwnRead()
    {
        var cdr = WriteCdr(ManyCellRows());
        var expected = ToFacts(CdrAggregation.Read(cdr, new KpiSettings(), uniqueContactIds: true).Cells);
        var spills = 0;

        await using var ahead = CdrReadAhead.Start(cdr, "cdr.csv", new KpiSettings(), hashKey: true, acceptValid: false, CancellationToken.None,
            new CdrSpillOptions(100, SpillDir) { ContactIdBudget = 4096, AfterSpill = () => Interlocked.Increment(ref spills) });
        Assert.True(ahead.Reads(cdr, new KpiSettings(), hashKey: true, acceptValid: false));
        Assert.False(ahead.Reads(cdr, new KpiSettings(30, 20), hashKey: true, acceptValid: false));
        var (result, cells) = await ahead.TakeAsync();

        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        Assert.True(spills >= 2, $"{spills} spills");
        Assert.Equal(expected, ToFacts(cells));
        Assert.Equal(System.IO.Hashing.XxHash128.Hash(File.ReadAllBytes(cdr)), ahead.Hash!.GetCurrentHash());
        Assert.Empty(RunFiles);
    }

    /// <summary>A read nobody takes (a file imported before, a start that failed) stops in the middle and leaves no file behind.</summary>
    [Fact]
    public async Task ReadAhead_StoppedAfterASpill_LeavesNoFile()
    {
        var cdr = WriteCdr(ManyCellRows());
        var spilled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var ahead = CdrReadAhead.Start(cdr, "cdr.csv", new KpiSettings(), hashKey: false, acceptValid: false, CancellationToken.None,
            new CdrSpillOptions(100, SpillDir) { ContactIdBudget = 4096, AfterSpill = () => spilled.TrySetResult() });
        await spilled.Task.WaitAsync(TimeSpan.FromMinutes(2)); // a bound for a read that never spills, not a timing
        await ahead.DisposeAsync();

        Assert.Null(ahead.Hash); // no key asked for (a dry run records nothing)
        Assert.Empty(RunFiles);
        Assert.False(ahead.Reads(cdr, new KpiSettings(), hashKey: false, acceptValid: false)); // stopped: nothing to take
    }

    /// <summary>The facts of cells read, merged and then disposed of (their run files with them).</summary>
    private static List<IntervalFact> ToFacts(CdrCells? cells)
    {
        Assert.NotNull(cells);
        using (cells)
        {
            return [.. cells.Facts(CancellationToken.None)];
        }
    }

    [Fact]
    public void Run_TinyCellBudgetBadLastRow_NamesTheRowWritesNothingLeavesNoRunFile()
    {
        var rows = ManyCellRows();
        rows[^1][8] = "-3";
        var cdr = WriteCdr(rows);
        var output = Path.Combine(_dir, "out.csv");
        var spills = 0;

        var result = CdrAggregation.Run(cdr, output, new KpiSettings(), "calls.csv", workerCount: 2,
            spill: new CdrSpillOptions(64, SpillDir) { AfterSpill = () => Interlocked.Increment(ref spills) });

        Assert.False(result.Succeeded);
        Assert.True(spills >= 1);
        Assert.Single(result.Errors);
        Assert.StartsWith("calls.csv: row 70001 (line ", result.Errors[0], StringComparison.Ordinal);
        Assert.EndsWith("field wait_seconds: must not be negative: '-3'", result.Errors[0], StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
        Assert.Empty(RunFiles);
    }

    /// <summary>
    /// Another program cuts the file short while it is read (here between two blocks, at the first spill): the read fails
    /// with a message that says so, nothing is written, and the process goes on (a memory-mapped read would have been
    /// stopped by the operating system).
    /// </summary>
    [Fact]
    public void Run_FileShrinksWhileRead_SaysSoWritesNothingLeavesNoRunFile()
    {
        var cdr = WriteCdr(ManyCellRows());
        var length = new FileInfo(cdr).Length;
        Assert.True(length > 2 * CdrAggregation.BlockSize, $"{length} bytes: the test needs more than two blocks");
        var output = Path.Combine(_dir, "out.csv");
        var cut = false;

        var result = CdrAggregation.Run(cdr, output, new KpiSettings(), "calls.csv", workerCount: 1,
            spill: new CdrSpillOptions(64, SpillDir)
            {
                AfterSpill = () =>
                {
                    if (!cut)
                    {
                        using var writer = new FileStream(cdr, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                        writer.SetLength(length - CdrAggregation.BlockSize);
                        cut = true;
                    }
                },
            });

        Assert.True(cut);
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("calls.csv: the file got shorter while it was read; was another program writing to it? (after row ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
        Assert.Empty(RunFiles);
    }

    [Fact]
    public void Run_CancelledAfterASpill_ThrowsAndLeavesNoRunFileNorOutput()
    {
        var cdr = WriteCdr(ManyCellRows());
        var output = Path.Combine(_dir, "out.csv");
        using var cancel = new CancellationTokenSource();
        var sawRunFile = false;

        Assert.ThrowsAny<OperationCanceledException>(() => CdrAggregation.Run(cdr, output, new KpiSettings(), workerCount: 2, ct: cancel.Token,
            spill: new CdrSpillOptions(64, SpillDir)
            {
                AfterSpill = () =>
                {
                    sawRunFile |= RunFiles.Length > 0;
                    cancel.Cancel();
                },
            }));

        Assert.True(sawRunFile);
        Assert.Empty(RunFiles);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    /// <summary>
    /// Two workers' tables, each spilled twice at uneven points with a tail left in memory, teams arriving after a spill
    /// (sorting before the earlier ones), cells repeated across runs and workers, and sums past 32 bits: the merge gives
    /// what one table fed every contact gives.
    /// </summary>
    [Fact]
    public void Merge_SeveralRunsAndTablesInMemory_SameFactsAsOneTable()
    {
        var settings = new KpiSettings();
        var reference = new IntervalAggregator(settings);
        var workers = new[] { new IntervalAggregator(settings), new IntervalAggregator(settings) };
        using var spillA = new CellSpill(SpillDir);
        using var spillB = new CellSpill(SpillDir);
        var spills = new[] { spillA, spillB };
        var random = new Random(4);
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        string[] teams = ["m", "z", "Équipe", "b", "a", "\U0001D538", "a,b"];
        for (var i = 0; i < 20_000; i++)
        {
            // New teams join over time, so later runs hold teams the earlier ones do not.
            var team = Encoding.UTF8.GetBytes(teams[random.Next(Math.Min(teams.Length, 2 + i / 3000))]);
            var arrived = start + random.NextInt64(0, 3 * TimeSpan.TicksPerDay);
            var answered = random.Next(3) > 0;
            var handle = random.Next(0, 2000);
            if (i % 1000 == 0)
            {
                // One cell's handle seconds past 2^32, in several runs.
                (team, arrived, answered, handle) = ("m"u8.ToArray(), start, true, int.MaxValue);
            }
            var (wait, transferred, resolved, csat, hasCsat) = (random.Next(0, 60), random.Next(5) == 0, random.Next(2) == 0, random.Next(1, 6), random.Next(2) == 0);
            var w = random.Next(2);
            workers[w].Add(team, arrived, answered, !answered, wait, handle, 5, 7, transferred, resolved, csat, hasCsat);
            reference.Add(team, arrived, answered, !answered, wait, handle, 5, 7, transferred, resolved, csat, hasCsat);
            if (i is 4_000 or 7_000 or 11_000 or 12_345)
            {
                var spilled = i is 4_000 or 11_000 ? 0 : 1;
                spills[spilled].Write(workers[spilled]);
                Assert.Equal(0, workers[spilled].CellCount);
            }
        }
        Assert.Equal(2, spillA.Runs);
        Assert.Equal(2, spillB.Runs);
        Assert.True(workers[0].CellCount > 0 && workers[1].CellCount > 0);

        var (ranked, rankOf) = IntervalAggregator.RankTeams(workers);
        var sources = new List<CellSource>();
        for (var w = 0; w < workers.Length; w++)
        {
            sources.AddRange(spills[w].Readers(rankOf[w]));
            sources.Add(new TableCells(workers[w].TakeSortedCells(), rankOf[w]));
        }
        var merged = new CellMerge(sources, ranked, settings.IntervalTicks).ToFacts(CancellationToken.None);

        var expected = reference.ToFacts();
        Assert.Contains(expected, f => f.HandleSeconds > uint.MaxValue);
        Assert.Equal(expected, merged);
    }
}
