using System.Linq.Expressions;
using CertDesk.Files;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore.Query;

namespace CertDesk.Features.Shared;

/// <summary>
/// The one place where list pages get their table features from the query string (so they work without JavaScript,
/// in one round trip): search (<c>q</c>), filters (one query key each), sort (<c>sort</c> = column key, <c>dir</c> =
/// asc|desc), paging (<c>page</c>) and the CSV export of every matching row (the page's <c>?handler=Csv</c>, same
/// query, written by <see cref="CsvTable.Write"/> with formula cells neutralized).
/// A page describes its table once (columns, search fields, filters) over an <see cref="IQueryable{T}"/> of rows:
/// an EF Core query (sorted and paged in the database) or rows already in memory (<c>list.AsQueryable()</c>, sorted and
/// paged with delegates from <see cref="CompiledLambdas"/>, never by compiling the query).
/// The caller's scope is applied by the page before it hands the rows over.
/// </summary>
public sealed class Table<T>(string path, string fileName, int pageSize = 25)
{
    private readonly List<ColumnDef> _columns = [];
    private readonly List<TableFilter> _filters = [];
    private readonly Dictionary<string, Func<string, Expression<Func<T, bool>>>> _filterWhere = new(StringComparer.Ordinal);
    private readonly List<Expression<Func<T, string?>>> _searchFields = [];
    private Func<IOrderedQueryable<T>, IOrderedQueryable<T>> _tieBreak = q => q;
    private Func<IOrderedEnumerable<T>, IOrderedEnumerable<T>> _tieBreakInMemory = rows => rows;
    private string? _defaultSort;
    private bool _defaultDescending;
    private string? _searchPlaceholder;

    /// <summary>
    /// A column: its sort on a database query and on rows in memory (null when it does not sort), and its CSV text
    /// function, made when the export asks for it.
    /// </summary>
    private sealed record ColumnDef(TableColumn Head, Func<IQueryable<T>, bool, IOrderedQueryable<T>>? Sort,
        Func<IEnumerable<T>, bool, IOrderedEnumerable<T>>? SortInMemory, Func<Func<T, string>> Text);

    /// <summary>A column: shown in the table head (a sort link when sortable) and written to the CSV export.</summary>
    public Table<T> Column<TKey>(string key, string header, Expression<Func<T, TKey>> value, bool sortable = true, bool numeric = false, Func<T, string>? text = null)
    {
        // Nothing is compiled here: pages describe their table on every request, and compiling each column's expression
        // then (a new method for the JIT every time) was half the server's CPU on a list page under load.
        _columns.Add(new ColumnDef(
            new TableColumn(key, header, sortable, numeric),
            sortable ? (q, descending) => descending ? q.OrderByDescending(value) : q.OrderBy(value) : null,
            sortable ? (rows, descending) => descending ? rows.OrderByDescending(CompiledLambdas.Of(value)) : rows.OrderBy(CompiledLambdas.Of(value)) : null,
            text is not null ? () => text : () =>
            {
                var compiled = CompiledLambdas.Of(value);
                return row => Format(compiled(row));
            }));
        return this;
    }

    /// <summary>The order when the query names none (default: the first sortable column, ascending).</summary>
    public Table<T> SortBy(string key, bool descending = false)
    {
        _defaultSort = key;
        _defaultDescending = descending;
        return this;
    }

    /// <summary>The last ordering key, so that equal sort values keep one order from page to page.</summary>
    public Table<T> ThenBy<TKey>(Expression<Func<T, TKey>> key)
    {
        _tieBreak = q => q.ThenBy(key);
        _tieBreakInMemory = rows => rows.ThenBy(CompiledLambdas.Of(key));
        return this;
    }

    /// <summary>A search box: a row matches when any of the fields contains the text, ignoring case.</summary>
    public Table<T> SearchIn(string placeholder, params Expression<Func<T, string?>>[] fields)
    {
        _searchPlaceholder = placeholder;
        _searchFields.AddRange(fields);
        return this;
    }

    /// <summary>
    /// A drop-down filter. <paramref name="where"/> gets one of the option values (never anything else) except "",
    /// which means "no filter"; <paramref name="defaultValue"/> applies when the query has no value.
    /// </summary>
    public Table<T> Filter(string key, string label, IEnumerable<TableOption> options, Func<string, Expression<Func<T, bool>>> where, string defaultValue = "")
    {
        var list = options.ToList();
        if (defaultValue.Length > 0 && list.Any(o => o.Value.Length == 0))
        {
            // A link leaves "" out, so "" could not override a default: such a filter names its "all" option instead.
            throw new ArgumentException($"filter {key}: with a default value, give \"all\" a value other than \"\"", nameof(options));
        }
        _filters.Add(new TableFilter(key, label, list, defaultValue, defaultValue));
        _filterWhere[key] = where;
        return this;
    }

