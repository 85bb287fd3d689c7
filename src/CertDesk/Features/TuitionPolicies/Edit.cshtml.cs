using System.ComponentModel.DataAnnotations;
using CertDesk.Domain.Repayment;
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

        /// <summary>The job roles ticked (stored as the roles' names); none ticked = every role.</summary>
        public List<string> EligibleRoles { get; set; } = [];

        /// <summary>The application window (optional): requests are accepted from this day; empty = no first day.</summary>
        [Display(Name = "Requests accepted from (empty = no first day)")]
        public DateOnly? ApplicationsOpenOn { get; set; }

        /// <summary>The window's last day (included); empty = no last day.</summary>
        [Display(Name = "Requests accepted until (empty = no last day)")]
        public DateOnly? ApplicationsCloseOn { get; set; }

        [Display(Name = "Good standing required")]
        public bool RequiresGoodStanding { get; set; } = true;

        /// <summary>
        /// The items ticked, by code (<see cref="PolicyService.Items"/>). A form that sends no item field at all keeps the
        /// default; the page always sends an empty one, so unticking every box means "none".
        /// </summary>
        public List<string> FundedItems { get; set; } = ["tuition", "exam", "materials"];

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

        /// <summary>The repayment tiers, one row each; rows left empty are not tiers.</summary>
        public List<TierRow> TierRows { get; set; } = [new() { From = 0, Until = 12, Percent = 100 }, new() { From = 12, Until = 24, Percent = 50 }];

        /// <summary>What each reason for leaving means under the policy (<see cref="Owed"/>, <see cref="Exempt"/> or <see cref="NotCovered"/>), by reason code.</summary>
        public Dictionary<string, string> ReasonRules { get; set; } = new(StringComparer.Ordinal)
        {
            ["resignation"] = Owed,
            ["for_cause"] = Owed,
            ["not_completed"] = Owed,
            ["layoff"] = Exempt,
            ["death"] = Exempt,
            ["disability"] = Exempt,
            ["retirement"] = NotCovered,
        };

        [Display(Name = "Percent owed when not completed")]
        public decimal NotCompletedPercent { get; set; } = 100m;
    }

    /// <summary>One tier row of the form: from month, to month (not included), percent owed.</summary>
    public sealed class TierRow
    {
        public int? From { get; set; }
        public int? Until { get; set; }
        public decimal? Percent { get; set; }

        public bool IsEmpty => From is null && Until is null && Percent is null;
    }

    // What a reason for leaving does under the policy: the API's triggering_reasons, exempt_reasons, or neither.
    public const string Owed = "owed", Exempt = "exempt", NotCovered = "none";

    public static readonly IReadOnlyList<(string Value, string Words)> ReasonChoices =
    [
        (Owed, "Repayment owed"), (Exempt, "Exempt: nothing owed"), (NotCovered, "Not covered: nothing owed"),
    ];

    /// <summary>How many empty tier rows the form offers beyond the filled ones (no script adds rows).</summary>
    public const int SpareTierRows = 2;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Guid? Id { get; private set; }

    /// <summary>The job roles the form offers: those people hold today, and any the policy names that nobody holds now.</summary>
    public IReadOnlyList<string> RoleChoices { get; private set; } = [];

    /// <summary>The items the form offers: the known ones, and any other the policy names (kept, so a re-shown form never drops it unseen).</summary>
    public IReadOnlyList<string> ItemChoices => [.. PolicyService.Items, .. Input.FundedItems.Where(i => !string.IsNullOrEmpty(i) && !PolicyService.Items.Contains(i, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal)];

    /// <summary>What someone resigning after 6, 18 and 30 months would owe under the rules as entered (empty when they are not valid).</summary>
    public IReadOnlyList<(int Months, RepaymentQuote Quote)> Example { get; private set; } = [];

    /// <summary>The amount the example is worked out for: the annual cap, or USD 1,000 without one.</summary>
    public decimal ExampleFunded => Input.AnnualCap > 0 ? Input.AnnualCap : 1000m;

    /// <summary>The tier rows to show: the filled ones and <see cref="SpareTierRows"/> empty ones.</summary>
    public IReadOnlyList<TierRow> TierRowsShown => [.. Input.TierRows.Where(r => !r.IsEmpty), .. Enumerable.Range(0, SpareTierRows).Select(_ => new TierRow())];

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
                EligibleRoles = [.. d.EligibleRoles],
                ApplicationsOpenOn = d.ApplicationsOpenOn,
                ApplicationsCloseOn = d.ApplicationsCloseOn,
                RequiresGoodStanding = d.RequiresGoodStanding,
                FundedItems = [.. d.FundedItems],
                AnnualCap = d.AnnualCap,
                TaxFreeAnnualLimit = d.TaxFreeAnnualLimit,
                CompletionStandard = d.CompletionStandard,
                MinimumGrade = d.MinimumGrade,
                CompletionDeadlineMonths = d.CompletionDeadlineMonths,
                CommitmentMonths = d.CommitmentMonths,
                CommitmentStart = d.CommitmentStart,
                Proration = d.Proration,
                TierRows = [.. d.Tiers.Select(t => new TierRow { From = t.FromMonth, Until = t.UntilMonth, Percent = t.Percent })],
                ReasonRules = PolicyService.Reasons.ToDictionary(r => r, r => d.TriggeringReasons.Contains(r) ? Owed : d.ExemptReasons.Contains(r) ? Exempt : NotCovered, StringComparer.Ordinal),
                NotCompletedPercent = d.NotCompletedPercent,
            };
        }
        Example = PolicyService.Example(ToInput(), ExampleFunded);
        await LoadRolesAsync(ct);
        return Page();
    }

    /// <summary>Shows the example for the rules as entered, without saving (the form's "Work out the example").</summary>
    public async Task<IActionResult> OnPostExampleAsync(Guid? id, CancellationToken ct)
    {
        if (!PolicyService.CanEdit(Caller.From(User)))
        {
            return Forbid();
        }
        Id = id;
        Example = PolicyService.Example(ToInput(), ExampleFunded);
        if (Example.Count == 0)
        {
            ModelState.AddModelError(string.Empty, "The example needs valid repayment rules: a service commitment and, for tiers, rows from month 0 to the end of the commitment.");
        }
        await LoadRolesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        await LoadRolesAsync(ct);
        var input = ToInput();
        if (!ModelState.IsValid)
        {
            // A field the binder could not read is reported together with every other mistake the service finds.
            // (Skipping the fields the binder already refused, so no mistake is reported twice.)
            var found = PolicyService.Validate(input, out _);
            AddErrors(found.Where(f => !ModelState.HasError("Input." + string.Concat(f.Key.Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]))))
                .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal));
            return Page();
        }
        var caller = Caller.From(User);
        var outcome = id is { } existing ? await service.UpdateAsync(caller, existing, input, Input.Version, ct) : await service.CreateAsync(caller, input, ct);
        return await this.AnswerAsync(outcome, policy => RedirectToPage("/TuitionPolicies/Details", new { id = policy.Id }), Again,
            stale: current => ModelState.AddModelError(string.Empty,
                $"Someone else saved this policy while you were editing it (now version {current.Value?.Version}). Your changes were not saved: open it again and reapply them."),
            invalid: AddErrors);

        Task<IActionResult> Again()
        {
            Example = PolicyService.Example(input, ExampleFunded);
            return Task.FromResult<IActionResult>(Page());
        }
    }

    /// <summary>The form as the service's input: filled tier rows in order, reasons sorted by what they mean.</summary>
    private PolicyInput ToInput()
    {
        // The page sends one empty value before the boxes (see FundedItems); it is no item.
        static string[] List(IEnumerable<string?> ticked) => [.. ticked.Select(t => t?.Trim() ?? "").Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)];
        string[] Reasons(string rule) => [.. PolicyService.Reasons.Where(r => Input.ReasonRules.GetValueOrDefault(r, NotCovered) == rule)];
        return new PolicyInput(
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
            Tiers: [.. Input.TierRows.Where(r => !r.IsEmpty).Select(r => new TierInput(r.From, r.Until, r.Percent))],
            TriggeringReasons: Reasons(Owed),
            ExemptReasons: Reasons(Exempt),
            NotCompletedPercent: Input.NotCompletedPercent,
            ApplicationsOpenOn: Input.ApplicationsOpenOn,
            ApplicationsCloseOn: Input.ApplicationsCloseOn);
    }

    /// <summary>
    /// The service's reasons beside the form, in its words: a tier's field is named by its row ("Tier row 2, months
    /// from") instead of the API's <c>tiers[1].from_month</c>; other fields as the shared mapping names them.
    /// </summary>
    private void AddErrors(IReadOnlyDictionary<string, string[]> errors)
    {
        var rest = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (field, messages) in errors)
        {
            var match = System.Text.RegularExpressions.Regex.Match(field, @"^tiers\[(\d+)\]\.(\w+)$");
            if (!field.StartsWith("tiers", StringComparison.Ordinal))
            {
                rest[field] = messages;
                continue;
            }
            var where = match.Success
                ? $"Tier row {int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + 1}, {TierWords(match.Groups[2].Value)}"
                : "Repayment tiers";
            foreach (var message in messages)
            {
                ModelState.AddModelError(string.Empty, $"{where}: {message.Replace("from_month", "months from", StringComparison.Ordinal)}.");
            }
        }
        ModelState.AddFieldErrors(rest);
    }

    /// <summary>The job roles people hold, and those the policy names though nobody holds them now, in order.</summary>
    private async Task LoadRolesAsync(CancellationToken ct)
    {
        var held = await db.Employees.AsNoTracking().Select(e => e.JobRole).Distinct().ToListAsync(ct);
        RoleChoices = [.. held.Concat(Input.EligibleRoles).Select(r => r?.Trim() ?? "").Where(r => r.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Whether a role is ticked (roles are compared as people write them, ignoring case).</summary>
    public bool RoleTicked(string role) => Input.EligibleRoles.Contains(role, StringComparer.OrdinalIgnoreCase);

    private static string TierWords(string field) => field switch
    {
        "from_month" => "months from",
        "until_month" => "months to",
        _ => field,
    };

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
