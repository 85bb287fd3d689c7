using CertDesk.Domain.Kpi;

namespace CertDesk.Domain.Tests.Kpi;

public sealed class CellTotalsTests
{
    [Fact]
    public void EnsureCapacity_CellsWrittenBeforeStayWhereTheyAre_RoomInWholeChunks()
    {
        var totals = new CellTotals();
        totals.EnsureCapacity(100);
        for (var cell = 0; cell < 100; cell++)
        {
            totals[cell].Offered = cell + 1;
        }

        totals.EnsureCapacity(10_000);

        Assert.Equal(12_288, totals.Capacity); // three chunks of 4,096
        Assert.All(Enumerable.Range(0, 100), cell => Assert.Equal(cell + 1, totals[cell].Offered));
        totals[9_999].Answered = 7;
        Assert.Equal(7, totals[9_999].Answered);
        Assert.Throws<IndexOutOfRangeException>(() => totals[12_288].Offered);
    }

    [Fact]
    public void Clear_ZeroesExactlyTheFirstCells_AcrossChunks()
    {
        var totals = new CellTotals();
        totals.EnsureCapacity(9_000);
        for (var cell = 0; cell < 9_000; cell++)
        {
            totals[cell].Offered = 1;
        }

        totals.Clear(5_000);

        Assert.Equal(0, totals[0].Offered);
        Assert.Equal(0, totals[4_999].Offered);
        Assert.Equal(1, totals[5_000].Offered);
        Assert.Equal(1, totals[8_999].Offered);
        Assert.Equal(12_288, totals.Capacity);
    }
}
