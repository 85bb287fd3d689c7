using UglyToad.PdfPig;

namespace CertDesk.Tests.Infrastructure;

/// <summary>The words of a PDF the app wrote, page after page, one space between words (PdfPig reads the embedded fonts' Unicode maps).</summary>
public static class PdfTextOf
{
    public static string Words(byte[] pdf)
    {
        Assert.True(pdf.Length > 4 && System.Text.Encoding.ASCII.GetString(pdf, 0, 4) == "%PDF", "not a PDF");
        using var document = PdfDocument.Open(pdf);
        return string.Join(' ', document.GetPages().SelectMany(page => page.GetWords()).Select(word => word.Text));
    }
}
