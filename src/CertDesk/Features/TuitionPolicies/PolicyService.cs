using CertDesk.Domain.Repayment;

namespace CertDesk.Features.TuitionPolicies;

/// <summary>A repayment band: months served in [from_month, until_month) owe percent. from_month defaults to the previous band's end.</summary>
public sealed record TierInput(int? FromMonth, int? UntilMonth, decimal? Percent);

public sealed record PolicyInput(
    string? Code, string? Name, int? MinTenureMonths, IReadOnlyList<string>? EligibleRoles, bool? RequiresGoodStanding,
    IReadOnlyList<string>? FundedItems, decimal? AnnualCap, decimal? TaxFreeAnnualLimit, string? CompletionStandard, string? MinimumGrade,
    int? CompletionDeadlineMonths, int? CommitmentMonths, string? CommitmentStart, string? Proration, IReadOnlyList<TierInput>? Tiers,
    IReadOnlyList<string>? TriggeringReasons, IReadOnlyList<string>? ExemptReasons, decimal? NotCompletedPercent,
    DateOnly? ApplicationsOpenOn = null, DateOnly? ApplicationsCloseOn = null);

/// <summary>Versioned tuition policies: drafts are edited, a published version never changes, a new version starts as a copy.</summary>
public sealed class PolicyService(CertDeskDbContext db, TimeProvider clock)
{
    public static readonly string[] Reasons = ["resignation", "for_cause", "not_completed", "layoff", "death", "disability", "retirement"];
    public static readonly string[] Items = ["tuition", "exam", "materials", "travel", "retake", "membership"];
    public static readonly string[] Grades = ["A", "B", "C", "D"];

    public static bool CanEdit(Caller caller) => caller.RunsProgram;

    public static bool CanPublish(Caller caller) => caller.IsIn(Roles.Admin);

