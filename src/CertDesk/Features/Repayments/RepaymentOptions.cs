using System.ComponentModel.DataAnnotations;

namespace CertDesk.Features.Repayments;

/// <summary>Settings of repayments (section "Repayments"): what the statement e-mailed to the person proposes.</summary>
public sealed class RepaymentOptions
{
    /// <summary>The payroll deductions (every two weeks) the statement's schedule proposes, unless the person pays in full.</summary>
    [Range(1, 60)]
    public int StatementInstallments { get; set; } = 6;

    /// <summary>Days from the statement to dispute an amount.</summary>
    [Range(1, 365)]
    public int DisputeDays { get; set; } = 30;

    /// <summary>Where to pay or dispute (shown in the statement); empty: "HR, by replying to this e-mail".</summary>
    [MaxLength(254)]
    public string Contact { get; set; } = "";
}
