using CertDesk.Features.Mail;

namespace CertDesk.Features.Repayments;

/// <summary>
/// The statement e-mailed to a person when repayments open (a separation, or an enrollment not completed): per
/// agreement the funded amount, the rule, months served, percent and amount owed (money with its currency), the
/// proposed payroll-deduction schedule, how to pay and how to dispute. Queued in the outbox in the unit of work that
/// opens the repayments; the key makes it one message however often the event is replayed.
/// </summary>
public sealed class RepaymentStatement(Outbox outbox, PublicLinks links, IOptions<RepaymentOptions> options)
{
    public async Task QueueAsync(Employee person, IReadOnlyList<Repayment> repayments, string key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(repayments);
        if (repayments.Count == 0 || string.IsNullOrWhiteSpace(person.Email))
        {
            return;
        }
        await outbox.QueueAsync(key, person.Email, "Your tuition repayment statement", Body(person, repayments, options.Value, links), ct);
    }

    /// <summary>The statement's text (the repayments' agreements loaded).</summary>
    public static string Body(Employee person, IReadOnlyList<Repayment> repayments, RepaymentOptions settings, PublicLinks links)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(repayments);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(links);
        var inv = CultureInfo.InvariantCulture;
        var first = repayments[0];
        var text = new StringBuilder();
        text.Append(inv, $"Hello {person.FirstName},\n\n");
        text.Append(first.Reason == "not_completed"
            ? string.Create(inv, $"Your tuition-funded program was not completed on {first.SeparationDate:yyyy-MM-dd}. Under your tuition agreement this is what you owe.\n\n")
            : string.Create(inv, $"Your employment ends on {first.SeparationDate:yyyy-MM-dd} ({first.Reason.Replace('_', ' ')}). Under your tuition agreements this is what you owe.\n\n"));
        text.Append("Amounts\n");
        foreach (var r in repayments)
        {
            var a = r.Agreement!;
            text.Append(inv, $"- {a.CertificationCode} {a.CertificationName}: funded {Labels.Money(a.FundedAmount)}; rule {r.Rule}; {r.MonthsServed} of {r.CommitmentMonths} months served; {r.Percent:0.##} % = {Labels.Money(r.Owed)} owed (reference {r.Id}).\n");
        }
        var total = repayments.Sum(r => r.Owed);
        text.Append(inv, $"Total owed: {Labels.Money(total)}. Repayment is interest-free.\n\n");
        var contact = string.IsNullOrWhiteSpace(settings.Contact) ? "HR (reply to this e-mail)" : settings.Contact.Trim();
        if (total > 0)
        {
            text.Append(inv, $"Schedule\nUnless you pay in full, the amount is deducted from your pay, to the extent the law allows, in {settings.StatementInstallments} installments every two weeks:\n");
            foreach (var (date, amount) in RepaymentService.Installments(total, settings.StatementInstallments, first.SeparationDate))
            {
                text.Append(inv, $"- {date:yyyy-MM-dd}: {Labels.Money(amount)}\n");
            }
            text.Append(inv, $"\nHow to pay\nNothing to do for payroll deductions. To pay in full or agree another schedule, contact {contact}, quoting the reference above.\n\n");
        }
        else
        {
            text.Append("Nothing is owed: no payment is needed.\n\n");
        }
        text.Append(inv, $"How to dispute\nIf you believe an amount is wrong, write to {contact} within {settings.DisputeDays} days of this statement, quoting the reference and why. HR reviews it; any correction or waiver is recorded in your repayment ledger with its reason.\n\n");
        text.Append(inv, $"Your agreement: {links.To($"/Agreements/Details/{first.AgreementId}")}\n");
        return text.ToString();
    }
}
