namespace CertDesk.Domain.Kpi;

/// <summary>What <see cref="CdrBlockParser.Parse"/> saw in one block.</summary>
/// <param name="Rows">Data rows (empty lines are not rows).</param>
/// <param name="LineBreaks">Line feeds in the block, quoted ones included (to turn block-relative lines into file lines).</param>
/// <param name="Errors">Errors found, including those past the cap that were not listed.</param>
public readonly record struct CdrBlockResult(long Rows, long LineBreaks, long Errors);

/// <summary>
/// Validates and aggregates a block of whole <c>cdr</c> rows in a single pass over its UTF-8 bytes.
/// One instance per worker; it feeds its own <see cref="IntervalAggregator"/>.
/// </summary>
/// <remarks>
/// Why no CSV library on this path: the job is 10+ million rows where every field is either skipped or turned
/// into a number, boolean or UTC instant. Reading fields as spans of the input buffer, parsing them in place and
/// summing into a (team, interval) table touches each byte about once and allocates nothing per row; a general
/// reader would materialize strings or per-row objects and parse timestamps through culture-aware APIs. The
/// RFC 4180 rules themselves are small (see <see cref="CsvCursor"/>), and blocks split at row boundaries
/// (<see cref="CsvRows"/>) let several workers run this parser in parallel. The fast path is in CdrBlockParser.Fast.cs,
/// the careful (field by field, error naming) path in CdrBlockParser.Careful.cs.
/// </remarks>
public sealed partial class CdrBlockParser
{
    private readonly CdrColumn[] _columns;
    private readonly IntervalAggregator _aggregator;
    private byte[] _teamScratch = new byte[256];
    private int[] _separators = new int[4096];
    private int[] _lineFeeds = new int[1024];
    private int[] _quotes = new int[1024];
    private readonly bool _standardOrder;
    private readonly int[] _fieldOf = new int[CdrColumns.Count];
    private DateCache _dateCache;
    private TimestampCache _timestampCache;

    // Per block: errors so far and an incremental line count for naming the line of an error row.
    private long _errorCount;
    private int _lineScanPos;
    private long _lineScanCount;
    private List<CdrRejectedRow>? _rejected;
    private readonly List<string> _rowReasons = [];

    public CdrBlockParser(CdrHeader header, IntervalAggregator aggregator)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(aggregator);
        _columns = header.FieldColumns.ToArray();
        for (var i = 0; i < _columns.Length; i++)
        {
            _fieldOf[(int)_columns[i]] = i;
        }
        _standardOrder = _columns.AsSpan().SequenceEqual(Enum.GetValues<CdrColumn>());
        _aggregator = aggregator;
    }

    /// <summary>
    /// False sends every row through the field-by-field path (tests compare both paths on the same files); the fast path
    /// must accept exactly the rows that path accepts, with the same values.
    /// </summary>
    internal bool FastPath { get; init; } = true;

    /// <summary>
    /// Whether every quote inside a quoted field's text comes doubled (RFC 4180), as in <c>"He said ""hi"""</c>. The quote
    /// parity that cuts the fields also accepts <c>"a"b"c"</c> as one field; that is a malformed field, not the id
    /// <c>a"b"c</c> (and the contact-id check, which compares ids with their quotes as written, would not know it).
    /// </summary>
    internal static bool InnerQuotesDoubled(ReadOnlySpan<byte> inner)
    {
        for (var at = inner.IndexOf((byte)'"'); at >= 0;)
        {
            if (at + 1 == inner.Length || inner[at + 1] != '"')
            {
                return false;
            }
            var next = inner[(at + 2)..].IndexOf((byte)'"');
            at = next < 0 ? -1 : at + 2 + next;
        }
        return true;
    }

    /// <summary>When set, sees each valid row's contact id before the row is added, and may refuse it (a repeated id).</summary>
    public ContactIdWatch? ContactIds { get; set; }

    /// <summary>Errors listed per block at most; later ones are only counted.</summary>
    public int MaxListedErrors { get; init; } = 100;

    /// <summary>
    /// Parses <paramref name="block"/>, which starts at a row boundary and holds whole rows (the last one may lack its
    /// line break only at the end of the file). Valid rows go to the aggregator; each invalid row adds errors whose
    /// <see cref="CdrRowError.Row"/> and <see cref="CdrRowError.Line"/> are 1-based within this block.
    /// </summary>
    /// <remarks>
    /// The structural characters (comma, line feed, quote) of each 32-byte chunk are found at once as a bit mask
    /// (Vector256 compares); the loop then walks the set bits, toggling a quote state on each quote (RFC 4180 parity:
    /// a doubled quote toggles twice), and only notes where each field ends. At each line feed the whole row is checked
    /// and added in one straight pass (<see cref="TryAddRow{TOrder}"/>: no call or switch per field, the timestamps through
    /// <see cref="CdrTimestamp.TryParseCommon"/>). A row that pass does not accept (any error, or an unusual but valid
    /// shape) is parsed again field by field by <see cref="ParseRowsOneByOne"/>, the one place that names errors.
    /// </remarks>
    public CdrBlockResult Parse(ReadOnlySpan<byte> block, List<CdrRowError> errors) => Parse(block, errors, null);

    /// <summary>
    /// The same; when <paramref name="rejected"/> is given, every invalid row is also added to it, with its text and all its
    /// reasons (the error list stops at <see cref="MaxListedErrors"/>; this one does not), for <c>--accept-valid</c>.
    /// </summary>
    public CdrBlockResult Parse(ReadOnlySpan<byte> block, List<CdrRowError> errors, List<CdrRejectedRow>? rejected)
    {
        ArgumentNullException.ThrowIfNull(errors);
        _rejected = rejected;
        return _standardOrder ? Parse<StandardOrder>(block, errors) : Parse<HeaderOrder>(block, errors);
    }
}
