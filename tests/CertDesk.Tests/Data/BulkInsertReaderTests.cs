using CertDesk.Data;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.Tests.Data;

/// <summary>
/// A bulk insert of a few rows reads their values by reflection instead of EF's compiled getters: on every entity type of
/// the model, for rows of the demo organization, reflection reads exactly what EF reads (a backing field or a property
/// that EF would read differently would store, hash and seal a different value).
/// </summary>
public sealed class BulkInsertReaderTests(SqliteDemoApp fixture) : IClassFixture<SqliteDemoApp>
{
    private static List<object> Sample<T>(CertDeskDbContext db)
        where T : class => [.. EntityFrameworkQueryableExtensions.AsNoTracking(db.Set<T>()).Take(20)];

    [Fact]
    public async Task Reflected_EveryEntityTypesRows_SameValuesAsEfsGetters()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var sample = typeof(BulkInsertReaderTests).GetMethod(nameof(Sample), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        var compared = 0;
        var typesWithRows = 0;
        foreach (var type in db.Model.GetEntityTypes().Where(t => !t.IsOwned() && !t.HasSharedClrType))
        {
            var rows = (List<object>)sample.MakeGenericMethod(type.ClrType).Invoke(null, [db])!;
            typesWithRows += rows.Count > 0 ? 1 : 0;
            foreach (var row in rows)
            {
                foreach (var property in type.GetProperties())
                {
                    Assert.True(Equals(property.GetGetter().GetClrValue(row), BulkInsert.Reflected(property)(row)), $"{type.ClrType.Name}.{property.Name}");
                    compared++;
                }
            }
        }
        Assert.True(typesWithRows >= 20, $"{typesWithRows} entity types with rows in the demo");
        Assert.True(compared > 1000, $"{compared} values compared");
    }
}
