using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace CertDesk.Features.TuitionPolicies;

// The role is checked before the form is validated: a refused caller gets 403, not a list of field errors.
[Authorize(Policy = Policies.RunsProgram)]
public sealed class EditModel(CertDeskDbContext db, PolicyService service) : PageModel
{
    public sealed class InputModel
    {
        [StringLength(64)]
        public string? Code { get; set; }

        /// <summary>The version the form was loaded from (hidden): saving over someone else's change is refused.</summary>
        public int? Version { get; set; }

        [Required, StringLength(200)]
        public string Name { get; set; } = "";

        [Range(0, 600), Display(Name = "Minimum tenure (months)")]
        public int MinTenureMonths { get; set; }

        [Display(Name = "Eligible job roles (comma separated; empty = all)")]
        public string? EligibleRoles { get; set; }

        /// <summary>The application window (optional): requests are accepted from this day; empty = no first day.</summary>
        [Display(Name = "Requests accepted from (empty = no first day)")]
        public DateOnly? ApplicationsOpenOn { get; set; }

        /// <summary>The window's last day (included); empty = no last day.</summary>
        [Display(Name = "Requests accepted until (empty = no last day)")]
        public DateOnly? ApplicationsCloseOn { get; set; }

        [Display(Name = "Good standing required")]
        public bool RequiresGoodStanding { get; set; } = true;

        [Display(Name = "Funded items (comma separated)")]
        public string FundedItems { get; set; } = "tuition,exam,materials";

        [Display(Name = "Annual cap")]
        public decimal AnnualCap { get; set; } = 5250m;

        [Display(Name = "Tax-free annual limit")]
        public decimal TaxFreeAnnualLimit { get; set; } = 5250m;

        [Display(Name = "Completion standard")]
        public string CompletionStandard { get; set; } = "pass";

        [Display(Name = "Minimum grade")]
        public string? MinimumGrade { get; set; }

        [Display(Name = "Completion deadline (months)")]
        public int CompletionDeadlineMonths { get; set; } = 12;

        [Display(Name = "Service commitment (months)")]
        public int CommitmentMonths { get; set; } = 24;

        [Display(Name = "Commitment starts at")]
        public string CommitmentStart { get; set; } = "completion";

        [Display(Name = "Proration")]
        public string Proration { get; set; } = "tiers";

        [Display(Name = "Tiers (from-until:percent; ...)")]
        public string? Tiers { get; set; } = "0-12:100;12-24:50";

        [Display(Name = "Reasons that trigger repayment")]
        public string TriggeringReasons { get; set; } = "resignation,for_cause,not_completed";

        [Display(Name = "Exempt reasons")]
        public string ExemptReasons { get; set; } = "layoff,death,disability";

        [Display(Name = "Percent owed when not completed")]
        public decimal NotCompletedPercent { get; set; } = 100m;
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Guid? Id { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        if (!PolicyService.CanEdit(Caller.From(User)))
        {
            return Forbid();
        }
        Id = id;
        if (id is not null)
        {
            var p = await db.TuitionPolicies.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
            if (p is null)
            {
                return NotFound();
            }
            var d = PolicyDto.From(p);
            Input = new InputModel
            {
                Code = d.Code,
                Version = p.Version,
                Name = d.Name,
                MinTenureMonths = d.MinTenureMonths,
                EligibleRoles = string.Join(',', d.EligibleRoles),
                ApplicationsOpenOn = d.ApplicationsOpenOn,
                ApplicationsCloseOn = d.ApplicationsCloseOn,
                RequiresGoodStanding = d.RequiresGoodStanding,
                FundedItems = string.Join(',', d.FundedItems),
                AnnualCap = d.AnnualCap,
                TaxFreeAnnualLimit = d.TaxFreeAnnualLimit,
                CompletionStandard = d.CompletionStandard,
                MinimumGrade = d.MinimumGrade,
                CompletionDeadlineMonths = d.CompletionDeadlineMonths,
                CommitmentMonths = d.CommitmentMonths,
                CommitmentStart = d.CommitmentStart,
                Proration = d.Proration,
                Tiers = p.Tiers,
                TriggeringReasons = string.Join(',', d.TriggeringReasons),
                ExemptReasons = string.Join(',', d.ExemptReasons),
                NotCompletedPercent = d.NotCompletedPercent,
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var tiers = new List<TierInput>();
        foreach (var part in (Input.Tiers ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.Split(':');
            var range = colon[0].Split('-');
            if (colon.Length != 2 || range.Length != 2 || !int.TryParse(range[0], CultureInfo.InvariantCulture, out var from)
                || !int.TryParse(range[1], CultureInfo.InvariantCulture, out var until) || !decimal.TryParse(colon[1], CultureInfo.InvariantCulture, out var pct))
            {
                ModelState.AddModelError("Input.Tiers", $"'{part}' is not from-until:percent (e.g. 0-12:100)");
                return Page();
            }
            tiers.Add(new TierInput(from, until, pct));
        }
        static string[] List(string? text) => [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        var input = new PolicyInput(
            Code: Input.Code,
            Name: Input.Name,
            MinTenureMonths: Input.MinTenureMonths,
            EligibleRoles: List(Input.EligibleRoles),
            RequiresGoodStanding: Input.RequiresGoodStanding,
            FundedItems: List(Input.FundedItems),
            AnnualCap: Input.AnnualCap,
            TaxFreeAnnualLimit: Input.TaxFreeAnnualLimit,
            CompletionStandard: Input.CompletionStandard,
            MinimumGrade: Input.MinimumGrade,
            CompletionDeadlineMonths: Input.CompletionDeadlineMonths,
            CommitmentMonths: Input.CommitmentMonths,
            CommitmentStart: Input.CommitmentStart,
            Proration: Input.Proration,
            Tiers: tiers,
            TriggeringReasons: List(Input.TriggeringReasons),
            ExemptReasons: List(Input.ExemptReasons),
            NotCompletedPercent: Input.NotCompletedPercent,
            ApplicationsOpenOn: Input.ApplicationsOpenOn,
            ApplicationsCloseOn: Input.ApplicationsCloseOn);
        var caller = Caller.From(User);
        var outcome = id is { } existing ? await service.UpdateAsync(caller, existing, input, Input.Version, ct) : await service.CreateAsync(caller, input, ct);
        return await this.AnswerAsync(outcome, policy => RedirectToPage("/TuitionPolicies/Details", new { id = policy.Id }), () => Task.FromResult<IActionResult>(Page()),
            stale: current => ModelState.AddModelError(string.Empty,
                $"Someone else saved this policy while you were editing it (now version {current.Value?.Version}). Your changes were not saved: open it again and reapply them."));
    }

    // The policy's codes as choices, in the words Labels gives them (the API and files keep the codes as their values).
    public static readonly string[] CompletionStandards = ["pass", "minimum_grade"];
    public static readonly string[] CommitmentStarts = ["completion", "payment"];
    public static readonly string[] Prorations = ["tiers", "monthly", "daily"];

    /// <summary>The options of a code field; a value outside them (sent by hand) stays listed, so a re-shown form never changes it unseen.</summary>
    public static IEnumerable<SelectListItem> Choices(string[] codes, string? current)
    {
        var items = codes.Select(c => new SelectListItem(Labels.Of(c), c)).ToList();
        if (!string.IsNullOrEmpty(current) && !codes.Contains(current, StringComparer.OrdinalIgnoreCase))
        {
            items.Add(new SelectListItem(current, current));
        }
        return items;
    }
}
