using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;

namespace CertDesk.Files;

/// <summary>A rejected-rows file kept for its uploader: who may fetch it, the name to offer and the CSV text.</summary>
public sealed record RejectedRowsFile(string OwnerId, string FileName, string Csv);

/// <summary>
/// Keeps the rejected rows of an accept-valid web import (the content of FILE.rejected.csv) in the memory cache for a
/// short while, under a random id, so the result page can offer them as a download without putting a large file in
/// the page. Only the user who uploaded may fetch them: another user's id answers as if it did not exist.
/// </summary>
public static class RejectedRowsStore
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    /// <summary>Larger rejected files are not kept (memory); the page tells the user to use the command line.</summary>
    public const int MaxChars = 32 << 20;

    /// <summary>Keeps <paramref name="csv"/> for <paramref name="ownerId"/>; the download id, or null when too large to keep.</summary>
    public static string? Keep(IMemoryCache cache, string ownerId, string fileName, string csv)
    {
        if (string.IsNullOrEmpty(ownerId) || csv.Length > MaxChars)
        {
            return null;
        }
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        cache.Set(Key(id), new RejectedRowsFile(ownerId, fileName, csv), new MemoryCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = Lifetime,
            Size = csv.Length,
        });
        return id;
    }

    /// <summary>The file kept under <paramref name="id"/> if <paramref name="ownerId"/> uploaded it and it has not expired.</summary>
    public static RejectedRowsFile? Find(IMemoryCache cache, string ownerId, string? id) =>
        !string.IsNullOrEmpty(id) && !string.IsNullOrEmpty(ownerId) && cache.TryGetValue(Key(id), out RejectedRowsFile? file) && file is not null
            && string.Equals(file.OwnerId, ownerId, StringComparison.Ordinal)
            ? file
            : null;

    private static string Key(string id) => "rejected-rows:" + id;
}
