using System.Text;
using CertDesk.Domain.Kpi;

namespace CertDesk.Domain.Tests.Kpi;

public sealed class IntervalAggregatorTests
{
    /// <summary>Contacts of many teams whose cells come in an order far from the output's (so the sums must really move).</summary>
    private static void Fill(IntervalAggregator aggregator, int seed)
    {
        var random = new Random(seed);
        string[] teams = ["T9", "T10", "Équipe", "T1", "a", "T100", "Z", "営業"];
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        for (var i = 0; i < 20_000; i++)
        {
            var team = Encoding.UTF8.GetBytes(teams[random.Next(teams.Length)]);
            var arrived = start + random.NextInt64(0, TimeSpan.TicksPerDay * 20);
            var answered = random.Next(4) != 0;
            aggregator.Add(team, arrived, answered, !answered, random.Next(0, 90), random.Next(30, 900), random.Next(0, 20),
                random.Next(0, 20), random.Next(5) == 0, random.Next(2) == 0, random.Next(1, 6), random.Next(3) == 0);
        }
    }

    [Fact]
    public void TakeSortedCells_SameCellsAndSumsInTheOrderOfToFacts_AndEmptiesTheTable()
    {
        var settings = new KpiSettings();
        var reference = new IntervalAggregator(settings);
        var taken = new IntervalAggregator(settings);
        Fill(reference, 7);
        Fill(taken, 7);
        var expected = reference.ToFacts();

        var sorted = taken.TakeSortedCells();

        Assert.Equal(expected.Count, sorted.Count);
        Assert.Equal(0, taken.CellCount);
        var facts = new List<IntervalFact>();
        for (var i = 0; i < sorted.Count; i++)
        {
            var team = Encoding.UTF8.GetString(taken.TeamId((int)(sorted.Keys[i] >> IntervalAggregator.IntervalBits)));
            var start = new DateTime((sorted.Keys[i] & IntervalAggregator.IntervalMask) * settings.IntervalTicks, DateTimeKind.Utc);
            facts.Add(sorted.Totals[i].ToFact(team, start));
        }
        Assert.Equal(expected, facts);
    }

    [Fact]
    public void TakeSortedCells_TheTableGoesOnFromEmpty()
    {
        var settings = new KpiSettings();
        var aggregator = new IntervalAggregator(settings);
        Fill(aggregator, 3);
        aggregator.TakeSortedCells();

        Fill(aggregator, 4);
        var fresh = new IntervalAggregator(settings);
        Fill(fresh, 4);

        Assert.Equal(fresh.ToFacts(), aggregator.ToFacts());
    }
}
