using System.Linq.Expressions;
using System.Text;
using CertDesk.Features.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CertDesk.Tests.Features.Shared;

/// <summary>
/// Tables over rows in memory: lambdas that capture nothing are compiled once and shared, lambdas that capture a
/// request's values are never shared (each request gets its own choice), and the in-memory table filters, searches,
/// sorts and pages as LINQ to objects does.
/// </summary>
public sealed class CompiledLambdasTests
{
    private sealed record Row(string Name, string Team, int Score);

    private static readonly Row[] s_rows =
    [
        new("Ada", "North", 3), new("Bo", "South", 9), new("Cy", "North", 9), new("Di", "East", 1),
        new("Ed", "South", 4), new("Flo", "North", 7), new("Gus", "East", 9), new("Hal", "South", 2),
    ];

    private static Expression<Func<Row, string>> NameOf() => r => r.Name;

    [Fact]
    public void Of_TheSameLambdaBuiltTwice_IsCompiledOnce()
    {
        var first = NameOf();
        var second = NameOf();
        Assert.NotSame(first, second); // a new expression tree each time, as on each request
        Assert.Same(CompiledLambdas.Of(first), CompiledLambdas.Of(second));
        Assert.Equal("Ada", CompiledLambdas.Of(second)(s_rows[0]));
    }

    [Fact]
    public void Of_LambdasCapturingARequestsValue_AreNeverShared()
    {
        static Expression<Func<Row, bool>> InTeam(string team) => r => r.Team == team;
        Assert.False(CompiledLambdas.CapturesNothing(InTeam("North")));
        Assert.Equal(["Ada", "Cy", "Flo"], s_rows.Where(CompiledLambdas.Of(InTeam("North"))).Select(r => r.Name));
        Assert.Equal(["Bo", "Ed", "Hal"], s_rows.Where(CompiledLambdas.Of(InTeam("South"))).Select(r => r.Name));
    }

    [Fact]
    public void Of_ConstantsOfPlainValues_CountAsCapturingNothing()
    {
        Expression<Func<Row, bool>> high = r => r.Score > 5 && r.Name != "Bo";
        Assert.True(CompiledLambdas.CapturesNothing(high));
        Assert.Equal(["Cy", "Flo", "Gus"], s_rows.Where(CompiledLambdas.Of(high)).Select(r => r.Name));
    }

    private static Table<Row> Spec() => new Table<Row>("/test", "rows", pageSize: 3)
        .Column("name", "Name", r => r.Name)
        .Column("score", "Score", r => r.Score, numeric: true)
        .ThenBy(r => r.Name)
        .SearchIn("Search names", r => r.Name)
        .Filter("team", "Team", TableOption.Choices("All teams", s_rows.Select(r => r.Team)), team => r => r.Team == team);

    private static QueryCollection Query(params (string Key, string Value)[] values) =>
        new(values.ToDictionary(v => v.Key, v => new StringValues(v.Value)));

    [Fact]
    public void ViewKey_TheSameViewAsked_IsOneKey_AnythingElseInTheQueryIsLeftOut()
    {
        var spec = Spec();
        var plain = spec.ViewKey(Query());
        Assert.Equal(plain, spec.ViewKey(Query(("unrelated", "x"))));
        Assert.Equal(plain, spec.ViewKey(Query(("sort", "no-such-column"))));
        Assert.NotEqual(plain, spec.ViewKey(Query(("page", "2"))));
        Assert.NotEqual(plain, spec.ViewKey(Query(("q", "a"))));
        Assert.NotEqual(spec.ViewKey(Query(("q", "a"), ("page", "2"))), spec.ViewKey(Query(("q", "a2"))));
    }

    [Fact]
    public async Task InMemoryTable_FilterSortAndPage_AsLinqToObjects_WithEachRequestsOwnFilter()
    {
        // Sorted by score, highest first, ties by name; the second page of three.
        var all = await Spec().PageAsync(s_rows.AsQueryable(), Query(("sort", "score"), ("dir", "desc"), ("page", "2")), default);
        Assert.Equal(["Flo", "Ed", "Ada"], all.Rows.Select(r => r.Name));
        Assert.Equal(8, all.Total);

        // Two requests with other filter values, one after the other: each gets its own team.
        var north = await Spec().PageAsync(s_rows.AsQueryable(), Query(("team", "North"), ("sort", "score"), ("dir", "desc")), default);
        Assert.Equal(["Cy", "Flo", "Ada"], north.Rows.Select(r => r.Name));
        var east = await Spec().PageAsync(s_rows.AsQueryable(), Query(("team", "East"), ("sort", "score"), ("dir", "desc")), default);
        Assert.Equal(["Gus", "Di"], east.Rows.Select(r => r.Name));
    }

    [Fact]
    public async Task InMemoryTable_SearchIgnoringCase_AndTheExportHasEveryMatchingRow()
    {
        var found = await Spec().PageAsync(s_rows.AsQueryable(), Query(("q", "D")), default);
        Assert.Equal(["Ada", "Di", "Ed"], found.Rows.Select(r => r.Name));

        var csv = await Spec().CsvAsync(s_rows.AsQueryable(), Query(("team", "South"), ("sort", "name"), ("dir", "desc")), default);
        var text = Encoding.UTF8.GetString(csv.FileContents).TrimStart('\uFEFF');
        Assert.Equal(["Name,Score", "Hal,2", "Ed,4", "Bo,9"], text.Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries));
    }
}
