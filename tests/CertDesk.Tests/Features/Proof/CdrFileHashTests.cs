using System.IO.Hashing;
using CertDesk.Domain.Kpi;
using CertDesk.Features.Proof;
using CertDesk.TestSupport;

namespace CertDesk.Tests.Features.Proof;

/// <summary>
/// <c>import cdr</c> works its file's key out from the bytes the aggregation reads: the hash it is fed is the hash of the whole
/// file, whichever worker cut which block, so the key equals the one a read of its own gives (a file imported again is known).
/// </summary>
public sealed class CdrFileHashTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("certdesk-filehash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Aggregate_FedTheFileHash_ItIsTheWholeFilesHash(int workers)
    {
        var path = Path.Combine(_dir, "cdr.csv");
        File.WriteAllBytes(path, CdrTestData.ToCsv(CdrTestData.GenerateRows(70_000, seed: 3), new CdrFileStyle(Crlf: true, QuoteAnyway: 0.2)));
        Assert.True(new FileInfo(path).Length > 2 * CdrAggregation.BlockSize, "the file spans several blocks");
        var fed = new XxHash128();

        var (result, cells) = CdrAggregation.Read(path, new KpiSettings(), workerCount: workers, uniqueContactIds: true, fileHash: fed);
        cells?.Dispose();

        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        Assert.Equal(XxHash128.Hash(File.ReadAllBytes(path)), fed.GetCurrentHash());
    }
}
