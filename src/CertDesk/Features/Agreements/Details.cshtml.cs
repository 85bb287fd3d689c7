using CertDesk.Data;
using CertDesk.Domain.Repayment;
using CertDesk.Features.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Agreements;

public sealed class DetailsModel(AgreementService service, CertDeskDbContext db, TimeProvider clock) : PageModel
{
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

    /// <summary>The day of the "if you left on" question (default today).</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? LeaveOn { get; set; }

    /// <summary>What the employee would owe on resigning on <see cref="LeaveOn"/> (agreements in force only).</summary>
    public SeparationQuote? Exposure { get; private set; }

    private SignInput Input() => new(Sign.Consent, Sign.Intent, Sign.TypedName, Sign.Password);

    private async Task<IActionResult> AfterAsync(Guid id, Shared.Outcome<Agreement> outcome, string done, CancellationToken ct)
    {
        switch (outcome.Kind)
        {
            case Shared.OutcomeKind.Ok:
                Message = done;
                return RedirectToPage(new { id });
            case Shared.OutcomeKind.Forbidden:
                return Forbid();
            case Shared.OutcomeKind.NotFound:
                return NotFound();
            default:
                foreach (var e in outcome.Errors.Values.SelectMany(v => v))
                {
                    ModelState.AddModelError(string.Empty, e);
                }
                Sign.Password = null;
                return await LoadAsync(id, false, ct) ? Page() : NotFound();
        }
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
        Verification = verify ? AgreementService.Verify(a) : null;
        CanSign = caller.EmployeeId == a.EmployeeId && Agreement.Status == "issued";
        CanCountersign = AgreementService.CanIssue(caller) && caller.EmployeeId != a.EmployeeId && a.Status == AgreementStatus.EmployeeSigned;
        if (a.Status is AgreementStatus.Active or AgreementStatus.EmployeeSigned)
        {
            LeaveOn ??= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            Exposure = AgreementQuote.For(a, LeaveOn.Value, "resignation");
        }
        SignerName = CanSign ? a.Employee!.FullName : caller.Name;
        HasConsent = await db.ElectronicConsents.AnyAsync(c => c.UserId == caller.UserId && c.WithdrawnAt == null, ct);
        return true;
    }
}