    /// <summary>The page of rows the query asks for, with everything the table partials need.</summary>
    public async Task<TableView<T>> PageAsync(IQueryable<T> rows, IQueryCollection query, CancellationToken ct)
    {
        var state = Read(query);
        List<T> list;
        int total, page;
        if (InMemory(rows))
        {
            var matching = ApplyInMemory(rows, state).ToList();
            total = matching.Count;
            page = PageOf(state, total);
            list = [.. matching.Skip((page - 1) * pageSize).Take(pageSize)];
        }
        else
        {
            var filtered = Apply(rows, state);
            total = await filtered.CountAsync(ct);
            page = PageOf(state, total);
            list = await filtered.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        }
        return new TableView<T>(list, path, [.. _columns.Select(c => c.Head)], state.Filters, _searchPlaceholder, state.Search, state.Sort,
            state.Descending, page, pageSize, total);
    }

    private int PageOf(State state, int total) => Math.Clamp(state.Page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));

    /// <summary>Rows already in memory (anything but an EF Core query): enumerating <c>list.AsQueryable()</c> reads the list itself.</summary>
    private static bool InMemory(IQueryable<T> rows) => rows.Provider is not IAsyncQueryProvider;

    /// <summary>Every row that matches the query (all pages), in its order, as a CSV download.</summary>
    public async Task<FileContentResult> CsvAsync(IQueryable<T> rows, IQueryCollection query, CancellationToken ct)
    {
        var state = Read(query);
        var list = InMemory(rows) ? ApplyInMemory(rows, state).ToList() : await Apply(rows, state).ToListAsync(ct);
        var texts = _columns.Select(c => c.Text()).ToList();
        var csv = CsvTable.Write([.. _columns.Select(c => c.Head.Header)], list.Select(r => (IReadOnlyList<string?>)[.. texts.Select(text => text(r))]));
        return new FileContentResult(CsvTable.Utf8(csv, CsvTable.WantsByteOrderMark(query["bom"])), "text/csv; charset=utf-8") { FileDownloadName = fileName + ".csv" };
    }

    private sealed record State(string Search, string Sort, bool Descending, int Page, IReadOnlyList<TableFilter> Filters);

    /// <summary>
    /// The view the query asks for (search, sort, page, each filter's choice) as one string, for keeping a page's rows
    /// (<see cref="Hosting.VersionedCache"/>): two queries that ask for the same view have the same key, whatever else
    /// they carry.
    /// </summary>
    public string ViewKey(IQueryCollection query)
    {
        var state = Read(query);
        return string.Join('\u001f', [state.Search, state.Sort, state.Descending ? "desc" : "asc", state.Page.ToString(CultureInfo.InvariantCulture),
            .. state.Filters.Select(f => f.Selected)]);
    }

    private State Read(IQueryCollection query)
    {
        var sortable = _columns.Where(c => c.Sort is not null).Select(c => c.Head.Key).ToList();
        var sort = query["sort"].ToString();
        var descending = string.Equals(query["dir"].ToString(), "desc", StringComparison.Ordinal);
        if (!sortable.Contains(sort, StringComparer.Ordinal))
        {
            sort = _defaultSort ?? sortable.FirstOrDefault() ?? "";
            descending = query.ContainsKey("dir") ? descending : _defaultDescending;
        }
        var page = int.TryParse(query["page"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 1;
        var filters = _filters.Select(f =>
        {
            var value = query.TryGetValue(f.Key, out var v) ? v.ToString() : f.Default;
            return f with { Selected = f.Options.Any(o => o.Value == value) ? value : f.Default };
        }).ToList();
        var search = query["q"].ToString().Trim();
        return new State(search.Length > 200 ? search[..200] : search, sort, descending, page, filters);
    }

    private IQueryable<T> Apply(IQueryable<T> rows, State state)
    {
        foreach (var f in state.Filters.Where(f => f.Selected.Length > 0))
        {
            rows = rows.Where(_filterWhere[f.Key](f.Selected));
        }
        if (state.Search.Length > 0 && _searchFields.Count > 0)
        {
            rows = rows.Where(Matches(state.Search));
        }
        var column = _columns.FirstOrDefault(c => c.Head.Key == state.Sort && c.Sort is not null);
        return column is null ? rows : _tieBreak(column.Sort!(rows, state.Descending));
    }

    /// <summary>The same filters, search and order as <see cref="Apply"/>, on rows in memory (LINQ to objects).</summary>
    private IEnumerable<T> ApplyInMemory(IEnumerable<T> rows, State state)
    {
        foreach (var f in state.Filters.Where(f => f.Selected.Length > 0))
        {
            rows = rows.Where(CompiledLambdas.Of(_filterWhere[f.Key](f.Selected)));
        }
        if (state.Search.Length > 0 && _searchFields.Count > 0)
        {
            rows = rows.Where(CompiledLambdas.Of(Matches(state.Search)));
        }
        var column = _columns.FirstOrDefault(c => c.Head.Key == state.Sort && c.SortInMemory is not null);
        return column is null ? rows : _tieBreakInMemory(column.SortInMemory!(rows, state.Descending));
    }

    /// <summary>r => (f1 != null &amp;&amp; f1.ToLower().Contains(term)) || ... (translates to SQL lower/instr or strpos; runs in memory too).</summary>
    private Expression<Func<T, bool>> Matches(string search)
    {
        var row = Expression.Parameter(typeof(T), "r");
        // A member of a closure object, so that EF Core sends the term as a parameter.
        var term = Expression.Property(Expression.Constant(new SearchTerm(search.ToLowerInvariant())), nameof(SearchTerm.Value));
        var toLower = typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!;
        var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
        Expression? any = null;
        foreach (var field in _searchFields)
        {
            var value = new Rebind(field.Parameters[0], row).Visit(field.Body);
            var one = Expression.AndAlso(Expression.NotEqual(value, Expression.Constant(null, typeof(string))),
                Expression.Call(Expression.Call(value, toLower), contains, term));
            any = any is null ? one : Expression.OrElse(any, one);
        }
        return Expression.Lambda<Func<T, bool>>(any!, row);
    }

    private sealed record SearchTerm(string Value);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    /// <summary>CSV cell text: invariant culture, ISO dates, numbers without grouping.</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm", CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>A column head: its query key, its header text, whether it sorts and whether it holds numbers (right-aligned).</summary>
public sealed record TableColumn(string Key, string Header, bool Sortable, bool Numeric);

/// <summary>One choice of a filter drop-down ("" = no filter).</summary>
public sealed record TableOption(string Value, string Label)
{
    /// <summary>"All ..." (no filter), then each distinct non-empty value, in order.</summary>
    public static IReadOnlyList<TableOption> Choices(string allLabel, IEnumerable<string?> values) =>
        [new("", allLabel), .. values.Where(v => !string.IsNullOrEmpty(v)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(v => new TableOption(v!, v!))];
}

/// <summary>A filter drop-down with its options, the value in effect and the value when the query names none.</summary>
public sealed record TableFilter(string Key, string Label, IReadOnlyList<TableOption> Options, string Selected, string Default);

/// <summary>What the table partials (_TableTools, _TableHead, _Pager) render: the state of the query and links that keep it.</summary>
public class TableView(string path, IReadOnlyList<TableColumn> columns, IReadOnlyList<TableFilter> filters, string? searchPlaceholder,
    string search, string sort, bool descending, int page, int pageSize, int total)
{
    public string Path { get; } = path;
    public IReadOnlyList<TableColumn> Columns { get; } = columns;
    public IReadOnlyList<TableFilter> Filters { get; } = filters;
    public string? SearchPlaceholder { get; } = searchPlaceholder;
    public string Search { get; } = search;
    public string Sort { get; } = sort;
    public bool Descending { get; } = descending;
    public int Page { get; } = page;
    public int Total { get; } = total;

    /// <summary>True when a search or a filter other than its default narrows the rows.</summary>
    public bool Narrowed => Search.Length > 0 || Filters.Any(f => f.Selected != f.Default);

    public PagerModel Pager => new(Page, pageSize, Total, Path, State(sort: Sort, descending: Descending));

    /// <summary>The header link: sorts by the column, ascending first, and the other way on the current column; back to page 1.</summary>
    public string SortLink(string key) =>
        QueryHelpers.AddQueryString(Path, Clean(State(sort: key, descending: key == Sort && !Descending)));

    /// <summary>aria-sort for a column head: "ascending"/"descending" on the sorted column, none elsewhere.</summary>
    public string? AriaSort(string key) => key == Sort ? (Descending ? "descending" : "ascending") : null;

    /// <summary>The CSV of every matching row, in the current order.</summary>
    public string CsvLink => QueryHelpers.AddQueryString(Path, Clean(new Dictionary<string, string?>(State(Sort, Descending)) { ["handler"] = "Csv" }));

    /// <summary>The same export with a byte-order mark, for Excel on Windows.</summary>
    public string CsvForExcelLink => QueryHelpers.AddQueryString(CsvLink, "bom", "true");

    /// <summary>The same page without search and filters.</summary>
    public string ClearLink => Path;

    private Dictionary<string, string?> State(string sort, bool descending)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal) { ["q"] = Search };
        foreach (var f in Filters)
        {
            // A filter left at its default stays out of the link.
            values[f.Key] = f.Selected == f.Default ? null : f.Selected;
        }
        values["sort"] = sort;
        values["dir"] = descending ? "desc" : "asc";
        return values;
    }

    private static IEnumerable<KeyValuePair<string, string?>> Clean(Dictionary<string, string?> values) => values.Where(v => !string.IsNullOrEmpty(v.Value));
}

/// <summary>A page of rows and its table state.</summary>
public sealed class TableView<T>(IReadOnlyList<T> rows, string path, IReadOnlyList<TableColumn> columns, IReadOnlyList<TableFilter> filters,
    string? searchPlaceholder, string search, string sort, bool descending, int page, int pageSize, int total)
    : TableView(path, columns, filters, searchPlaceholder, search, sort, descending, page, pageSize, total)
{
    public IReadOnlyList<T> Rows { get; } = rows;
}