    public static IReadOnlyList<RepaymentTier> ParseTiers(string text) =>
        [.. text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var (range, percent) = (part[..part.IndexOf(':', StringComparison.Ordinal)], part[(part.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            var until = range[(range.IndexOf('-', StringComparison.Ordinal) + 1)..];
            return new RepaymentTier(int.Parse(until, CultureInfo.InvariantCulture), decimal.Parse(percent, CultureInfo.InvariantCulture));
        })];

    public static IReadOnlyList<(int From, int Until, decimal Percent)> TierBands(string text) =>
        [.. text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var range = part[..colon].Split('-');
            return (int.Parse(range[0], CultureInfo.InvariantCulture), int.Parse(range[1], CultureInfo.InvariantCulture), decimal.Parse(part[(colon + 1)..], CultureInfo.InvariantCulture));
        })];

    /// <summary>The repayment rules of a policy version in the terms of <see cref="RepaymentCalculator"/>.</summary>
    public static RepaymentPolicy Terms(TuitionPolicy p) => new(
        p.CommitmentMonths, p.Proration, p.Proration == Proration.Tiers ? ParseTiers(p.Tiers) : [],
        [.. p.ExemptReasons.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => RepaymentPolicy.TryParseReason(r, out var reason) ? reason : (SeparationReason?)null).OfType<SeparationReason>()],
        p.NotCompletedPercent);

    /// <summary>The separation terms of an agreement issued under this policy version for <paramref name="funded"/> (<see cref="SeparationRules"/>).</summary>
    public static AgreementTerms AgreementTerms(TuitionPolicy p, decimal funded) => new(
        Terms(p),
        [.. p.TriggeringReasons.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => RepaymentPolicy.TryParseReason(r, out var reason) ? reason : (SeparationReason?)null).OfType<SeparationReason>()],
        p.CommitmentStart == CommitmentStart.Completion ? CommitmentClock.Completion : CommitmentClock.Payment,
        funded);

    public async Task<Outcome<TuitionPolicy>> CreateAsync(Caller caller, PolicyInput input, CancellationToken ct)
    {
        if (!CanEdit(caller))
        {
            return Outcome<TuitionPolicy>.Forbidden();
        }
        var errors = Validate(input, out var tiers);
        var code = input.Code?.Trim().ToUpperInvariant() ?? "";
        errors.Check(code.Length is > 0 and <= 64 && code.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_'), "code", "is required (letters, digits, - and _; at most 64)");
        if (errors.Count == 0 && await db.TuitionPolicies.AnyAsync(p => p.Code == code, ct))
        {
            errors.Add("code", $"policy {code} exists; create a new version of it instead");
        }
        if (errors.Count > 0)
        {
            return Outcome<TuitionPolicy>.Invalid(errors);
        }
        var policy = new TuitionPolicy { Code = code, Name = "" };
        Apply(policy, input, tiers);
        db.TuitionPolicies.Add(policy);
        await db.SaveChangesAsync(ct);
        return Outcome<TuitionPolicy>.Ok(policy);
    }

    public async Task<Outcome<TuitionPolicy>> UpdateAsync(Caller caller, Guid id, PolicyInput input, int? expectedVersion, CancellationToken ct)
    {
        if (!CanEdit(caller))
        {
            return Outcome<TuitionPolicy>.Forbidden();
        }
        var policy = await db.TuitionPolicies.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (policy is null)
        {
            return Outcome<TuitionPolicy>.NotFound();
        }
        if (policy.Status == PolicyStatus.Published)
        {
            return Outcome<TuitionPolicy>.Conflict($"policy {policy.Code} version {policy.VersionNumber} is published and cannot be changed; create a new version");
        }
        if (expectedVersion is { } v && v != policy.Version)
        {
            return Outcome<TuitionPolicy>.Stale(policy);
        }
        var errors = Validate(input, out var tiers);
        if (errors.Count > 0)
        {
            return Outcome<TuitionPolicy>.Invalid(errors);
        }
        Apply(policy, input, tiers);
        await db.SaveChangesAsync(ct);
        return Outcome<TuitionPolicy>.Ok(policy);
    }

    public async Task<Outcome<TuitionPolicy>> PublishAsync(Caller caller, Guid id, CancellationToken ct)
    {
        if (!CanPublish(caller))
        {
            return Outcome<TuitionPolicy>.Forbidden();
        }
        var policy = await db.TuitionPolicies.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (policy is null)
        {
            return Outcome<TuitionPolicy>.NotFound();
        }
        if (policy.Status == PolicyStatus.Published)
        {
            return Outcome<TuitionPolicy>.Conflict($"policy {policy.Code} version {policy.VersionNumber} is already published");
        }
        policy.Status = PolicyStatus.Published;
        policy.PublishedAt = clock.GetUtcNow();
        policy.PublishedBy = caller.Email;
        await db.SaveChangesAsync(ct);
        return Outcome<TuitionPolicy>.Ok(policy);
    }

    /// <summary>Starts the next version of a policy as a draft copy of its latest version.</summary>
    public async Task<Outcome<TuitionPolicy>> NewVersionAsync(Caller caller, Guid id, CancellationToken ct)
    {
        if (!CanEdit(caller))
        {
            return Outcome<TuitionPolicy>.Forbidden();
        }
        var source = await db.TuitionPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (source is null)
        {
            return Outcome<TuitionPolicy>.NotFound();
        }
        var versions = await db.TuitionPolicies.AsNoTracking().Where(p => p.Code == source.Code).ToListAsync(ct);
        if (versions.Any(p => p.Status == PolicyStatus.Draft))
        {
            return Outcome<TuitionPolicy>.Conflict($"policy {source.Code} already has a draft version; edit that one");
        }
        var latest = versions.MaxBy(p => p.VersionNumber)!;
        var draft = new TuitionPolicy
        {
            Code = latest.Code,
            Name = latest.Name,
            VersionNumber = latest.VersionNumber + 1,
            MinTenureMonths = latest.MinTenureMonths,
            EligibleRoles = latest.EligibleRoles,
            RequiresGoodStanding = latest.RequiresGoodStanding,
            FundedItems = latest.FundedItems,
            AnnualCap = latest.AnnualCap,
            TaxFreeAnnualLimit = latest.TaxFreeAnnualLimit,
            CompletionStandard = latest.CompletionStandard,
            MinimumGrade = latest.MinimumGrade,
            CompletionDeadlineMonths = latest.CompletionDeadlineMonths,
            CommitmentMonths = latest.CommitmentMonths,
            CommitmentStart = latest.CommitmentStart,
            Proration = latest.Proration,
            Tiers = latest.Tiers,
            TriggeringReasons = latest.TriggeringReasons,
            ExemptReasons = latest.ExemptReasons,
            NotCompletedPercent = latest.NotCompletedPercent,
            ApplicationsOpenOn = latest.ApplicationsOpenOn,
            ApplicationsCloseOn = latest.ApplicationsCloseOn,
        };
        db.TuitionPolicies.Add(draft);
        await db.SaveChangesAsync(ct);
        return Outcome<TuitionPolicy>.Ok(draft);
    }

    /// <summary>The policy requests and the cohort plan are checked against: the latest published version of the most recently published policy (null: none).</summary>
    public static async Task<TuitionPolicy?> ActiveAsync(CertDeskDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var published = await db.TuitionPolicies.AsNoTracking().Where(p => p.Status == PolicyStatus.Published).ToListAsync(ct);
        return published.GroupBy(p => p.Code, StringComparer.Ordinal).Select(g => g.MaxBy(p => p.VersionNumber)!)
            .OrderByDescending(p => p.PublishedAt).ThenByDescending(p => p.Id).FirstOrDefault();
    }

    /// <summary>Why an employee is not eligible under a policy (empty when eligible).</summary>
    public static IReadOnlyList<string> Ineligibility(TuitionPolicy policy, Employee employee, DateOnly today)
    {
        var reasons = new List<string>();
        var label = $"{policy.Name} ({policy.Code} v{policy.VersionNumber})";
        var name = employee.FullName;
        var served = ServedMonths(employee, today);
        if (served < policy.MinTenureMonths)
        {
            reasons.Add($"{name} has worked here {Months(served)}; {label} funds people from {Months(policy.MinTenureMonths)} of service, so from {Day(employee.HireDate.AddMonths(policy.MinTenureMonths))}.");
        }
        var roles = policy.EligibleRoles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (roles.Length > 0 && !roles.Contains(employee.JobRole, StringComparer.OrdinalIgnoreCase))
        {
            reasons.Add($"{label} funds the roles {string.Join(", ", roles)}; {name}'s role is {(employee.JobRole.Length == 0 ? "not recorded" : employee.JobRole)}.");
        }
        if (policy.RequiresGoodStanding && employee.Status != EmploymentStatus.Active)
        {
            reasons.Add($"{name} is not in active employment; {label} funds people in active employment and good standing.");
        }
        return reasons;
    }

    /// <summary>
    /// Why agreements under this policy version break a site's jurisdiction rule (<see cref="JurisdictionRule.Breaches"/>),
    /// each naming the rule: "California (AB 692, from 2026-01-01): commitment at most 24 months; the policy asks 36".
    /// Empty when the site has no rule or the rule is not yet in force on <paramref name="issuedOn"/>.
    /// </summary>
    public static IReadOnlyList<string> JurisdictionBreaches(TuitionPolicy policy, JurisdictionRule? rule, DateOnly issuedOn) =>
        rule is null || !rule.AppliesOn(issuedOn) ? [] : rule.Breaches(AgreementTerms(policy, 0m));

    /// <summary>Whole months of service on <paramref name="today"/> (0 before the hire date), as repayment counts them.</summary>
    public static int ServedMonths(Employee employee, DateOnly today) =>
        today < employee.HireDate ? 0 : RepaymentCalculator.MonthsServed(employee.HireDate, today);

    public static string Day(DateOnly day) => day.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    public static string Months(int months) => months == 1 ? "1 month" : $"{months} months";

    /// <summary>The months of service the policy form's example is worked out for.</summary>
    public static readonly int[] ExampleMonths = [6, 18, 30];

    /// <summary>
    /// What someone funded <paramref name="funded"/> who resigns after each of <see cref="ExampleMonths"/> months would owe
    /// under the policy as entered (not saved), worked out by the same rules as an agreement's repayment
    /// (<see cref="SeparationRules.Quote"/> on <see cref="AgreementTerms"/>), with the commitment started on completion.
    /// Empty when the repayment rules as entered are not valid (the form shows why).
    /// </summary>
    public static IReadOnlyList<(int Months, RepaymentQuote Quote)> Example(PolicyInput input, decimal funded)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Only the repayment rules matter here: a draft without its name or cap yet still gets its example.
        var rules = input with { Name = "Example", AnnualCap = Math.Max(0, input.AnnualCap ?? 0) };
        if (Validate(rules, out var tiers).Count > 0 || funded <= 0)
        {
            return [];
        }
        var policy = new TuitionPolicy { Code = "EXAMPLE", Name = "" };
        Apply(policy, rules, tiers);
        var terms = AgreementTerms(policy, funded);
        // Completed and paid on the first day: the commitment's clock runs from it whichever start the policy uses.
        var start = new DateOnly(2026, 1, 1);
        var history = new AgreementHistory(start, start);
        return [.. ExampleMonths.Select(m => (m, SeparationRules.Quote(terms, history, start.AddMonths(m), "resignation").Quote))];
    }

    /// <summary>Business rules of a policy; tiers come back as normalized bands when valid.</summary>
    public static FieldErrors Validate(PolicyInput input, out List<(int From, int Until, decimal Percent)> tiers)
    {
        var errors = new FieldErrors();
        tiers = [];
        errors.Check(input.Name?.Trim() is { Length: > 0 and <= 200 }, "name", "is required (at most 200 characters)");
        errors.Check(input.MinTenureMonths is null or (>= 0 and <= 600), "min_tenure_months", "must be between 0 and 600");
        errors.Check(input.AnnualCap is >= 0 and <= 10_000_000m, "annual_cap", "is required (0 or more)");
        errors.Check(input.TaxFreeAnnualLimit is null or (>= 0 and <= 1_000_000m), "tax_free_annual_limit", "must be 0 or more (default 5250)");
        errors.Check(input.CommitmentMonths is >= 1 and <= 120, "commitment_months", "must be between 1 and 120 months");
        errors.Check(input.CompletionDeadlineMonths is null or (>= 1 and <= 60), "completion_deadline_months", "must be between 1 and 60 months");
        errors.Check(input.NotCompletedPercent is null or (>= 0 and <= 100), "not_completed_percent", "must be between 0 and 100");
        errors.Check(input.ApplicationsOpenOn is null || input.ApplicationsCloseOn is null || input.ApplicationsOpenOn <= input.ApplicationsCloseOn,
            "applications_close_on", "must be on or after applications_open_on");
        errors.Check(Enum.TryParse<CommitmentStart>(input.CommitmentStart ?? "completion", true, out _), "commitment_start", "must be 'completion' or 'payment'");
        var standard = (input.CompletionStandard ?? "pass").Replace("_", "", StringComparison.Ordinal);
        if (!Enum.TryParse<CompletionStandard>(standard, true, out var std))
        {
            errors.Add("completion_standard", "must be 'pass' or 'minimum_grade'");
        }
        else if (std == CompletionStandard.MinimumGrade && !Grades.Contains(input.MinimumGrade?.Trim().ToUpperInvariant()))
        {
            errors.Add("minimum_grade", "is required with completion_standard minimum_grade (A, B, C or D)");
        }
        foreach (var item in input.FundedItems ?? [])
        {
            errors.Check(Items.Contains(item), "funded_items", $"'{item}' is not one of {string.Join(", ", Items)}");
        }
        var trigger = input.TriggeringReasons ?? ["resignation", "for_cause", "not_completed"];
        var exempt = input.ExemptReasons ?? ["layoff", "death", "disability"];
        foreach (var r in trigger.Concat(exempt).Where(r => !Reasons.Contains(r)))
        {
            errors.Add("reasons", $"'{r}' is not one of {string.Join(", ", Reasons)}");
        }
        foreach (var r in trigger.Intersect(exempt))
        {
            errors.Add("reasons", $"'{r}' cannot both trigger repayment and be exempt");
        }
        foreach (var role in input.EligibleRoles ?? [])
        {
            errors.Check(role.Trim().Length is > 0 and <= 64 && !role.Contains(',', StringComparison.Ordinal), "eligible_roles", $"'{role}' is not a job role name");
        }

        if (!Enum.TryParse<Proration>(input.Proration ?? "", true, out var proration))
        {
            errors.Add("proration", "must be 'tiers', 'monthly' or 'daily'");
            return errors;
        }
        if (proration != Proration.Tiers)
        {
            return errors;
        }
        var list = input.Tiers ?? [];
        if (list.Count is 0 or > 24)
        {
            errors.Add("tiers", "tiered repayment needs 1 to 24 tiers");
            return errors;
        }
        var previous = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var t = list[i];
            var from = t.FromMonth ?? previous;
            if (t.UntilMonth is not { } until || until <= from)
            {
                errors.Add($"tiers[{i}].until_month", $"must be after from_month {from}");
                continue;
            }
            if (t.Percent is not { } pct || pct < 0 || pct > 100)
            {
                errors.Add($"tiers[{i}].percent", "must be between 0 and 100");
            }
            if (from > previous)
            {
                errors.Add($"tiers[{i}].from_month", $"leaves a gap: months {previous} to {from} are in no tier");
            }
            else if (from < previous)
            {
                errors.Add($"tiers[{i}].from_month", $"overlaps the previous tier, which runs until month {previous}");
            }
            tiers.Add((from, until, t.Percent ?? 0));
            previous = until;
        }
        if (errors.Count == 0 && input.CommitmentMonths is { } commitment && previous != commitment)
        {
            errors.Add("tiers", previous < commitment
                ? $"leaves a gap: the last tier ends at month {previous} but the commitment runs {commitment} months"
                : $"the last tier ends at month {previous}, after the {commitment}-month commitment");
        }
        return errors;
    }

    private static void Apply(TuitionPolicy p, PolicyInput input, List<(int From, int Until, decimal Percent)> tiers)
    {
        p.Name = input.Name!.Trim();
        p.MinTenureMonths = input.MinTenureMonths ?? 0;
        p.EligibleRoles = string.Join(',', (input.EligibleRoles ?? []).Select(r => r.Trim()).Where(r => r.Length > 0));
        p.RequiresGoodStanding = input.RequiresGoodStanding ?? true;
        p.FundedItems = string.Join(',', input.FundedItems ?? ["tuition", "exam", "materials"]);
        p.AnnualCap = input.AnnualCap!.Value;
        p.TaxFreeAnnualLimit = input.TaxFreeAnnualLimit ?? 5250m;
        p.CompletionStandard = Enum.Parse<CompletionStandard>((input.CompletionStandard ?? "pass").Replace("_", "", StringComparison.Ordinal), true);
        p.MinimumGrade = p.CompletionStandard == CompletionStandard.MinimumGrade ? input.MinimumGrade!.Trim().ToUpperInvariant() : null;
        p.CompletionDeadlineMonths = input.CompletionDeadlineMonths ?? 12;
        p.CommitmentMonths = input.CommitmentMonths!.Value;
        p.CommitmentStart = Enum.Parse<CommitmentStart>(input.CommitmentStart ?? "completion", true);
        p.Proration = Enum.Parse<Proration>(input.Proration!, true);
        p.Tiers = string.Join(';', tiers.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.From}-{t.Until}:{t.Percent}")));
        p.TriggeringReasons = string.Join(',', input.TriggeringReasons ?? ["resignation", "for_cause", "not_completed"]);
        p.ExemptReasons = string.Join(',', input.ExemptReasons ?? ["layoff", "death", "disability"]);
        p.NotCompletedPercent = input.NotCompletedPercent ?? 100m;
        p.ApplicationsOpenOn = input.ApplicationsOpenOn;
        p.ApplicationsCloseOn = input.ApplicationsCloseOn;
    }
}
