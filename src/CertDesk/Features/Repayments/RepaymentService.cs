namespace CertDesk.Features.Repayments;

public sealed record LedgerInput(string? Kind, DateOnly? Date, decimal? Amount, string? Note, int? Installments);

public sealed record LiabilityRow(string Group, string Key, int Count, decimal Outstanding);

/// <summary>The repayment ledger: payroll deduction schedule, payments, waivers (reason and approver), write-off; and the liabilities report.</summary>
public sealed class RepaymentService(CertDeskDbContext db, TimeProvider clock)
{
    public static bool CanRecord(Caller caller) => caller.RunsProgram;

    public static bool CanWaive(Caller caller) => caller.DecidesOnMoney;

    public IQueryable<Repayment> Query() => db.Repayments.AsNoTracking()
        .Include(r => r.Employee).ThenInclude(e => e!.Site).Include(r => r.Agreement).Include(r => r.Entries);

    public async Task<Outcome<Repayment>> RecordAsync(Caller caller, Guid id, LedgerInput input, CancellationToken ct)
    {
        var kind = (input.Kind ?? "").Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!Enum.TryParse<LedgerEntryKind>(kind, true, out var k))
        {
            return Outcome<Repayment>.Invalid("kind", "must be schedule, payment, waiver or write_off");
        }
        if (k is LedgerEntryKind.Waiver or LedgerEntryKind.WriteOff ? !CanWaive(caller) : !CanRecord(caller))
        {
            return Outcome<Repayment>.Forbidden();
        }
        var r = await db.Repayments.Include(x => x.Entries).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null)
        {
            return Outcome<Repayment>.NotFound();
        }
        var errors = new FieldErrors();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var date = input.Date ?? today;
        var note = input.Note?.Trim() ?? "";
        errors.Check(r.Status == RepaymentStatus.Open, "status", "this repayment is settled");
        errors.Check(note.Length <= 1000, "note", "at most 1000 characters");
        errors.Check(date >= r.SeparationDate, "date", $"is before the separation date {r.SeparationDate:yyyy-MM-dd}");
        if (k == LedgerEntryKind.ScheduledDeduction)
        {
            errors.Check(input.Installments is >= 1 and <= 60, "installments", "must be between 1 and 60 payroll periods");
        }
        else
        {
            var amount = k == LedgerEntryKind.WriteOff ? r.Outstanding : input.Amount ?? 0;
            errors.Check(amount > 0 && amount <= r.Outstanding, "amount", string.Create(CultureInfo.InvariantCulture, $"must be more than 0 and at most the outstanding {r.Outstanding:0.00}"));
            errors.Check(k is not (LedgerEntryKind.Waiver or LedgerEntryKind.WriteOff) || note.Length > 0, "note", "a waiver or write-off needs a reason");
        }
        if (errors.Count > 0)
        {
            return Outcome<Repayment>.Invalid(errors);
        }
        var now = clock.GetUtcNow();
        if (k == LedgerEntryKind.ScheduledDeduction)
        {
            foreach (var (on, amount) in Installments(r.Outstanding, input.Installments!.Value, date))
            {
                db.RepaymentEntries.Add(new RepaymentEntry { RepaymentId = r.Id, Kind = k, Date = on, Amount = amount, Note = note.Length > 0 ? note : "payroll deduction", RecordedBy = caller.Email, RecordedAt = now });
            }
        }
        else
        {
            var amount = k == LedgerEntryKind.WriteOff ? r.Outstanding : Math.Round(input.Amount!.Value, 2, MidpointRounding.AwayFromZero);
            db.RepaymentEntries.Add(new RepaymentEntry
            {
                RepaymentId = r.Id,
                Kind = k,
                Date = date,
                Amount = amount,
                Note = note,
                RecordedBy = caller.Email,
                RecordedAt = now,
                ApprovedBy = k is LedgerEntryKind.Waiver or LedgerEntryKind.WriteOff ? caller.Email : null,
            });
            r.Outstanding -= amount;
            if (r.Outstanding == 0)
            {
                r.Status = RepaymentStatus.Settled;
            }
        }
        await db.SaveChangesAsync(ct);
        return Outcome<Repayment>.Ok(r);
    }

    /// <summary>
    /// A payroll-deduction schedule: <paramref name="count"/> equal installments every two weeks from <paramref name="from"/>,
    /// rounded down to cents; the last one takes the rounding remainder (the ledger's schedule and the statement's).
    /// </summary>
    public static IReadOnlyList<(DateOnly Date, decimal Amount)> Installments(decimal total, int count, DateOnly from)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var each = Math.Floor(total / count * 100m) / 100m;
        return [.. Enumerable.Range(0, count).Select(i => (from.AddDays(14 * i), i == count - 1 ? total - (each * (count - 1)) : each))];
    }

    /// <summary>Outstanding balances grouped by site, by certification and by age (days since separation).</summary>
    public async Task<IReadOnlyList<LiabilityRow>> LiabilitiesAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var open = await db.Repayments.AsNoTracking().Where(r => r.Status == RepaymentStatus.Open)
            .Select(r => new { Site = r.Employee!.Site != null ? r.Employee.Site.Name : "(no site)", r.Agreement!.CertificationCode, r.SeparationDate, r.Outstanding })
            .ToListAsync(ct);
        static string Age(int days) => days switch { <= 30 => "0-30 days", <= 90 => "31-90 days", <= 180 => "91-180 days", <= 365 => "181-365 days", _ => "over 365 days" };
        return
        [
            .. open.GroupBy(r => r.Site).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new LiabilityRow("site", g.Key, g.Count(), g.Sum(r => r.Outstanding))),
            .. open.GroupBy(r => r.CertificationCode).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new LiabilityRow("certification", g.Key, g.Count(), g.Sum(r => r.Outstanding))),
            .. open.GroupBy(r => Age(today.DayNumber - r.SeparationDate.DayNumber)).OrderBy(g => g.Min(r => today.DayNumber - r.SeparationDate.DayNumber))
                .Select(g => new LiabilityRow("age", g.Key, g.Count(), g.Sum(r => r.Outstanding))),
            new LiabilityRow("total", "all", open.Count, open.Sum(r => r.Outstanding)),
        ];
    }
}
