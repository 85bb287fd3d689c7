using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CertDesk.Files;

/// <summary>
/// A small flowing-text writer over PDFsharp: headings, paragraphs and label/value rows on US Letter pages,
/// wrapped by measured width, with page numbers. Enough for agreements, certificates and reports.
/// </summary>
public sealed class PdfText : IDisposable
{
    private const double Margin = 54;
    private readonly PdfDocument _document = new();
    private readonly XFont _body;
    private readonly XFont _bold;
    private readonly XFont _heading;
    private readonly XFont _small;
    private PdfPage _page = null!;
    private XGraphics _gfx = null!;
    private double _y;

    public PdfText(string title)
    {
        PdfFonts.EnsureInstalled();
        _document.Info.Title = title;
        _document.Info.Creator = "CertDesk";
        // What a screen reader needs of the catalog without a structure tree: the document's language (every text here is
        // English) and its title shown instead of the file name. The files are not tagged (docs/formats.md, PDF).
        _document.Internals.Catalog.Elements.SetString("/Lang", "en-US");
        _document.ViewerPreferences.DisplayDocTitle = true;
        // PDFsharp's deflate streams carry no zlib checksum, which qpdf --check reports on every stream: write them
        // uncompressed instead (larger files, every reader accepts them).
        _document.Options.NoCompression = true;
        _document.Options.CompressContentStreams = false;
        _body = new XFont(PdfFonts.Family, 10);
        _bold = new XFont(PdfFonts.Family, 10, XFontStyleEx.Bold);
        _heading = new XFont(PdfFonts.Family, 15, XFontStyleEx.Bold);
        _small = new XFont(PdfFonts.Family, 8);
        NewPage();
    }

    private double Width => _page.Width.Point - (2 * Margin);

