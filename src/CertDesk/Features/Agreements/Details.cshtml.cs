using CertDesk.Domain.Repayment;

namespace CertDesk.Features.Agreements;

public sealed class DetailsModel(AgreementService service, CertDeskDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>HR's amendment: the terms that change (blank keeps the signed value) and why.</summary>
    public sealed class AmendForm
    {
        public decimal? FundedAmount { get; set; }
        public string? CertificationCode { get; set; }
        public string? CertificationName { get; set; }
        public string? TaxTreatment { get; set; }
        public Guid? PolicyId { get; set; }
        public string? Reason { get; set; }
        public bool Clerical { get; set; }
    }

    [BindProperty]
    public AmendForm Amend { get; set; } = new();

    /// <summary>The amendment waiting for a signature, if any.</summary>
    public AgreementRecordDto? Pending { get; private set; }
    public bool CanSignAmendment { get; private set; }
    public bool CanCountersignAmendment { get; private set; }

    /// <summary>The pending amendment is a clerical correction (approved by a second HR person, not signed by the employee).</summary>
    public bool PendingIsClerical => Pending?.Kind == SignedTerms.ClericalKind;
    public bool CanAmend { get; private set; }
    public IReadOnlyList<(Guid Id, string Label)> Policies { get; private set; } = [];

    public sealed class SignForm
    {
        public bool Consent { get; set; }
        public bool Intent { get; set; }
        public string? TypedName { get; set; }
        public string? Password { get; set; }
    }

    public AgreementDto Agreement { get; private set; } = null!;
    public VerifyResult? Verification { get; private set; }
    public bool CanSign { get; private set; }
    public bool CanCountersign { get; private set; }
    public bool HasConsent { get; private set; }
    public string SignerName { get; private set; } = "";

    [BindProperty]
    public SignForm Sign { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, bool verify, CancellationToken ct)
    {
        if (!await LoadAsync(id, verify, ct))
        {
            return NotFound();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSignAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await service.SignAsync(Caller.From(User), id, Input(), AgreementsApi.Context(HttpContext), ct), "Signed. HR will countersign.", ct);

    public async Task<IActionResult> OnPostCountersignAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await service.CountersignAsync(Caller.From(User), id, Input(), AgreementsApi.Context(HttpContext), ct), "Countersigned: the agreement is in force.", ct);

    public async Task<IActionResult> OnPostAmendAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await service.AmendAsync(Caller.From(User), id,
            new AmendInput(Amend.FundedAmount, Blank(Amend.CertificationCode), Blank(Amend.CertificationName), Blank(Amend.TaxTreatment), Amend.PolicyId, Amend.Reason, Amend.Clerical), ct),
            Amend.Clerical ? "Clerical correction proposed: a second HR person approves it." : "Amendment proposed: the employee signs it, then the company.", ct);

    public async Task<IActionResult> OnPostSignAmendmentAsync(Guid id, int sequence, CancellationToken ct) =>
        await AfterAsync(id, await service.SignAmendmentAsync(Caller.From(User), id, sequence, Input(), AgreementsApi.Context(HttpContext), ct), $"Amendment {sequence} signed. HR will sign it for the company.", ct);

    public async Task<IActionResult> OnPostCountersignAmendmentAsync(Guid id, int sequence, CancellationToken ct) =>
        await AfterAsync(id, await service.CountersignAmendmentAsync(Caller.From(User), id, sequence, Input(), AgreementsApi.Context(HttpContext), ct), $"Amendment {sequence} is in force.", ct);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>One approved payment under this agreement (tuition or materials recorded on the person's enrollment).</summary>
    public sealed record PaymentRow(Guid EnrollmentId, DateOnly On, string Category, decimal Amount, string? OverrideReason);

    /// <summary>The approved payments tied to this agreement, oldest first: what "last payment" and the funded amount are measured against.</summary>
    public IReadOnlyList<PaymentRow> Payments { get; private set; } = [];

    /// <summary>The day of the "if you left on" question (default today).</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? LeaveOn { get; set; }

    /// <summary>What the employee would owe on resigning on <see cref="LeaveOn"/> (agreements in force only).</summary>
    public SeparationQuote? Exposure { get; private set; }

    private SignInput Input() => new(Sign.Consent, Sign.Intent, Sign.TypedName, Sign.Password);

    private async Task<IActionResult> AfterAsync(Guid id, Outcome<Agreement> outcome, string done, CancellationToken ct)
    {
        return await this.AnswerAsync(outcome, _ =>
        {
            Message = done;
            return RedirectToPage(new { id });
        },
        async () =>
        {
            Sign.Password = null;
            return await LoadAsync(id, false, ct) ? Page() : NotFound();
        });
    }

    private async Task<bool> LoadAsync(Guid id, bool verify, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var a = await service.FindAsync(caller, id, ct);
        if (a is null)
        {
            return false;
        }
        Agreement = AgreementDto.From(a, clock.GetUtcNow(), withDocument: true);
        Verification = verify ? service.Verify(a) : null;
        CanSign = caller.EmployeeId == a.EmployeeId && Agreement.Status == "issued";
        CanCountersign = AgreementService.CanIssue(caller) && caller.EmployeeId != a.EmployeeId && a.Status == AgreementStatus.EmployeeSigned;
        if (a.Status is AgreementStatus.Active or AgreementStatus.EmployeeSigned)
        {
            LeaveOn ??= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            Exposure = AgreementQuote.For(a, LeaveOn.Value, "resignation");
        }
        // Ordered in memory: SQLite keeps decimals as text, and the list is one agreement's handful of payments.
        Payments = [.. (await db.ExpenseLines.AsNoTracking().Where(x => x.AgreementId == a.Id && x.State == Enrollments.ExpenseState.Approved)
            .Select(x => new PaymentRow(x.EnrollmentId, x.IncurredOn, x.Category, x.Amount, x.OverrideReason)).ToListAsync(ct))
            .OrderBy(p => p.On)];
        Pending = Agreement.Records.FirstOrDefault(r => r.Status != "signed" && r.Sequence > 0);
        var active = a.Status == AgreementStatus.Active;
        CanSignAmendment = active && Pending is { Status: "proposed" } && !PendingIsClerical && caller.EmployeeId == a.EmployeeId;
        CanCountersignAmendment = active && AgreementService.CanIssue(caller) && caller.EmployeeId != a.EmployeeId
            && (PendingIsClerical ? Pending is { Status: "proposed" } p && !string.Equals(p.CreatedBy, caller.Email, StringComparison.OrdinalIgnoreCase) : Pending is { Status: "employee_signed" });
        CanAmend = active && Pending is null && a.Records.Count > 0 && AgreementService.CanIssue(caller) && caller.EmployeeId != a.EmployeeId;
        if (CanAmend)
        {
            Policies = [.. (await db.TuitionPolicies.AsNoTracking().Where(p => p.Status == TuitionPolicies.PolicyStatus.Published)
                .OrderBy(p => p.Code).ThenBy(p => p.VersionNumber).Select(p => new { p.Id, p.Code, p.VersionNumber, p.Name }).ToListAsync(ct))
                .Select(p => (p.Id, $"{p.Code} v{p.VersionNumber}: {p.Name}"))];
        }
        SignerName = CanSign || CanSignAmendment ? a.Employee!.FullName : caller.Name;
        HasConsent = await db.ElectronicConsents.AnyAsync(c => c.UserId == caller.UserId && c.WithdrawnAt == null, ct);
        return true;
    }
}
