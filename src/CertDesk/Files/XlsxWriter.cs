using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CertDesk.Files;

/// <summary>
/// A plain one-sheet XLSX: a header row, then rows of text (inline strings, formula-like text neutralized with a
/// leading apostrophe, as in CSV exports) and numbers. No formulas are ever written.
/// </summary>
public static class XlsxWriter
{
    /// <summary>One sheet of a workbook: its name (cut to Excel's 31 characters), header row and rows.</summary>
    public sealed record Sheet(string Name, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<object?>> Rows);

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
            var list = workbook.Workbook.AppendChild(new Sheets());
            var id = 0u;
            foreach (var sheet in sheets)
            {
                ArgumentNullException.ThrowIfNull(sheet.Header);
                ArgumentNullException.ThrowIfNull(sheet.Rows);
                var sheetPart = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                data.Append(Row(1, sheet.Header.Cast<object?>().ToList()));
                var number = 1u;
                foreach (var row in sheet.Rows)
                {
                    data.Append(Row(++number, row));
                }
                sheetPart.Worksheet = new Worksheet(data);
                list.Append(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = ++id, Name = sheet.Name.Length > 31 ? sheet.Name[..31] : sheet.Name });
            }
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Row Row(uint number, IReadOnlyList<object?> values)
    {
        var row = new Row { RowIndex = number };
        for (var i = 0; i < values.Count; i++)
        {
            var reference = Column(i) + number.ToString(CultureInfo.InvariantCulture);
            row.Append(values[i] switch
            {
                null => new Cell { CellReference = reference },
                decimal d => NumberCell(reference, d.ToString(CultureInfo.InvariantCulture)),
                int n => NumberCell(reference, n.ToString(CultureInfo.InvariantCulture)),
                long n => NumberCell(reference, n.ToString(CultureInfo.InvariantCulture)),
                double x => NumberCell(reference, x.ToString("R", CultureInfo.InvariantCulture)),
                DateOnly date => TextCell(reference, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                var other => TextCell(reference, CellSafety.Neutralize(Convert.ToString(other, CultureInfo.InvariantCulture))),
            });
        }
        return row;
    }

    private static Cell NumberCell(string reference, string value) =>
        new() { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(value) };

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
