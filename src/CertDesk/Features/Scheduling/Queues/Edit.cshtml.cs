using System.ComponentModel.DataAnnotations;

namespace CertDesk.Features.Scheduling.Queues;

/// <summary>
/// Create or change a queue and its service-level targets (program team), with <see cref="QueueService"/>'s rules, as
/// the API does. The form takes percentages (80 = 80 %); the version read travels in a hidden field and a save against
/// a newer version writes nothing and shows the current values.
/// </summary>
[Authorize(Policy = Policies.RunsProgram)]
public sealed class EditModel(QueueService queues, CertDeskDbContext db) : PageModel
{
    public const string Stale = "This queue was changed by someone else while you edited it. Nothing was saved; the form shows the current values: apply your change again.";

    public sealed record TeamOption(string Code, string Name, string Site);

    public sealed class InputModel
    {
        [Display(Name = "Name")] public string? Name { get; set; }
        [Display(Name = "Site")] public Guid? SiteId { get; set; }
        [Display(Name = "Teams serving the queue")] public List<string> Teams { get; set; } = [];
        [Display(Name = "Service level (%)")] public decimal? ServiceLevelPercent { get; set; } = 80;
        [Display(Name = "Answered within (seconds)")] public int? TargetSeconds { get; set; } = 20;
        [Display(Name = "Mean patience (seconds; empty: Erlang C)")] public int? PatienceSeconds { get; set; }
        [Display(Name = "Maximum occupancy (%; empty: no limit)")] public decimal? MaxOccupancyPercent { get; set; } = 90;
        [Display(Name = "Shrinkage (%; empty: none)")] public decimal? ShrinkagePercent { get; set; } = 30;
        public int Version { get; set; }
    }

    /// <summary>The API's field names and the form's: service errors are shown next to the field the user typed.</summary>
    private static readonly Dictionary<string, (string Key, string Label)> s_fields = new(StringComparer.Ordinal)
    {
        ["name"] = ("Input.Name", "Name"),
        ["site_id"] = ("Input.SiteId", "Site"),
        ["teams"] = ("Input.Teams", "Teams"),
        ["service_level"] = ("Input.ServiceLevelPercent", "Service level (%)"),
        ["target_seconds"] = ("Input.TargetSeconds", "Answered within (seconds)"),
        ["patience_seconds"] = ("Input.PatienceSeconds", "Mean patience (seconds)"),
        ["max_occupancy"] = ("Input.MaxOccupancyPercent", "Maximum occupancy (%)"),
        ["shrinkage"] = ("Input.ShrinkagePercent", "Shrinkage (%)"),
    };

    [BindProperty] public InputModel Input { get; set; } = new();

    public Guid? Id { get; private set; }
    public IReadOnlyList<(Guid Id, string Name)> Sites { get; private set; } = [];
    public IReadOnlyList<TeamOption> TeamOptions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        if (id is { } existing)
        {
            var queue = await queues.GetAsync(existing, ct);
            if (queue is null)
            {
                return NotFound();
            }
            Fill(queue);
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        CheckPercent(Input.ServiceLevelPercent, "Input.ServiceLevelPercent", "Service level (%)", required: true, zeroAllowed: false, hundredAllowed: true);
        CheckPercent(Input.MaxOccupancyPercent, "Input.MaxOccupancyPercent", "Maximum occupancy (%)", required: false, zeroAllowed: false, hundredAllowed: true);
        CheckPercent(Input.ShrinkagePercent, "Input.ShrinkagePercent", "Shrinkage (%)", required: false, zeroAllowed: true, hundredAllowed: false);
        var input = new QueueInput(Input.Name, Input.SiteId, Input.Teams, Input.ServiceLevelPercent / 100m, Input.TargetSeconds, Input.PatienceSeconds,
            Input.MaxOccupancyPercent / 100m, Input.ShrinkagePercent / 100m);
        if (!ModelState.IsValid)
        {
            // Say everything that is wrong at once: the service's rules for the fields the form could not check.
            AddErrors((await queues.ValidateAsync(input, id, ct)).Errors);
            await LoadAsync(ct);
            return Page();
        }
        var outcome = id is { } existing ? await queues.UpdateAsync(existing, input, Input.Version, ct) : await queues.CreateAsync(input, ct);
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

    private void Fill(QueueDto queue) => Input = new InputModel
    {
        Name = queue.Name,
        SiteId = queue.SiteId,
        Teams = [.. queue.Teams],
        ServiceLevelPercent = Percent(queue.ServiceLevel),
        TargetSeconds = queue.TargetSeconds,
        PatienceSeconds = queue.PatienceSeconds,
        MaxOccupancyPercent = Percent(queue.MaxOccupancy),
        ShrinkagePercent = Percent(queue.Shrinkage),
        Version = queue.Version,
    };

    /// <summary>A stored fraction as the percentage the form shows, without the column's trailing zeros (0.8000 is 80, not 80.0000).</summary>
    private static decimal? Percent(decimal? fraction) => fraction is { } f ? f * 100m / 1.0000000000000000000000000000m : null;

    private void CheckPercent(decimal? value, string key, string label, bool required, bool zeroAllowed, bool hundredAllowed)
    {
        if (ModelState.HasError(key))
        {
            return; // not a number: the binder already said so
        }
        if (value is null)
        {
            if (required)
            {
                ModelState.AddModelError(key, $"{label}: is required.");
            }
            return;
        }
        var low = zeroAllowed ? value >= 0 : value > 0;
        var high = hundredAllowed ? value <= 100 : value < 100;
        if (!low || !high)
        {
            ModelState.AddModelError(key, $"{label}: {value} is not a percentage {(zeroAllowed ? "from 0" : "above 0")} {(hundredAllowed ? "up to 100" : "below 100")}.");
        }
    }

    private void AddErrors(IReadOnlyDictionary<string, string[]> errors) => ModelState.AddFieldErrors(errors, s_fields);

    private async Task LoadAsync(CancellationToken ct)
    {
        Sites = (await db.Sites.AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.Name)).ToList();
        TeamOptions = await db.Teams.AsNoTracking().OrderBy(t => t.Site!.Name).ThenBy(t => t.Code).Select(t => new TeamOption(t.Code, t.Name, t.Site!.Name)).ToListAsync(ct);
    }
}
