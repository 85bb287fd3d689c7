using System.IO.Hashing;
using CertDesk.Domain.Kpi;

namespace CertDesk.Features.Proof;

/// <summary>
/// The read <c>import cdr</c> makes of a CSV file (<see cref="CdrAggregation.Read"/>: aggregated, contact ids checked, and
/// the import's key hashed as it goes unless the key comes first), on threads of its own. The import starts it when it
/// needs it; on the command line <c>import cdr</c> starts it before the host instead, so the file is read while the host,
/// EF and the database start: about a quarter of a second of one core, during which the other core would otherwise wait
/// (10 million rows: median 1.78 s against 1.875 s, eight alternated pairs, bench/RESULTS-kpi.md).
/// The import takes a read begun before when the file is new to the database. When an earlier import had a file of the
/// same size, or a record of an earlier version may hold the file under its SHA-256, it stops that read and goes its usual
/// way (the key first, so a file imported before is answered without aggregating it). A read stops on the token it was
/// started with: the command's. Disposing stops a read nobody took and deletes its temporary files.
/// </summary>
public sealed class CdrReadAhead : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task<(CdrAggregationResult Result, CdrCells? Cells)> _read;
    private readonly (string Path, KpiSettings Settings, bool HashKey, bool AcceptValid) _what;
    private bool _taken;

    private CdrReadAhead(CancellationTokenSource stop, Task<(CdrAggregationResult, CdrCells?)> read, XxHash128? hash,
        (string, KpiSettings, bool, bool) what, long begunAt) => (_stop, _read, Hash, _what, BegunAt) = (stop, read, hash, what, begunAt);

    /// <summary>When the read began (a <see cref="System.Diagnostics.Stopwatch"/> timestamp): the import's measured time starts there.</summary>
    internal long BegunAt { get; }

    /// <summary>The hash the read feeds with every byte of the file, when asked for (a dry run records nothing).</summary>
    internal XxHash128? Hash { get; }

    /// <param name="hashKey">Whether the read hashes the file for the import's key (<see cref="Hash"/>).</param>
    /// <param name="spill">The budgets and temporary directory (tests); by default those of the environment.</param>
    public static CdrReadAhead Start(string path, string fileName, KpiSettings settings, bool hashKey, bool acceptValid, CancellationToken ct,
        CdrSpillOptions? spill = null)
    {
        var begunAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var hash = hashKey ? new XxHash128() : null;
        // No token for Task.Run: the read watches it itself, and the cells it returns are always disposed of by whoever takes them.
        var read = Task.Run(() => CdrAggregation.Read(path, settings, fileName, ct: stop.Token, acceptValid: acceptValid,
            uniqueContactIds: true, spill: spill, fileHash: hash), CancellationToken.None);
        return new CdrReadAhead(stop, read, hash, (path, settings, hashKey, acceptValid), begunAt);
    }

    /// <summary>Whether this is the read an import of that file with those settings would make.</summary>
    internal bool Reads(string path, KpiSettings settings, bool hashKey, bool acceptValid) =>
        !_taken && _what == (path, settings, hashKey, acceptValid);

    /// <summary>The read's outcome and cells, now the importer's to dispose.</summary>
    internal Task<(CdrAggregationResult Result, CdrCells? Cells)> TakeAsync()
    {
        _taken = true;
        return _read;
    }

    /// <summary>Stops the read unless it was taken, and waits for its workers to leave; its cells and run files go with it.</summary>
    internal async Task StopAsync()
    {
        if (_taken)
        {
            return;
        }
        _taken = true;
        await _stop.CancelAsync();
        await ((Task)_read).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_read.IsCompletedSuccessfully)
        {
            _read.Result.Cells?.Dispose();
        }
        _ = _read.Exception; // observed: what stopped a read nobody takes is moot (an import reads the file again and reports it)
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
