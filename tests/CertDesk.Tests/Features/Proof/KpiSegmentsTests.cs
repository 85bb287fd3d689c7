using System.Globalization;
using System.Text;
using CertDesk.Data;
using CertDesk.Features.Proof;
using CertDesk.Tests.Infrastructure;
using CertDesk.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.Tests.Features.Proof;

/// <summary>
/// The segment sums the ROI study uses (<see cref="KpiQueries.SegmentsAsync"/>, each fact read once) give exactly the totals of the direct
/// per-window query, for windows that start and end on any day, and the same months, on both providers.
/// </summary>
public abstract class KpiSegmentsTests(AppFixture fixture)
{
    [ProviderFact]
    public async Task DaySums_AnyWindowAndEveryMonth_EqualTheDirectTotals()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var kpis = scope.ServiceProvider.GetRequiredService<KpiQueries>();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        // Three demo teams: 75 days of intervals across month ends (a few per day, varying), QA scores of one person each.
        var people = await db.Employees.Where(e => e.Team != null).OrderBy(e => e.EmployeeNumber)
            .Select(e => new { e.EmployeeNumber, Team = e.Team!.Code }).ToListAsync();
        var chosen = people.GroupBy(p => p.Team).OrderBy(g => g.Key, StringComparer.Ordinal).Take(3).Select(g => g.First()).ToList();
        var teams = chosen.Select(p => p.Team).ToList();
        var first = new DateOnly(2025, 1, 20);
        var intervals = new StringBuilder("team_id,interval_start,offered,answered,abandoned,answered_within_threshold,wait_seconds_answered,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat_sum,csat_count\n");
        var qa = new StringBuilder("employee_id,date,score\n");
        // The intervals file is sorted by team, then time; QA rows may come in any order.
        for (var t = 0; t < teams.Count; t++)
        {
            for (var d = 0; d < 75; d++)
            {
                var day = first.AddDays(d);
                for (var slot = 0; slot < 1 + ((d + t) % 3); slot++)
                {
                    var at = day.ToDateTime(new TimeOnly(8 + (slot * 5), 15), DateTimeKind.Utc);
                    var offered = 10 + ((d * 7) + (t * 3) + slot) % 23;
                    intervals.Append(CultureInfo.InvariantCulture, $"{teams[t]},{at:yyyy-MM-dd'T'HH:mm:ss'Z'},{offered},{offered - 1},1,{offered - 3},{offered * 9},{offered * 280},40,90,1,{offered - 4},{4 * (d % 5)},{d % 5}\n");
                }
                if (d % 4 == t)
                {
                    qa.Append(CultureInfo.InvariantCulture, $"{chosen[t].EmployeeNumber},{day:yyyy-MM-dd},{60 + (d % 40)}.5\n");
                }
            }
        }
        using (var file = TempFile.WithText(intervals.ToString()))
        {
            (await fixture.App.RunCliAsync("import", "intervals", file.Path)).ShouldExit(CertDesk.Cli.ExitCodes.Success);
        }
        using (var file = TempFile.WithText(qa.ToString()))
        {
            (await fixture.App.RunCliAsync("import", "qa", file.Path)).ShouldExit(CertDesk.Cli.ExitCodes.Success);
        }
        teams.Add("NO-SUCH-TEAM");
        var last = first.AddDays(75);

        var from = first.AddDays(3);
        var to = last.AddDays(-2);
        var windows = new[] { (from, to), (from.AddDays(5), from.AddDays(40)), (to.AddDays(-17), to), (from.AddDays(1), from.AddDays(2)) };
        var days = await kpis.SegmentsAsync(teams, from, to, windows.SelectMany(w => new[] { w.Item1, w.Item2 }), CancellationToken.None);
        foreach (var (start, end) in windows)
        {
            var direct = await kpis.TeamTotalsAsync(teams, start, end, CancellationToken.None);
            foreach (var team in teams)
            {
                Assert.Equal(direct[team], days.Totals(team, start, end));
            }
        }
        Assert.True(days.Totals(teams[0], from, to).Offered > 0, "the demo has facts for the first team");

        var monthly = days.Monthly();
        foreach (var team in teams)
        {
            foreach (var (month, totals) in monthly[team])
            {
                var start = month < from ? from : month;
                var end = month.AddMonths(1) > to ? to : month.AddMonths(1);
                Assert.Equal((await kpis.TeamTotalsAsync([team], start, end, CancellationToken.None))[team], totals);
            }
        }
        // A window must start and end on loaded boundaries (its own, or a month start).
        Assert.Throws<ArgumentOutOfRangeException>(() => days.Totals(teams[0], from.AddDays(-1), to));
        Assert.Throws<ArgumentOutOfRangeException>(() => days.Totals(teams[0], from.AddDays(3), to));
    }
}

public sealed class SqliteKpiSegmentsTests(SqliteDemoApp fixture) : KpiSegmentsTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresKpiSegmentsTests(PostgresDemoApp fixture) : KpiSegmentsTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
