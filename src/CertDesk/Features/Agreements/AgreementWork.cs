using CertDesk.Features.BusinessCases;

namespace CertDesk.Features.Agreements;

/// <summary>HR's queue: agreements the employee signed, waiting for the company's countersignature.</summary>
public sealed class AgreementsToCountersign(AgreementService agreements) : IWorkSource
{
    public int Order => 30;

    public async Task<WorkList?> ListAsync(Caller caller, CancellationToken ct)
    {
        if (!BusinessCaseService.CanDraft(caller))
        {
            return null;
        }
        var rows = await (await agreements.VisibleAsync(caller, ct)).Where(a => a.Status == AgreementStatus.EmployeeSigned)
            .Select(a => new { a.Id, First = a.Employee!.FirstName, Last = a.Employee.LastName, a.CertificationCode, a.CertificationName, a.EmployeeSignedAt, a.FundedAmount })
            .ToListAsync(ct);
        var items = rows.OrderBy(a => a.EmployeeSignedAt).Take(WorkQueue.Shown).Select(a => new WorkItem(
            $"{a.First} {a.Last}: {a.CertificationCode} {a.CertificationName}", "Signed by the employee: countersign it",
            $"/Agreements/Details/{a.Id}", a.EmployeeSignedAt, [])
        { Amount = Labels.Money(a.FundedAmount) }).ToList();
        return new WorkList("countersign", "Agreements to countersign", "No employee signature waits for yours.", items, rows.Count, "/Agreements", "Every agreement");
    }
}

/// <summary>The employee's queue: their agreements to sign, with the sign-by date.</summary>
public sealed class AgreementsToSign(AgreementService agreements, TimeProvider clock) : IWorkSource
{
    public int Order => 10;

    public async Task<WorkList?> ListAsync(Caller caller, CancellationToken ct)
    {
        if (caller.EmployeeId is not { } self)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var rows = await (await agreements.VisibleAsync(caller, ct)).Where(a => a.EmployeeId == self && a.Status == AgreementStatus.Issued)
            .Select(a => new { a.Id, a.CertificationCode, a.CertificationName, a.SignBy, a.IssuedAt, a.FundedAmount })
            .ToListAsync(ct);
        var items = rows.OrderBy(a => a.SignBy).Take(WorkQueue.Shown).Select(a => new WorkItem(
            $"{a.CertificationCode} {a.CertificationName}",
            a.SignBy < now ? "The sign-by date passed: ask HR to issue it again" : $"Read and sign by {a.SignBy.UtcDateTime:d MMMM yyyy} (UTC)",
            $"/Agreements/Details/{a.Id}", a.IssuedAt, [])
        { Amount = Labels.Money(a.FundedAmount) }).ToList();
        // A person with the employee role only always sees the list (empty or not); managers and HR see it when they have something to sign.
        return items.Count == 0 && caller.IsOrganizationWide ? null
            : new WorkList("sign", "Agreements for you to sign", "Nothing to sign. When a certification is funded for you, its tuition agreement appears here.",
                items, rows.Count, "/Agreements", "Your agreements");
    }
}
