using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CertDesk.Files;

/// <summary>
/// A plain XLSX workbook: per sheet a bold header row, then typed cells: numbers, money (<see cref="Usd"/>, shown with
/// its currency), dates (<see cref="DateOnly"/>, shown yyyy-mm-dd) and instants (<see cref="DateTimeOffset"/>, shown in
/// UTC) as spreadsheet serial numbers with a number format from the styles part, booleans as booleans, everything else
/// as text. Text cells are never evaluated by a spreadsheet, so they are written as given: the formula guard belongs to
/// CSV only. No formulas are ever written.
/// </summary>
public static class XlsxWriter
{
    /// <summary>An amount of money in US dollars, written as a number with the currency format.</summary>
    public readonly record struct Usd(decimal Amount);

    /// <summary>One sheet of a workbook: its name (cut to Excel's 31 characters), header row and rows.</summary>
    public sealed record Sheet(string Name, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<object?>> Rows);

    // Cell formats of the styles part, by index (cellXfs): the order below.
    private const uint HeaderStyle = 1, DateStyle = 2, InstantStyle = 3, MoneyStyle = 4, DecimalStyle = 5;
    private const uint DateFormat = 164, InstantFormat = 165, MoneyFormat = 166, DecimalFormat = 167;

    public static byte[] Write(string sheetName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows) =>
        Write([new Sheet(sheetName, header, rows)]);

    /// <summary>A workbook of several sheets, in the order given.</summary>
    public static byte[] Write(IReadOnlyList<Sheet> sheets)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var list = workbook.Workbook.AppendChild(new Sheets());
            var id = 0u;
            foreach (var sheet in sheets)
            {
                ArgumentNullException.ThrowIfNull(sheet.Header);
                ArgumentNullException.ThrowIfNull(sheet.Rows);
                var sheetPart = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                data.Append(Row(1, sheet.Header.Cast<object?>().ToList(), header: true));
                var number = 1u;
                foreach (var row in sheet.Rows)
                {
                    data.Append(Row(++number, row, header: false));
                }
                var columns = new Columns(Enumerable.Range(1, Math.Max(1, sheet.Header.Count))
                    .Select(c => new DocumentFormat.OpenXml.Spreadsheet.Column { Min = (uint)c, Max = (uint)c, Width = 18, CustomWidth = true }));
                sheetPart.Worksheet = new Worksheet(columns, data);
                list.Append(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = ++id, Name = sheet.Name.Length > 31 ? sheet.Name[..31] : sheet.Name });
            }
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    /// <summary>Fonts (regular, bold), the one fill and border a workbook needs, and the number formats of typed cells.</summary>
    private static Stylesheet Styles() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = DateFormat, FormatCode = "yyyy-mm-dd" },
            new NumberingFormat { NumberFormatId = InstantFormat, FormatCode = "yyyy-mm-dd hh:mm \"UTC\"" },
            new NumberingFormat { NumberFormatId = MoneyFormat, FormatCode = "#,##0.00 \"USD\"" },
            new NumberingFormat { NumberFormatId = DecimalFormat, FormatCode = "0.00##" })
        { Count = 4 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = DateFormat, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = InstantFormat, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = MoneyFormat, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = DecimalFormat, ApplyNumberFormat = true })
        { Count = 6 });

    private static Row Row(uint number, IReadOnlyList<object?> values, bool header)
    {
        var row = new Row { RowIndex = number };
        for (var i = 0; i < values.Count; i++)
        {
            var reference = Column(i) + number.ToString(CultureInfo.InvariantCulture);
            var cell = values[i] switch
            {
                null => new Cell { CellReference = reference },
                Usd money => NumberCell(reference, money.Amount.ToString(CultureInfo.InvariantCulture), MoneyStyle),
                decimal d => NumberCell(reference, d.ToString(CultureInfo.InvariantCulture), d == decimal.Truncate(d) ? null : DecimalStyle),
                int n => NumberCell(reference, n.ToString(CultureInfo.InvariantCulture), null),
                long n => NumberCell(reference, n.ToString(CultureInfo.InvariantCulture), null),
                double x => NumberCell(reference, x.ToString("R", CultureInfo.InvariantCulture), null),
                bool b => new Cell { CellReference = reference, DataType = CellValues.Boolean, CellValue = new CellValue(b ? "1" : "0") },
                DateOnly date => NumberCell(reference, Serial(date.ToDateTime(TimeOnly.MinValue)), DateStyle),
                DateTimeOffset instant => NumberCell(reference, Serial(instant.UtcDateTime), InstantStyle),
                DateTime instant => NumberCell(reference, Serial(instant), InstantStyle),
                var other => TextCell(reference, Convert.ToString(other, CultureInfo.InvariantCulture) ?? ""),
            };
            if (header)
            {
                cell.StyleIndex = HeaderStyle;
            }
            row.Append(cell);
        }
        return row;
    }

    /// <summary>The spreadsheet serial number of a time: days since 1899-12-30 (the 1900 date system), the time of day as the fraction.</summary>
    private static string Serial(DateTime time) => time.ToOADate().ToString("R", CultureInfo.InvariantCulture);

    private static Cell NumberCell(string reference, string value, uint? style) =>
        new() { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(value), StyleIndex = style.HasValue ? UInt32Value.FromUInt32(style.Value) : null };

    private static Cell TextCell(string reference, string value) =>
        new() { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value) { Space = SpaceProcessingModeValues.Preserve }) };

    /// <summary>0 -> A, 25 -> Z, 26 -> AA.</summary>
    public static string Column(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }
        return name;
    }
}
