using System.Collections.Concurrent;
using Npgsql;

namespace CertDesk.Tests.Infrastructure;

/// <summary>
/// The demo organization seeded once per provider per test run through the real start-up (migrations, reference data,
/// the demo seed), then copied for every app that asks for the demo. Seeding takes about 12 s of a 2-core machine and
/// some 200 test apps ask for it; a copy takes milliseconds (SQLite's online backup) or a fraction of a second
/// (PostgreSQL's CREATE DATABASE ... TEMPLATE). The template is never written to after its seed.
/// The demo's dates are relative to the day it was seeded ("started 42 days ago") and the tests compare them with today:
/// a run that crosses midnight (UTC) seeds a new template for the new day rather than copy yesterday's.
/// </summary>
public static class DemoTemplates
{
    private static readonly ConcurrentDictionary<(DbKind Kind, DateOnly Day), Lazy<Task<TestDatabase>>> s_templates = new();

    /// <summary>The template for databases of this kind: both SQLite kinds copy one in-memory database.</summary>
    public static Task<TestDatabase> ForAsync(DbKind kind) =>
        s_templates.GetOrAdd(
            (kind == DbKind.SqliteFile ? DbKind.Sqlite : kind, DateOnly.FromDateTime(DateTime.UtcNow)),
            key => new Lazy<Task<TestDatabase>>(() => SeedAsync(key.Kind))).Value;

    private static async Task<TestDatabase> SeedAsync(DbKind kind)
    {
        var template = await TestDatabase.CreateAsync(kind);
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        await CertDeskApp.SeedOnlyAsync(template);
        if (DateOnly.FromDateTime(DateTime.UtcNow) != day)
        {
            // The seed itself crossed midnight (it takes seconds): its dates may be half of each day. Once more, whole.
            await template.DisposeAsync();
            return await SeedAsync(kind);
        }
        if (kind == DbKind.Postgres)
        {
            // CREATE DATABASE ... TEMPLATE refuses a source with open connections: the seeding app's pooled ones go.
            NpgsqlConnection.ClearAllPools();
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => template.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return template;
    }
}
