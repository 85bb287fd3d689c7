using CertDesk.Files;
using UglyToad.PdfPig;

namespace CertDesk.Tests.Features.Shared;

/// <summary>
/// Names as a roster holds them print as written: Chinese and Japanese characters are drawn in Droid Sans Fallback,
/// Korean in NanumGothic (DejaVu has no glyph for them, so they used to print as empty boxes), Latin text stays in DejaVu, and the file
/// still passes <c>qpdf --check</c>. Read back with PdfPig, which maps each glyph to its character through the font.
/// </summary>
public sealed class PdfNamesTests
{
    [Fact]
    public async Task CjkNames_PrintInTheFallbackFont_LatinInDejaVu_AndTheFileIsClean()
    {
        foreach (var fallback in PdfFonts.Fallbacks)
        {
            Assert.True(fallback.Installed, $"{fallback.RegularPath} is missing (Debian package {fallback.Package}; test.sh installs it)");
        }
        byte[] bytes;
        using (var pdf = new PdfText("Names"))
        {
            pdf.Heading("Agreement for 李小龍 (Li Xiaolong)");
            pdf.Field("Employee", "김민준 Kim Min-jun");
            pdf.Table(["Name", "Team"], [["山田 太郎", "Tokyo 東京"], ["Ana Núñez", "Madrid"]]);
            bytes = pdf.ToBytes();
        }

        await OutputFormatsTests.AssertQpdfCleanAsync(bytes, "cjk-names");
        using var document = PdfDocument.Open(bytes);
        var letters = document.GetPages().SelectMany(p => p.Letters).ToList();
        var text = string.Concat(letters.Select(l => l.Value));
        foreach (var expected in new[] { "李小龍", "김민준", "山田", "太郎", "東京", "Núñez", "Xiaolong" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        string FontOf(string character) => letters.First(l => l.Value == character).FontName ?? "";
        Assert.Contains("Droid Sans Fallback", FontOf("李"), StringComparison.Ordinal);
        Assert.Contains("NanumGothic", FontOf("김"), StringComparison.Ordinal);
        Assert.Contains("DejaVu", FontOf("X"), StringComparison.Ordinal);
        Assert.Contains("DejaVu", FontOf("ñ"), StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_SplitAtTheScriptBoundary_AndMeasureAsTheSumOfTheirParts()
    {
        // Width from runs: a mixed name is as wide as its Latin part plus its CJK part, so wrapping and columns hold.
        using var document = new PdfSharp.Pdf.PdfDocument();
        PdfFonts.EnsureInstalled();
        var page = document.AddPage();
        using var g = PdfSharp.Drawing.XGraphics.FromPdfPage(page);
        var font = new PdfSharp.Drawing.XFont(PdfFonts.Family, 10);
        var whole = PdfText.Measure(g, "Li 李小龍", font);
        var parts = PdfText.Measure(g, "Li ", font) + PdfText.Measure(g, "李小龍", font);
        Assert.Equal(parts, whole, 6);
        Assert.True(PdfText.Measure(g, "李小龍", font) > 20, "three ideographs at 10 pt are about 30 pt wide, not zero-width boxes");
    }
}
