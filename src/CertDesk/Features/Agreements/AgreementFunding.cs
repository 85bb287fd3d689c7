using CertDesk.Domain.Tuition;
using CertDesk.Features.Enrollments;

namespace CertDesk.Features.Agreements;

/// <summary>
/// Tuition and materials are paid under the person's signed agreement for the certification (countersigned, in force):
/// within what it funds and within the policy's annual cap for the payment's calendar year (every approved payment of
/// the employee under any agreement that year). No agreement, an item the policy does not fund, or a limit passed is a
/// problem the approver may override with a reason. Approving moves the agreement's last payment date.
/// </summary>
public sealed class AgreementFunding(CertDeskDbContext db) : IExpenseFunding
{
    /// <summary>The expense categories that are paid under an agreement (exam fees come from the exam attempts).</summary>
    public static readonly string[] AgreementItems = ["tuition", "materials"];

    public async Task<ExpenseFunding> CheckAsync(Guid employeeId, Guid certificationId, ExpenseLine expense, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(expense);
        if (!AgreementItems.Contains(expense.Category))
        {
            return new ExpenseFunding(null, []);
        }
        var code = await db.Certifications.Where(c => c.Id == certificationId).Select(c => c.Code).FirstAsync(ct);
        var agreement = await InForceAsync(employeeId, code, ct);
        if (agreement is null)
        {
            return new ExpenseFunding(null, [$"no signed tuition agreement funds {code} for this person (issue one and have it signed first)"]);
        }
        var problems = new List<string>();
        if (!agreement.Policy!.FundedItems.Split(',', StringSplitOptions.TrimEntries).Contains(expense.Category, StringComparer.Ordinal))
        {
            problems.Add($"policy {agreement.Policy.Code} v{agreement.Policy.VersionNumber} does not fund {expense.Category}");
        }
        var year = expense.IncurredOn.Year;
        var (yearStart, nextYear) = (new DateOnly(year, 1, 1), new DateOnly(year + 1, 1, 1));
        var paid = await db.ExpenseLines.AsNoTracking()
            .Where(x => x.State == ExpenseState.Approved && x.AgreementId != null && x.Id != expense.Id
                && db.Agreements.Any(a => a.Id == x.AgreementId && a.EmployeeId == employeeId))
            .Select(x => new { x.AgreementId, x.IncurredOn, x.Amount }).ToListAsync(ct);
        problems.AddRange(PaymentCheck.Problems(new PaymentLimits(
            expense.Amount, agreement.FundedAmount, paid.Where(p => p.AgreementId == agreement.Id).Sum(p => p.Amount),
            agreement.Policy.AnnualCap, paid.Where(p => p.IncurredOn >= yearStart && p.IncurredOn < nextYear).Sum(p => p.Amount), year)));
        return new ExpenseFunding(agreement.Id, problems);
    }

    public async Task ApprovedAsync(ExpenseLine expense, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(expense);
        if (expense.AgreementId is not { } id)
        {
            return;
        }
        var agreement = await db.Agreements.FirstAsync(a => a.Id == id, ct);
        var earlier = await db.ExpenseLines.Where(x => x.AgreementId == id && x.State == ExpenseState.Approved && x.Id != expense.Id)
            .Select(x => x.IncurredOn).ToListAsync(ct);
        agreement.PaidOn = earlier.Append(expense.IncurredOn).Max();
        // Always written, so the agreement's version moves: two approvals racing for its last money cannot both save.
        db.Entry(agreement).Property(a => a.PaidOn).IsModified = true;
    }

    public async Task CredentialEarnedAsync(Guid employeeId, Guid certificationId, DateOnly on, CancellationToken ct)
    {
        var code = await db.Certifications.Where(c => c.Id == certificationId).Select(c => c.Code).FirstAsync(ct);
        if (await InForceAsync(employeeId, code, ct) is { CompletedOn: null } agreement)
        {
            agreement.CompletedOn = on;
        }
    }

    /// <summary>The person's agreement in force for a certification (the latest countersigned one not superseded, separated or closed).</summary>
    public Task<Agreement?> InForceAsync(Guid employeeId, string certificationCode, CancellationToken ct) => db.Agreements.Include(a => a.Policy)
        .Where(a => a.EmployeeId == employeeId && a.CertificationCode == certificationCode && a.Status == AgreementStatus.Active)
        .OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct); // ids are time-ordered (version 7): the latest issued
}
