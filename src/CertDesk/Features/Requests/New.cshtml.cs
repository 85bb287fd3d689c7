using System.ComponentModel.DataAnnotations;

namespace CertDesk.Features.Requests;

/// <summary>
/// Request a certification (from the catalog or the gap profile): the policy's verdict is shown before anything is sent
/// (cost, the year's allowance, every reason it is refused); sending opens the request for the manager.
/// </summary>
public sealed class NewModel(RequestService requests, OrganizationScope scope, CertDeskDbContext db) : PageModel
{
    public sealed class InputModel
    {
        [Required, StringLength(32), Display(Name = "Certification")]
        public string CertificationCode { get; set; } = "";

        [Display(Name = "For")]
        public Guid? EmployeeId { get; set; }

        [StringLength(16)]
        public string? Source { get; set; }

        [StringLength(4000), Display(Name = "Why (what it will help with)")]
        public string? Justification { get; set; }
    }

    public sealed record Choice(string Value, string Text);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<Choice> Certifications { get; private set; } = [];
    public IReadOnlyList<Choice> People { get; private set; } = [];
    public RequestCheck? Check { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? certification, Guid? employee, string? from, CancellationToken ct)
    {
        Input.CertificationCode = certification?.Trim().ToUpperInvariant() ?? "";
        Input.EmployeeId = employee;
        Input.Source = from == "gaps" ? "gaps" : "catalog";
        await LoadAsync(ct);
        if (Input.CertificationCode.Length > 0)
        {
            var outcome = await requests.CheckAsync(Caller.From(User), ToInput(), ct);
            if (outcome.IsOk)
            {
                Check = outcome.Value;
            }
            else
            {
                ModelState.AddModelError(string.Empty, outcome.Message);
            }
        }
        return Page();
    }

    /// <summary>Shows the policy's verdict for the chosen certification and person without sending anything.</summary>
    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var outcome = await requests.CheckAsync(Caller.From(User), ToInput(), ct);
        return await this.AnswerAsync(outcome, check =>
        {
            Check = check;
            return Page();
        }, () => Task.FromResult<IActionResult>(Page()));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        var outcome = await requests.CreateAsync(Caller.From(User), ToInput(), ct);
        return await this.AnswerAsync(outcome, created => RedirectToPage("/Requests/Details", new { id = created.Id }), async () =>
        {
            await LoadAsync(ct);
            if ((await requests.CheckAsync(Caller.From(User), ToInput(), ct)).Value is { } check)
            {
                Check = check;
            }
            return Page();
        }, invalid: errors =>
        {
            foreach (var (field, reasons) in errors)
            {
                foreach (var reason in reasons)
                {
                    ModelState.AddModelError(field == "eligibility" ? string.Empty : field, reason);
                }
            }
        });
    }

    private RequestInput ToInput() => new(Input.EmployeeId, null, null, Input.CertificationCode, Input.Source, Input.Justification);

    private async Task LoadAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        Certifications = await db.Certifications.AsNoTracking().Where(c => c.RetiredOn == null).OrderBy(c => c.Code)
            .Select(c => new Choice(c.Code, c.Code + " · " + c.Name)).ToListAsync(ct);
        if (caller.IsIn(Roles.Manager) && caller.EmployeeId is { } self)
        {
            People = await (await scope.EmployeesAsync(caller, ct))
                .Where(e => e.Status == EmploymentStatus.Active && (e.Id == self || e.ManagerId == self))
                .OrderBy(e => e.Id != self).ThenBy(e => e.LastName).ThenBy(e => e.FirstName)
                .Select(e => new Choice(e.Id.ToString(), e.Id == self ? "Myself" : e.FirstName + " " + e.LastName)).ToListAsync(ct);
        }
    }
}
