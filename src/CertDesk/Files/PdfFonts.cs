using PdfSharp.Fonts;

namespace CertDesk.Files;

/// <summary>
/// PDFsharp 6 has no font discovery on Linux: this resolver serves DejaVu Sans (regular and bold) from the
/// Debian package fonts-dejavu-core. Every family name maps to it, so documents look the same everywhere.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Directory = "/usr/share/fonts/truetype/dejavu";
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

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

    private static string PathOf(string face) => Path.Combine(Directory, face + ".ttf");

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName) => File.ReadAllBytes(PathOf(faceName is Bold ? Bold : Regular));
}
