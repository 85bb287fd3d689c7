using System.CommandLine;

namespace CertDesk.Cli;

/// <summary>Options several commands share, made fresh per command (an option belongs to one parent).</summary>
public static class CommonOptions
{
    public static Option<string?> Database() => new("--database")
    {
        Description = "Connection string: 'Host=...' for PostgreSQL, 'Data Source=...' for SQLite (default: data/certdesk.db; or CERTDESK_DATABASE)",
    };

    public static Option<bool> Json() => new("--json") { Description = "Print exactly one JSON document on standard output" };
}
