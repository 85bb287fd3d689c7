using System.Globalization;
using System.Text;
using CsCheck;

namespace CertDesk.Tests.Security;

/// <summary>What can be done to a valid file: each kind is one way real files go wrong, or one way an attacker makes them.</summary>
public enum MutationKind
{
    TruncateLine,
    InsertText,
    StrayQuote,
    HugeField,
    FormulaCell,
    WrongDate,
    HostileNumber,
    EmptyField,
    ExtraColumn,
    MissingColumn,
    DeleteLine,
    DuplicateLine,
    Bom,
    CrLf,
    LoneCr,
    NulChar,
    InvalidUtf8,
    CutFile,
}

/// <summary>One mutation: a kind and where (positions are taken modulo the file's lines, fields and length).</summary>
public sealed record Mutation(MutationKind Kind, int Line, int Field, int Position, string Payload)
{
    public override string ToString() => $"{Kind}(line {Line}, field {Field}, at {Position}, '{Shorten(Payload)}')";

    private static string Shorten(string s) => s.Length > 24 ? s[..24] + $"...({s.Length})" : s.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}

/// <summary>Generators and appliers of hostile CSV and JSON, shared by the property tests.</summary>
public static class HostileInput
{
    /// <summary>The seed of every property: fixed, so CI sees the same cases; printed by each test.</summary>
    public const ulong DefaultSeed = 20261125;

