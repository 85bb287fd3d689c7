using System.Text.Json;
using CertDesk.Data.CompiledModels.Postgres;
using CertDesk.Data.CompiledModels.Sqlite;
using CertDesk.Features.Audit;

namespace CertDesk.Tests.Features.Audit;

/// <summary>
/// The trail's snapshots are written without the serializer's reflection set-up, and must read exactly as the serializer
/// wrote them (the hash of an entry covers that text): each property type of either model, with awkward values, compared
/// with <c>JsonSerializer.Serialize</c> of the same sorted dictionary.
/// </summary>
public sealed class AuditJsonTests
{
    [Fact]
    public void Snapshot_OfEveryPropertyTypeOfTheModels_ReadsAsTheSerializerWritesIt()
    {
        var types = SqliteCertDeskDbContextModel.Instance.GetEntityTypes().Concat(PostgresCertDeskDbContextModel.Instance.GetEntityTypes())
            .SelectMany(e => e.GetProperties())
            .Select(p => Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType)
            .Distinct()
            .ToList();
        Assert.Contains(typeof(TimeOnly), types); // the list below is the model's, not a guess
        foreach (var type in types)
        {
            var samples = SamplesOf(type);
            Assert.True(samples.Count > 0, $"no sample values for {type.Name}: add some here");
            foreach (var value in samples.Append(null))
            {
                AssertSame([("Value", value), ("Another", "x")]);
            }
        }
    }

    [Fact]
    public void Snapshot_NamesInOrdinalOrder_FileBytesByLength_SecretsLeftOut()
    {
        AssertSame([("b", 1), ("B", 2), ("a", "<script>"), ("Ä", "é"), ("Receipt", new byte[] { 1, 2, 3 })]);
        var json = AuditTrail.Serialize([("PasswordHash", "secret"), ("Name", "Ana")]);
        Assert.Equal("{\"Name\":\"Ana\"}", json);
    }

    [Fact]
    public void Snapshot_OfATypeItDoesNotKnow_GoesThroughTheSerializer()
    {
        AssertSame([("When", TimeSpan.FromMinutes(90.5)), ("Ratio", 0.1 + 0.2), ("Tags", new[] { "a", "b" }), ("Kind", DayOfWeek.Friday), ("Big", ulong.MaxValue),
            ("Small", Small.Two), ("Named", Named.Second)]);
    }

    private enum Small : byte
    {
        One = 1,
        Two = 2,
    }

    [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
    private enum Named
    {
        First,
        Second,
    }

    private static void AssertSame(IReadOnlyList<(string Name, object? Value)> properties)
    {
        var sorted = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in properties)
        {
            sorted[name] = value is byte[] bytes ? $"({bytes.Length} bytes)" : value;
        }
        Assert.Equal(JsonSerializer.Serialize(sorted), AuditTrail.Serialize(properties));
    }

    private static List<object?> SamplesOf(Type type)
    {
        if (type.IsEnum)
        {
            return [.. Enum.GetValues(type).Cast<object?>().Append(Enum.ToObject(type, 999))];
        }
        var instant = new DateTime(2026, 12, 6, 14, 5, 9, DateTimeKind.Utc).AddTicks(1234567);
        return type switch
        {
            _ when type == typeof(string) => ["", "Ana", "quote \" back \\ slash", "<b>&amp;</b> 'x' + y", "é 日本 😀", "line\nfeed\ttab\u0001\u007f", "\u2028\u2029"],
            _ when type == typeof(Guid) => [Guid.Empty, Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")],
            _ when type == typeof(int) => [0, -7, int.MaxValue, int.MinValue],
            _ when type == typeof(long) => [0L, -7L, long.MaxValue, long.MinValue],
            _ when type == typeof(decimal) => [0m, 1234.50m, -0.001m, 1.0000000000000000000000000001m, decimal.MaxValue, decimal.MinValue, 100m],
            _ when type == typeof(bool) => [true, false],
            _ when type == typeof(DateTime) => [instant, instant.AddTicks(-1234567), DateTime.SpecifyKind(instant, DateTimeKind.Unspecified), instant.ToLocalTime(), DateTime.MinValue, DateTime.MaxValue],
            _ when type == typeof(DateTimeOffset) => [new DateTimeOffset(instant), new DateTimeOffset(instant.AddTicks(-1234567)), new DateTimeOffset(DateTime.SpecifyKind(instant, DateTimeKind.Unspecified), TimeSpan.FromHours(-5.5)), DateTimeOffset.MinValue, DateTimeOffset.MaxValue],
            _ when type == typeof(DateOnly) => [new DateOnly(2026, 12, 6), DateOnly.MinValue, DateOnly.MaxValue],
            _ when type == typeof(TimeOnly) => [new TimeOnly(9, 30), new TimeOnly(0, 0), TimeOnly.MaxValue, new TimeOnly(23, 59, 59, 123)],
            _ when type == typeof(Dictionary<string, string>) => [new Dictionary<string, string>(), new Dictionary<string, string> { ["z"] = "1", ["a"] = "<é>" },
                new Dictionary<string, string> { ["quote \" <key>"] = null!, ["é"] = "\n" }],
            _ when type == typeof(byte[]) => [Array.Empty<byte>(), new byte[] { 1, 2, 3 }],
            _ => [],
        };
    }
}
