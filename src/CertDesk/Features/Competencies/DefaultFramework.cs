namespace CertDesk.Features.Competencies;

/// <summary>
/// The default contact-center leadership framework (product.md capability 3): ten competencies in six categories,
/// each level described, and role profiles for Agent, Supervisor, Manager and Director. Seeded once into an empty
/// framework; fully editable afterwards (the seed never overwrites an edit).
/// </summary>
public sealed class DefaultFramework(CertDeskDbContext db)
{
    public sealed record Item(string Code, string Name, string Category, string? Parent, string[] Levels);

    public static readonly IReadOnlyList<Item> Competencies =
    [
        new("WFM", "Workforce management", "Operations",
            null, ["Knows the terms: forecast, schedule, shrinkage, service level, occupancy",
                "Reads the intraday report and acts on variance with the WFM team",
                "Builds a weekly schedule that meets the service-level target",
                "Forecasts per interval and sizes staff with Erlang C, shrinkage and occupancy limits",
                "Designs the center's capacity plan and WFM process; coaches others on it"]),
        new("QA", "Quality assurance", "Quality",
            null, ["Knows the QA form and what each item means",
                "Scores contacts consistently with the calibrated standard",
                "Runs calibration sessions and turns QA findings into coaching",
                "Designs QA forms tied to customer outcomes; measures inter-rater agreement",
                "Runs the quality management program and links it to business results"]),
        new("COACH", "Coaching", "People",
            null, ["Gives feedback when asked",
                "Holds regular one-to-ones with a simple structure",
                "Coaches from evidence (QA, KPIs) with agreed actions and follow-up",
                "Develops coaching skills in other supervisors",
                "Builds the center's coaching culture and measures its effect"]),
        new("PERF", "Performance management", "People",
            null, ["Knows the team's KPIs and targets",
                "Tracks each person's KPIs and flags who is off target",
                "Runs performance plans with clear goals, dates and documentation",
                "Designs balanced scorecards and fair incentive rules",
                "Aligns performance management with strategy across sites"]),
        new("CX", "Customer experience", "Customer",
            null, ["Knows the customer journey of the team's queue",
                "Uses CSAT and verbatims to find the team's pain points",
                "Fixes first-contact-resolution root causes with other teams",
                "Designs journeys and measures CX end to end (CSAT, NPS, effort)",
                "Leads the center's CX strategy"]),
        new("FIN", "Operations finance", "Operations",
            null, ["Knows what a contact costs",
                "Reads the cost center report; explains variances",
                "Builds a business case with fully loaded costs and benefits",
                "Owns a budget; computes ROI, payback and cost per contact trends",
                "Sets the center's financial plan and investment priorities"]),
        new("LEAD", "Leadership", "Leadership",
            null, ["Leads by example on the floor",
                "Runs team huddles; handles conflicts early",
                "Leads change in the team; builds engagement and retention",
                "Leads leaders: develops supervisors and succession",
                "Sets direction and culture for the whole center"]),
        new("TECH", "Contact-center technology", "Technology",
            null, ["Uses the ACD, CRM and WFM tools of the job",
                "Configures team-level settings (skills, queues) correctly",
                "Specifies routing and reporting changes with IT",
                "Evaluates technology options with business cases",
                "Owns the center's technology roadmap"]),
        new("DATA", "Reporting and analytics", "Technology",
            "TECH", ["Reads the standard reports",
                "Builds simple reports and trends from interval data",
                "Analyzes KPIs with comparisons and root causes",
                "Designs metrics and dashboards; uses basic statistics (variation, control limits)",
                "Leads analytics that drive decisions across the center"]),
        new("PROC", "Process improvement", "Operations",
            null, ["Spots a broken process and reports it",
                "Maps a process and proposes a fix",
                "Runs an improvement project with a business case and measures the result",
                "Leads cross-team improvement projects (e.g. a certification work project)",
                "Runs the center's continuous-improvement program"]),
    ];

    /// <summary>(job role, competency, required level, weight).</summary>
    public static readonly IReadOnlyList<(string Role, string Competency, int Level, decimal Weight)> Profiles =
    [
        ("Agent", "CX", 3, 3m), ("Agent", "QA", 2, 2m), ("Agent", "TECH", 2, 1m),
        ("Supervisor", "COACH", 4, 3m), ("Supervisor", "PERF", 3, 3m), ("Supervisor", "QA", 3, 2m), ("Supervisor", "WFM", 3, 2m),
        ("Supervisor", "CX", 3, 2m), ("Supervisor", "LEAD", 3, 2m), ("Supervisor", "DATA", 2, 1m), ("Supervisor", "TECH", 2, 1m),
        ("Manager", "LEAD", 4, 3m), ("Manager", "WFM", 4, 3m), ("Manager", "PERF", 4, 2m), ("Manager", "FIN", 3, 2m),
        ("Manager", "QA", 3, 2m), ("Manager", "COACH", 3, 2m), ("Manager", "CX", 4, 2m), ("Manager", "PROC", 3, 2m), ("Manager", "DATA", 3, 1m),
        ("Director", "LEAD", 5, 3m), ("Director", "FIN", 4, 3m), ("Director", "CX", 4, 2m), ("Director", "PROC", 4, 2m),
        ("Director", "WFM", 3, 1m), ("Director", "TECH", 3, 1m),
    ];

    /// <summary>Seeds the framework when there is none yet; returns false otherwise.</summary>
    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        // Asked at every start: in plain SQL, where a first LINQ query costs a sixth of a second of each command's start.
        if (await db.AnyRowAsync("SELECT 1 FROM \"Competencies\" LIMIT 1", ct))
        {
            return false;
        }
        var byCode = new Dictionary<string, Competency>(StringComparer.Ordinal);
        foreach (var item in Competencies)
        {
            var competency = new Competency
            {
                Code = item.Code,
                Name = item.Name,
                Category = item.Category,
                ParentId = item.Parent is null ? null : byCode[item.Parent].Id,
                Level1 = item.Levels[0],
                Level2 = item.Levels[1],
                Level3 = item.Levels[2],
                Level4 = item.Levels[3],
                Level5 = item.Levels[4],
            };
            byCode[item.Code] = competency;
            db.Competencies.Add(competency);
        }
        foreach (var (role, code, level, weight) in Profiles)
        {
            db.RoleRequirements.Add(new RoleRequirement { JobRole = role, CompetencyId = byCode[code].Id, RequiredLevel = level, Weight = weight });
        }
        await db.SaveChangesAsync(ct);
        return true;
    }
}
