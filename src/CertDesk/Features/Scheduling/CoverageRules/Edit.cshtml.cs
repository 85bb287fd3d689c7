using System.ComponentModel.DataAnnotations;

namespace CertDesk.Features.Scheduling.CoverageRules;

/// <summary>
/// Create or change a supervisor coverage rule (program team): a site, or one team of it, needs one supervisor on the
/// floor per N agents and at least M while agents are on the floor. <see cref="CoverageRuleService"/>'s rules, as the
/// API; the version read travels in a hidden field and a save against a newer version writes nothing.
/// </summary>
[Authorize(Policy = Policies.RunsProgram)]
public sealed class EditModel(CoverageRuleService rules, CertDeskDbContext db) : PageModel
{
    public const string Stale = "This rule was changed by someone else while you edited it. Nothing was saved; the form shows the current values: apply your change again.";

    public sealed record TeamOption(Guid Id, string Code, string Site);

    public sealed class InputModel
    {
        [Display(Name = "Site")] public Guid? SiteId { get; set; }
        [Display(Name = "Team (empty: the whole site)")] public Guid? TeamId { get; set; }
        [Display(Name = "Agents per supervisor")] public int? AgentsPerSupervisor { get; set; } = 15;
        [Display(Name = "Minimum supervisors while agents are on the floor")] public int? MinimumSupervisors { get; set; } = CoverageRuleService.DefaultMinimumSupervisors;
        public int Version { get; set; }
    }

    private static readonly Dictionary<string, (string Key, string Label)> s_fields = new(StringComparer.Ordinal)
    {
        ["site_id"] = ("Input.SiteId", "Site"),
        ["team_id"] = ("Input.TeamId", "Team"),
        ["agents_per_supervisor"] = ("Input.AgentsPerSupervisor", "Agents per supervisor"),
        ["minimum_supervisors"] = ("Input.MinimumSupervisors", "Minimum supervisors"),
    };

    [BindProperty] public InputModel Input { get; set; } = new();

    public Guid? Id { get; private set; }
    public IReadOnlyList<(Guid Id, string Name)> Sites { get; private set; } = [];
    public IReadOnlyList<TeamOption> Teams { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        if (id is { } existing)
        {
            var rule = await rules.GetAsync(existing, ct);
            if (rule is null)
            {
                return NotFound();
            }
            Fill(rule);
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        if (Input.AgentsPerSupervisor is null && !ModelState.HasError("Input.AgentsPerSupervisor"))
        {
            ModelState.AddModelError("Input.AgentsPerSupervisor", "Agents per supervisor: is required.");
        }
        if (Input.MinimumSupervisors is null && !ModelState.HasError("Input.MinimumSupervisors"))
        {
            ModelState.AddModelError("Input.MinimumSupervisors", "Minimum supervisors: is required (0 for none).");
        }
        var input = new CoverageRuleInput(Input.SiteId, Input.TeamId, Input.AgentsPerSupervisor, Input.MinimumSupervisors);
        if (!ModelState.IsValid)
        {
            AddErrors(await rules.ValidateAsync(input, id, ct));
            await LoadAsync(ct);
            return Page();
        }
        var outcome = id is { } existing ? await rules.UpdateAsync(existing, input, Input.Version, ct) : await rules.CreateAsync(input, ct);
        return await this.AnswerAsync(outcome, _ => Redirect("/Scheduling/Queues"), async () =>
        {
            await LoadAsync(ct);
            return Page();
        },
        stale: current =>
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, Stale);
            Fill(current.Value!);
        },
        invalid: AddErrors);
    }

    private void Fill(CoverageRuleDto rule) => Input = new InputModel
    {
        SiteId = rule.SiteId,
        TeamId = rule.TeamId,
        AgentsPerSupervisor = rule.AgentsPerSupervisor,
        MinimumSupervisors = rule.MinimumSupervisors,
        Version = rule.Version,
    };

    private void AddErrors(IReadOnlyDictionary<string, string[]> errors) => ModelState.AddFieldErrors(errors, s_fields);

    private async Task LoadAsync(CancellationToken ct)
    {
        Sites = (await db.Sites.AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.Name)).ToList();
        Teams = await db.Teams.AsNoTracking().OrderBy(t => t.Site!.Name).ThenBy(t => t.Code).Select(t => new TeamOption(t.Id, t.Code, t.Site!.Name)).ToListAsync(ct);
    }
}
