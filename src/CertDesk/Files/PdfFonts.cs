using System.Text;
using PdfSharp.Fonts;

namespace CertDesk.Files;

/// <summary>
/// PDFsharp 6 has no font discovery on Linux: this resolver serves DejaVu Sans (regular and bold) from the
/// Debian package fonts-dejavu-core, and for the characters DejaVu lacks, so that a roster's names print as written
/// instead of as empty boxes: Korean in NanumGothic (fonts-nanum), Chinese and Japanese in Droid Sans Fallback
/// (fonts-droid-fallback). Every other family name maps to DejaVu, so documents look the same everywhere.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Directory = "/usr/share/fonts/truetype/dejavu";
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    /// <summary>A font for a script DejaVu has no glyphs for; used only when its Debian package is installed.</summary>
    public sealed record Fallback(string Family, string Package, string RegularPath, string? BoldPath, Func<int, bool> Covers)
    {
        public bool Installed { get; } = File.Exists(RegularPath);
    }

    /// <summary>
    /// Which characters go to which fallback, first match wins. Fixed Unicode blocks rather than a glyph lookup:
    /// PDFsharp does not expose a font's character map publicly, and these blocks are exactly DejaVu's gap.
    /// Droid Sans Fallback covers CJK ideographs, kana and fullwidth forms but not Hangul syllables, hence Nanum first.
    /// </summary>
    public static IReadOnlyList<Fallback> Fallbacks { get; } =
    [
        new("NanumGothic", "fonts-nanum", "/usr/share/fonts/truetype/nanum/NanumGothic.ttf", "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf",
            c => c is (>= 0x1100 and <= 0x11FF) or (>= 0x3130 and <= 0x318F) or (>= 0xA960 and <= 0xA97F) or (>= 0xAC00 and <= 0xD7FF)),
        new("Droid Sans Fallback", "fonts-droid-fallback", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", null,
            c => c is (>= 0x2E80 and <= 0xA4CF) or (>= 0xF900 and <= 0xFAFF) or (>= 0xFE30 and <= 0xFE4F) or (>= 0xFF00 and <= 0xFFEF)
                or (>= 0x20000 and <= 0x3134F)),
    ];

    private static readonly Lock s_gate = new();
    private static bool s_installed;

    /// <summary>Installs the resolver once per process; fails with a clear message when the fonts are missing.</summary>
    public static void EnsureInstalled()
    {
        lock (s_gate)
        {
            if (s_installed)
            {
                return;
            }
            foreach (var face in new[] { Regular, Bold })
            {
                if (!File.Exists(PathOf(face)))
                {
                    throw new InvalidOperationException(
                        $"PDF fonts are missing: {PathOf(face)} was not found. Install the Debian package fonts-dejavu-core (apt-get install fonts-dejavu-core).");
                }
            }
            GlobalFontSettings.FontResolver ??= new PdfFonts();
            s_installed = true;
        }
    }

    /// <summary>
    /// The installed fallback for a character DejaVu cannot draw, else null (DejaVu draws it, as a box if it must:
    /// a missing optional font package never stops an agreement from being issued; docs/operations.md says so).
    /// </summary>
    public static Fallback? FallbackFor(Rune rune)
    {
        foreach (var fallback in Fallbacks)
        {
            if (fallback.Covers(rune.Value))
            {
                return fallback.Installed ? fallback : null;
            }
        }
        return null;
    }

    private static string PathOf(string face) => Path.Combine(Directory, face + ".ttf");

    // Face names: DejaVu's file names, or "fallback:FAMILY" and "fallback:FAMILY:bold" for a fallback.
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        if (Fallbacks.FirstOrDefault(f => f.Family == familyName) is { } fallback)
        {
            var hasBold = bold && fallback.BoldPath is not null;
            return new("fallback:" + fallback.Family + (hasBold ? ":bold" : ""), mustSimulateBold: bold && !hasBold, mustSimulateItalic: italic);
        }
        return new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);
    }

    public byte[]? GetFont(string faceName)
    {
        ArgumentNullException.ThrowIfNull(faceName);
        if (faceName.StartsWith("fallback:", StringComparison.Ordinal))
        {
            var parts = faceName.Split(':');
            var fallback = Fallbacks.First(f => f.Family == parts[1]);
            return File.ReadAllBytes(parts.Length > 2 ? fallback.BoldPath! : fallback.RegularPath);
        }
        return File.ReadAllBytes(PathOf(faceName is Bold ? Bold : Regular));
    }
}