    /// <summary>The seed: <see cref="DefaultSeed"/>, or CERTDESK_HOSTILE_SEED for a longer exploration run.</summary>
    public static ulong Seed { get; } =
        ulong.TryParse(Environment.GetEnvironmentVariable("CERTDESK_HOSTILE_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed;

    /// <summary>The case counts times CERTDESK_HOSTILE_SCALE (default 1; e.g. 10 for a nightly exploration).</summary>
    public static int Scale { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("CERTDESK_HOSTILE_SCALE"), CultureInfo.InvariantCulture, out var scale) && scale > 0 ? scale : 1;

    /// <summary>
    /// Runs the test on <paramref name="cases"/> values of the generator, drawn one after the other from one PCG stream
    /// started at <see cref="Seed"/>: the same cases on every run (CsCheck's own seed fixes only the first case).
    /// </summary>
    public static async Task CasesAsync<T>(Gen<T> gen, int cases, Func<T, Task> test)
    {
        var pcg = new PCG(7, Seed);
        for (var i = 0; i < cases * Scale; i++)
        {
            await test(gen.Generate(pcg, null, out _));
        }
    }

    public static readonly string[] Formulas = ["=1+1", "=cmd|' /C calc'!A0", "+SUM(A1:A9)", "-2+3", "@HYPERLINK(\"http://x\")", "\t=1", "=\"\""];

    public static readonly string[] Dates =
    [
        "2024-02-30", "2023-02-29", "31/12/2024", "12/31/2024", "9999-12-31", "0001-01-01", "2024-13-01", "2024-00-10", "2024-1-1",
        "2024-03-10T25:00:00Z", "2024-03-10T10:00:00+25:00", "2024-03-10T10:00:00", "10000-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00", "yesterday", "",
    ];

    public static readonly string[] Numbers =
    [
        "-1", "-0", "0", "1e309", "1E5", "NaN", "Infinity", "-Infinity", "99999999999999999999999999999999", "79228162514264337593543950336",
        "2147483648", "-2147483649", "9223372036854775808", "0x10", "1,5", "1.5.5", "١٢٣", "+7", " 7 ", "0.0000000000000000000000000001", "1_000",
    ];

    public static readonly string[] Texts = ["\"", "\"\"", ",", "\n", "\r\n", "\r", "\0", "\uFEFF", "\uD800", "\uDFFF", "\U0001F600", "<script>alert(1)</script>", "'; DROP TABLE \"Employees\";--", "\u202E", "💥,\"💥\""];

    public static Gen<Mutation> Mutation { get; } =
        Gen.Select(Gen.Int[0, Enum.GetValues<MutationKind>().Length - 1], Gen.Int[0, 10_000], Gen.Int[0, 100], Gen.Int[0, 1_000_000],
            Gen.OneOf(Gen.OneOf(Formulas), Gen.OneOf(Dates), Gen.OneOf(Numbers), Gen.OneOf(Texts), Gen.Char.Array[0, 12].Select(c => new string(c))),
            (kind, line, field, position, payload) => new Mutation((MutationKind)kind, line, field, position, payload));

    /// <summary>One to four mutations of a file.</summary>
    public static Gen<Mutation[]> Mutations { get; } = Mutation.Array[1, 4];

    /// <summary>The file's bytes after the mutations (most act on lines and fields; a few on the bytes).</summary>
    public static byte[] Apply(string csv, IEnumerable<Mutation> mutations)
    {
        var lines = csv.Split('\n').ToList();
        var bom = false;
        var crlf = false;
        var invalidUtf8 = new List<int>();
        int? cut = null;
        foreach (var m in mutations)
        {
            var i = m.Line % lines.Count;
            var fields = lines[i].Split(',');
            var f = m.Field % fields.Length;
            switch (m.Kind)
            {
                case MutationKind.TruncateLine:
                    lines[i] = lines[i][..(m.Position % (lines[i].Length + 1))];
                    break;
                case MutationKind.InsertText:
                    lines[i] = lines[i].Insert(m.Position % (lines[i].Length + 1), m.Payload);
                    break;
                case MutationKind.StrayQuote:
                    lines[i] = lines[i].Insert(m.Position % (lines[i].Length + 1), "\"");
                    break;
                case MutationKind.HugeField:
                    fields[f] = new string((char)('a' + m.Position % 26), 20_000 + m.Position % 200_000);
                    lines[i] = string.Join(',', fields);
                    break;
                case MutationKind.FormulaCell:
                    fields[f] = Formulas[m.Position % Formulas.Length];
                    lines[i] = string.Join(',', fields);
                    break;
                case MutationKind.WrongDate:
                    fields[f] = Dates[m.Position % Dates.Length];
                    lines[i] = string.Join(',', fields);
                    break;
                case MutationKind.HostileNumber:
                    fields[f] = Numbers[m.Position % Numbers.Length];
                    lines[i] = string.Join(',', fields);
                    break;
                case MutationKind.EmptyField:
                    fields[f] = "";
                    lines[i] = string.Join(',', fields);
                    break;
                case MutationKind.ExtraColumn:
                    lines[i] += "," + m.Payload;
                    break;
                case MutationKind.MissingColumn:
                    lines[i] = string.Join(',', fields.Where((_, k) => k != f));
                    break;
                case MutationKind.DeleteLine:
                    if (lines.Count > 1)
                    {
                        lines.RemoveAt(i);
                    }
                    break;
                case MutationKind.DuplicateLine:
                    lines.Insert(i, lines[i]);
                    break;
                case MutationKind.Bom:
                    bom = true;
                    break;
                case MutationKind.CrLf:
                    crlf = true;
                    break;
                case MutationKind.LoneCr:
                    lines[i] = lines[i].Insert(m.Position % (lines[i].Length + 1), "\r");
                    break;
                case MutationKind.NulChar:
                    lines[i] = lines[i].Insert(m.Position % (lines[i].Length + 1), "\0");
                    break;
                case MutationKind.InvalidUtf8:
                    invalidUtf8.Add(m.Position);
                    break;
                case MutationKind.CutFile:
                    cut = m.Position;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(mutations), m.Kind, "unknown mutation");
            }
        }
        var text = string.Join(crlf ? "\r\n" : "\n", lines);
        var bytes = new List<byte>(bom ? [0xEF, 0xBB, 0xBF] : []);
        bytes.AddRange(new UTF8Encoding(false, false).GetBytes(text));
        foreach (var position in invalidUtf8)
        {
            bytes.InsertRange(position % (bytes.Count + 1), [0xFF, 0xC3, 0x28, 0xED, 0xA0, 0x80]);
        }
        if (cut is { } c && bytes.Count > 0)
        {
            bytes.RemoveRange(c % bytes.Count, bytes.Count - c % bytes.Count);
        }
        return [.. bytes];
    }

    /// <summary>The JSON text after the mutations: tokens inserted, characters removed, values replaced, the text cut.</summary>
    public static string ApplyJson(string json, IEnumerable<Mutation> mutations)
    {
        var text = json;
        foreach (var m in mutations)
        {
            var at = m.Position % (text.Length + 1);
            text = m.Kind switch
            {
                MutationKind.TruncateLine or MutationKind.CutFile => text[..at],
                MutationKind.InsertText => text.Insert(at, m.Payload),
                MutationKind.StrayQuote => text.Insert(at, "\""),
                MutationKind.HugeField => ReplaceValue(text, m, "\"" + new string('x', 20_000 + m.Position % 50_000) + "\""),
                MutationKind.FormulaCell => ReplaceValue(text, m, "\"" + Formulas[m.Position % Formulas.Length].Replace("\"", "\\\"", StringComparison.Ordinal) + "\""),
                MutationKind.WrongDate => ReplaceValue(text, m, "\"" + Dates[m.Position % Dates.Length] + "\""),
                MutationKind.HostileNumber => ReplaceValue(text, m, JsonNumbers[m.Position % JsonNumbers.Length]),
                MutationKind.EmptyField => ReplaceValue(text, m, JsonOddValues[m.Position % JsonOddValues.Length]),
                MutationKind.ExtraColumn => text.Insert(at, ",\"extra\":" + JsonOddValues[m.Field % JsonOddValues.Length]),
                MutationKind.MissingColumn => text.Remove(Math.Min(at, text.Length), Math.Min(1 + m.Field % 8, text.Length - Math.Min(at, text.Length))),
                MutationKind.DeleteLine => text.Remove(Math.Min(at, text.Length), Math.Min(1, text.Length - Math.Min(at, text.Length))),
                MutationKind.DuplicateLine => text + text,
                MutationKind.Bom => "\uFEFF" + text,
                MutationKind.CrLf => text.Replace("\n", "\r\n", StringComparison.Ordinal),
                MutationKind.LoneCr => text.Insert(at, "\r"),
                MutationKind.NulChar => text.Insert(at, "\0"),
                MutationKind.InvalidUtf8 => text.Insert(at, "\uD800"),
                _ => text,
            };
        }
        return text;
    }

    private static readonly string[] JsonNumbers =
    [
        "-1", "-0", "0", "1e309", "-1e309", "1e-400", "99999999999999999999999999999999", "79228162514264337593543950336", "2147483648", "-2147483649",
        "1.0000000000000000000000000001", "0.1e1", "12", "100", "2147483647", "-2147483648", "1200", "0.5", "1e5", "3e10",
    ];

    private static readonly string[] JsonOddValues =
    [
        "null", "\"\"", "[]", "{}", "true", "\"ten\"", "[null]", "[{}]", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "\"2024-02-30\"", "\"\\u0000\"", "\"\\ud800\"", "{\"a\":1,\"a\":2}",
    ];

    /// <summary>Replaces the <c>m.Field</c>-th scalar value (a number, string, true, false or null after a colon or in an array).</summary>
    private static string ReplaceValue(string json, Mutation m, string value)
    {
        var starts = new List<(int Start, int Length)>();
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] is not (':' or '[' or ','))
            {
                continue;
            }
            var j = i + 1;
            while (j < json.Length && char.IsWhiteSpace(json[j]))
            {
                j++;
            }
            if (j >= json.Length || json[j] is '{' or '[')
            {
                continue;
            }
            var k = j;
            if (json[k] == '"')
            {
                k++;
                while (k < json.Length && json[k] != '"')
                {
                    k += json[k] == '\\' ? 2 : 1;
                }
                k = Math.Min(k + 1, json.Length);
            }
            else
            {
                while (k < json.Length && json[k] is not (',' or '}' or ']') && !char.IsWhiteSpace(json[k]))
                {
                    k++;
                }
            }
            if (k > j)
            {
                starts.Add((j, k - j));
            }
        }
        if (starts.Count == 0)
        {
            return json;
        }
        var (start, length) = starts[m.Field % starts.Count];
        return json.Remove(start, length).Insert(start, value);
    }

    /// <summary>A line that says what a property run covered, for the test output.</summary>
    public static string Summary(string what, int cases, IReadOnlyDictionary<int, int> exits, int crashes) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{what}: seed {Seed}, {cases} cases, exits {string.Join(", ", exits.OrderBy(e => e.Key).Select(e => $"{e.Key}x{e.Value}"))}, crashes {crashes}");
}
