namespace CertDesk.Features.Audit;

/// <summary>Who is changing things in this unit of work, the clock and the sealing keys; scoped per request or command.</summary>
public sealed class AuditContext(TimeProvider clock, Data.SealingKeys? keys = null)
{
    public TimeProvider Clock { get; } = clock;

    /// <summary>Seals each entry; null only for design-time contexts, which never save.</summary>
    public Data.SealingKeys? Keys { get; } = keys;

    /// <summary>"user:email" on the web, "cli:name" on the command line, "system:..." for jobs.</summary>
    public string Actor { get; set; } = "system";

    /// <summary>Restore writes the trail as it was: it must not stamp its own rows.</summary>
    public bool Suppressed { get; set; }

    /// <summary>A restore writes sealed records (signed agreements, evidence) as the backup holds them.</summary>
    public bool Restoring { get; set; }

    public static AuditContext System(string what) => new(TimeProvider.System) { Actor = $"system:{what}" };
}