    public void NewPage()
    {
        _gfx?.Dispose();
        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.Letter;
        _gfx = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    public void Heading(string text)
    {
        Space(6);
        Lines(text, _heading, 0);
        Space(4);
    }

    public void Paragraph(string text, bool bold = false)
    {
        Lines(text, bold ? _bold : _body, 0);
        Space(5);
    }

    public void Small(string text) => Lines(text, _small, 0);

    /// <summary>
    /// A label and its value in two columns that cannot overlap: the label wraps inside its column (with a gap before
    /// the value's), the value inside the rest of the width; the row is as tall as the longer of the two.
    /// </summary>
    public void Field(string label, string value)
    {
        const double labelWidth = 160, gap = 10;
        EnsureRoom(14);
        var labels = Wrap(label, _bold, labelWidth - gap);
        var values = Wrap(value, _body, Width - labelWidth);
        for (var i = 0; i < Math.Max(1, Math.Max(labels.Count, values.Count)); i++)
        {
            EnsureRoom(13);
            if (i < labels.Count)
            {
                Draw(_gfx, labels[i], _bold, XBrushes.Black, new XPoint(Margin, _y + 10));
            }
            if (i < values.Count)
            {
                Draw(_gfx, values[i], _body, XBrushes.Black, new XPoint(Margin + labelWidth, _y + 10));
            }
            _y += 13;
        }
        Space(2);
    }

    /// <summary>
    /// A small table: a bold header row, then the rows; columns share the width by <paramref name="widths"/> (relative),
    /// cells wrap. A row never splits across pages; the header is repeated on a new page.
    /// </summary>
    public void Table(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<double>? widths = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        const double pad = 4, lineHeight = 12;
        var shares = widths ?? [.. headers.Select(_ => 1.0)];
        var total = shares.Sum();
        var columns = shares.Select(w => Width * w / total).ToArray();

        void Row(IReadOnlyList<string> cells, XFont font, bool header)
        {
            var wrapped = cells.Select((text, i) => Wrap(text, font, columns[i] - (2 * pad))).ToList();
            var height = (wrapped.Max(w => w.Count) * lineHeight) + pad;
            if (_y + height > _page.Height.Point - Margin)
            {
                NewPage();
                if (!header)
                {
                    Row(headers, _bold, header: true);
                }
            }
            var x = Margin;
            for (var i = 0; i < wrapped.Count; i++)
            {
                var y = _y;
                foreach (var line in wrapped[i])
                {
                    Draw(_gfx, line, font, XBrushes.Black, new XPoint(x + pad, y + 9));
                    y += lineHeight;
                }
                x += columns[i];
            }
            _y += height;
            _gfx.DrawLine(header ? XPens.Black : XPens.LightGray, Margin, _y - (pad / 2), Margin + Width, _y - (pad / 2));
        }

        Row(headers, _bold, header: true);
        foreach (var row in rows)
        {
            Row(row, _body, header: false);
        }
        Space(6);
    }

    public void Rule()
    {
        EnsureRoom(8);
        _gfx.DrawLine(XPens.Gray, Margin, _y + 3, Margin + Width, _y + 3);
        _y += 8;
    }

    public void Space(double points) => _y += points;

    /// <summary>Reserves a block of the given height (a new page if needed) and lets the caller draw in it (charts).</summary>
    public void Block(double height, Action<XGraphics, XRect> draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        EnsureRoom(height);
        draw(_gfx, new XRect(Margin, _y, Width, height));
        _y += height;
    }

    public byte[] ToBytes()
    {
        _gfx.Dispose();
        var count = _document.PageCount;
        for (var i = 0; i < count; i++)
        {
            using var g = XGraphics.FromPdfPage(_document.Pages[i], XGraphicsPdfPageOptions.Append);
            var text = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Page {i + 1} of {count}");
            g.DrawString(text, _small, XBrushes.Gray, new XPoint(Margin, _document.Pages[i].Height.Point - 30));
        }
        using var stream = new MemoryStream();
        _document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        _gfx?.Dispose();
        _document.Dispose();
    }

    /// <summary>
    /// Draws text left to right in runs: what DejaVu covers in the given font, the characters it lacks (Chinese, Japanese, Korean) in the
    /// fallback font of the same size and style (<see cref="PdfFonts.FallbackFor"/>). Use it for any text a person
    /// typed (names, titles), so that no name prints as empty boxes.
    /// </summary>
    public static void Draw(XGraphics g, string text, XFont font, XBrush brush, XPoint at)
    {
        ArgumentNullException.ThrowIfNull(g);
        var x = at.X;
        foreach (var (run, runFont) in Runs(text, font))
        {
            g.DrawString(run, runFont, brush, new XPoint(x, at.Y));
            x += g.MeasureString(run, runFont).Width;
        }
    }

    /// <summary>The width <see cref="Draw"/> takes for the text.</summary>
    public static double Measure(XGraphics g, string text, XFont font)
    {
        ArgumentNullException.ThrowIfNull(g);
        return Runs(text, font).Sum(r => g.MeasureString(r.Text, r.Font).Width);
    }

    private static IEnumerable<(string Text, XFont Font)> Runs(string text, XFont font)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(font);
        var start = 0;
        PdfFonts.Fallback? current = null;
        var i = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var needed = PdfFonts.FallbackFor(rune);
            if (needed != current && i > start)
            {
                yield return (text[start..i], FontFor(current, font));
                start = i;
            }
            current = needed;
            i += rune.Utf16SequenceLength;
        }
        if (i > start)
        {
            yield return (text[start..i], FontFor(current, font));
        }
    }

    private static XFont FontFor(PdfFonts.Fallback? fallback, XFont font) =>
        fallback is null ? font : new XFont(fallback.Family, font.Size, font.Style);

    private void Lines(string text, XFont font, double indent)
    {
        var height = font.Size * 1.3;
        foreach (var line in Wrap(text, font, Width - indent))
        {
            EnsureRoom(height);
            Draw(_gfx, line, font, XBrushes.Black, new XPoint(Margin + indent, _y + font.Size));
            _y += height;
        }
    }

    private void EnsureRoom(double height)
    {
        if (_y + height > _page.Height.Point - Margin)
        {
            NewPage();
        }
    }

    private List<string> Wrap(string text, XFont font, double width)
    {
        var result = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && Measure(_gfx, candidate, font) > width)
                {
                    result.Add(line);
                    line = word;
                }
                else
                {
                    line = candidate;
                }
                // A single word wider than the line (a hash, a long URL) is cut.
                while (Measure(_gfx, line, font) > width && line.Length > 8)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && Measure(_gfx, line[..cut], font) > width)
                    {
                        cut--;
                    }
                    result.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            result.Add(line);
        }
        return result;
    }
}
