using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace CertDesk.Features.Proof;

/// <summary>
/// The name a KPI import is recorded under, so that the same file imported again is answered from its record with nothing
/// read or rewritten: <c>xxh128:</c> and the XXH128 of the file's bytes in 32 hex digits; when something besides the bytes
/// makes the facts (the interval settings, a platform format, a column mapping), a SHA-256 of that key and those words,
/// cut to the same 128 bits (<see cref="With"/>).
/// <para>
/// Why not SHA-256, the key of earlier versions: on a 1.35 GB CDR file it takes 0.9 s of one core, which the import paid
/// beside its own read on two cores, where XXH128 takes 0.04 s (bench/RESULTS-kpi.md, "2026-12-05, afternoon"). The key
/// keeps a file from being imported twice by mistake; it is not a seal against forgery, since whoever may import a file
/// may import any file.
/// </para>
/// <para>
/// Records written under the SHA-256 stay good. While the database holds one this file could be (same kind, and its size
/// or no size recorded), the SHA-256 is worked out in the same read and looked up as well: <see cref="Legacy"/>.
/// </para>
/// </summary>
internal sealed record ImportKey(string Current, string? Legacy, long? Bytes)
{
    public const string Prefix = "xxh128:";

    /// <summary>The key of the same bytes read another way (the words name the settings, format or mapping).</summary>
    public ImportKey With(string what) =>
        new(Prefix + Sha256Hex($"{Current}|{what}")[..32], Legacy is null ? null : Sha256Hex($"{Legacy}|{what}"), Bytes);

    /// <summary>A key that is no file's (generated facts are recorded under their source's name).</summary>
    public static ImportKey Named(string name) => new(name, null, null);

    /// <summary>The key of a file of <paramref name="bytes"/> bytes from the XXH128 its whole content was fed to (<c>import cdr</c> feeds it as it reads the file).</summary>
    public static ImportKey Of(XxHash128 content, long bytes) => new(Prefix + Convert.ToHexStringLower(content.GetCurrentHash()), null, bytes);

    /// <summary>
    /// The file's key, with its SHA-256 too when <paramref name="withLegacy"/>, read once in 1 MiB pieces on a worker thread
    /// (the stream overloads read 4 KiB at a time).
    /// </summary>
    public static Task<ImportKey> OfFileAsync(string path, bool withLegacy, CancellationToken ct) => Task.Run(() =>
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        var xxh = new XxHash128();
        using var sha = withLegacy ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        long bytes = 0;
        try
        {
            int read;
            while ((read = file.Read(buffer)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                xxh.Append(buffer.AsSpan(0, read));
                sha?.AppendData(buffer, 0, read);
                bytes += read;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
        return Of(xxh, bytes) with { Legacy = sha is null ? null : Convert.ToHexStringLower(sha.GetHashAndReset()) };
    }, ct);

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
