using CertDesk.Features.Enrollments;

namespace CertDesk.Features.Credentials;

/// <summary>One credential: dates, renewal status, CE log, sharing setting, the Open Badges export.</summary>
public sealed class DetailsModel(CredentialService service, IOptions<FollowOptions> options) : PageModel
{
    public CredentialDto Credential { get; private set; } = null!;
    public bool IsHolder { get; private set; }

    /// <summary>HR (not the holder) may verify a claimed result.</summary>
    public bool MayVerify { get; private set; }
    public string? Error { get; private set; }
    [TempData] public string? Message { get; set; }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var dto = await service.GetAsync(caller, id, ct);
        if (dto is null)
        {
            return NotFound();
        }
        Credential = dto;
        IsHolder = caller.EmployeeId == dto.EmployeeId;
        MayVerify = caller.RunsProgram && !IsHolder && dto.VerifiedAt is null;
        return Page();
    }

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => ShowAsync(id, ct);

    private Task<IActionResult> AfterAsync<T>(Guid id, Outcome<T> outcome, string done, CancellationToken ct) =>
        this.RedirectOrShowAsync(outcome, new { id }, () => Message = done, reason => Error = reason, () => ShowAsync(id, ct));

    public async Task<IActionResult> OnPostVerifyAsync(Guid id, string? evidence, CancellationToken ct) =>
        await AfterAsync(id, await service.VerifyResultAsync(Caller.From(User), id, new VerificationInput(evidence), null, ct), "Credential verified.", ct);

    public async Task<IActionResult> OnPostSharingAsync(Guid id, string? sharing, CancellationToken ct) =>
        await AfterAsync(id, await service.SetSharingAsync(Caller.From(User), id, new SharingInput(sharing), null, ct), "Sharing saved.", ct);

    public async Task<IActionResult> OnPostCeAsync(Guid id, DateOnly? on, decimal? hours, string? category, string? description, IFormFile? evidence, CancellationToken ct)
    {
        byte[]? bytes = null;
        if (evidence is not null)
        {
            (bytes, var error) = await EvidenceFiles.ReadAsync(evidence, options.Value.MaxEvidenceBytes, ct);
            if (error is not null)
            {
                return await AfterAsync(id, Outcome<Credential>.Invalid("evidence", error), "", ct);
            }
        }
        return await AfterAsync(id, await service.LogCeAsync(Caller.From(User), id, new CeInput(on, hours, category, description), evidence?.FileName, bytes, ct), "Activity logged.", ct);
    }
}
