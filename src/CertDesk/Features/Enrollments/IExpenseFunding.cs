namespace CertDesk.Features.Enrollments;

/// <summary>What funds an expense about to be approved: the agreement it is paid under (null: none) and every limit it would pass.</summary>
public sealed record ExpenseFunding(Guid? AgreementId, IReadOnlyList<string> Problems);

/// <summary>
/// The check behind approving an expense: tuition and materials are payments under the person's signed tuition
/// agreement, within its funded amount and the policy's annual cap (connected where agreements are registered).
/// </summary>
public interface IExpenseFunding
{
    /// <summary>The agreement and the limits the expense would pass if approved now.</summary>
    Task<ExpenseFunding> CheckAsync(Guid employeeId, Guid certificationId, ExpenseLine expense, CancellationToken ct);

    /// <summary>Called in the approval's unit of work: the agreement records its last payment (the commitment clock when the policy names payment).</summary>
    Task ApprovedAsync(ExpenseLine expense, CancellationToken ct);

    /// <summary>Called in the passing attempt's unit of work: the agreement records the day the credential was earned (the commitment clock when the policy names completion).</summary>
    Task CredentialEarnedAsync(Guid employeeId, Guid certificationId, DateOnly on, CancellationToken ct);
}
