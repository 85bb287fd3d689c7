using System.Security.Cryptography;

namespace CertDesk.Features.Enrollments;

/// <summary>
/// Receipts and CE evidence: PDF, PNG or JPEG, at most <see cref="FollowOptions.MaxEvidenceBytes"/>, recognized by
/// the file's first bytes (its signature), not only by its name.
/// </summary>
public static class EvidenceFiles
{
    /// <summary>Uploads (receipts, CE evidence): up to 20 MB reach the handler, which refuses more than Follow:MaxEvidenceBytes with a 422 naming the file.</summary>
    public const long UploadLimit = 20L * 1024 * 1024;

    private static readonly (string Type, string[] Extensions, byte[] Signature)[] s_allowed =
    [
        ("application/pdf", [".pdf"], "%PDF-"u8.ToArray()),
        ("image/png", [".png"], [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ("image/jpeg", [".jpg", ".jpeg"], [0xFF, 0xD8, 0xFF]),
    ];

    /// <summary>The content type, or the reason the file is refused.</summary>
    public static (string? ContentType, string? Error) Inspect(string fileName, ReadOnlySpan<byte> content, long maxBytes)
    {
        if (content.Length == 0)
        {
            return (null, "the file is empty");
        }
        if (content.Length > maxBytes)
        {
            return (null, $"the file is {content.Length / 1024.0 / 1024.0:0.0} MB; at most {maxBytes / 1024 / 1024} MB is accepted");
        }
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        foreach (var (type, extensions, signature) in s_allowed)
        {
            if (content.StartsWith(signature))
            {
                return extensions.Contains(extension)
                    ? (type, null)
                    : (null, $"the file's content is {type} but its name ends in '{extension}'");
            }
        }
        return (null, $"'{Path.GetFileName(fileName)}' is not a PDF, PNG or JPEG file (checked by its content)");
    }

    public static async Task<(byte[]? Bytes, string? Error)> ReadAsync(IFormFile file, long maxBytes, CancellationToken ct)
    {
        if (file.Length > maxBytes)
        {
            return (null, $"the file is {file.Length / 1024.0 / 1024.0:0.0} MB; at most {maxBytes / 1024 / 1024} MB is accepted");
        }
        using var buffer = new MemoryStream();
        await using var stream = file.OpenReadStream();
        await stream.CopyToAsync(buffer, ct);
        return (buffer.ToArray(), null);
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
