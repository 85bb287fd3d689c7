namespace CertDesk.Features.Shared;

/// <summary>
/// The one place where a code becomes the words a person reads: statuses, reasons, rules, roles and record types.
/// Pages, PDFs, e-mails and exports meant for people call it; the API and the contract's files keep the codes.
/// </summary>
public static class Labels
{
    // Codes as the API and files spell them (snake_case) and as enums name them (PascalCase) both land here.
    private static readonly Dictionary<string, string> s_words = new(StringComparer.OrdinalIgnoreCase)
    {
        // business cases, agreements, policies, repayments
        ["draft"] = "Draft",
        ["submitted"] = "Waiting for a decision",
        ["requested"] = "Waiting for the manager",
        ["returned"] = "Returned for changes",
        ["approved"] = "Approved",
        ["rejected"] = "Rejected",
        ["issued"] = "Waiting for the employee's signature",
        ["employee_signed"] = "Waiting for the company's signature",
        ["proposed"] = "Waiting for the employee's signature",
        ["signed"] = "Signed by both",
        ["active"] = "Active",
        ["superseded"] = "Replaced by a newer agreement",
        ["separated"] = "Separated",
        ["closed"] = "Closed",
        ["expired"] = "Expired",
        ["published"] = "Published",
        ["open"] = "Open",
        ["settled"] = "Settled",
        ["scheduled"] = "Scheduled",
        ["cancelled"] = "Cancelled",
        ["current"] = "Current",
        ["expiring"] = "Expiring soon",
        ["grace"] = "In its grace period",
        // separation reasons
        ["resignation"] = "Resignation",
        ["for_cause"] = "Dismissal for cause",
        ["not_completed"] = "Certification not completed",
        ["layoff"] = "Layoff",
        ["death"] = "Death",
        ["disability"] = "Disability",
        ["retirement"] = "Retirement",
        ["other"] = "Other",
        // repayment rules and policy settings
        ["tiers"] = "By tiers of months served",
        ["monthly"] = "Month by month",
        ["daily"] = "Day by day",
        ["completion"] = "From completion",
        ["payment"] = "From payment",
        ["pass"] = "A pass",
        ["minimum_grade"] = "A minimum grade",
        ["scheduled_deduction"] = "Scheduled deduction",
        ["waiver"] = "Waiver",
        ["write_off"] = "Write-off",
        ["charge"] = "Amount owed",
        // enrollments
        ["planned"] = "Planned",
        ["enrolled"] = "Enrolled",
        ["in_progress"] = "In progress",
        ["exam_scheduled"] = "Exam scheduled",
        ["passed"] = "Passed",
        ["failed"] = "Failed",
        ["withdrawn"] = "Withdrawn",
        // not_completed: the separation reason's words above ("Certification not completed") serve the status too
        // scheduling and plans
        ["fine"] = "Fine",
        ["at_risk"] = "At risk",
        ["breaks_target"] = "Breaks the target",
        ["optimal"] = "Best possible",
        ["feasible"] = "Good, not proven best",
        ["infeasible"] = "No plan fits",
        ["class"] = "Class",
        ["exam"] = "Exam",
        ["coaching"] = "Coaching",
        ["verified"] = "Verified",
        ["claimed"] = "Claimed",
        ["partial"] = "Partly verified",
        ["private"] = "Private",
        ["validity"] = "Validity only",
        ["public"] = "Public",
        ["employee"] = "Employee",
        ["company"] = "Company",
    };

    private static readonly Dictionary<string, string> s_roles = new(StringComparer.OrdinalIgnoreCase)
    {
        [Roles.Admin] = "Administrator",
        [Roles.ProgramManager] = "HR program manager",
        [Roles.Approver] = "Director (approver)",
        [Roles.Manager] = "Manager",
        [Roles.Employee] = "Employee",
    };

    // Record types as the audit trail stores them (the CLR type's name); generic names are EF Core's shared types.
    private static readonly Dictionary<string, string> s_records = new(StringComparer.Ordinal)
    {
        ["Dictionary`2"] = "Setting",
        ["IdentityUserRole`1"] = "Role membership",
        ["IdentityUserClaim`1"] = "User claim",
        ["IdentityUserLogin`1"] = "User login",
        ["IdentityUserToken`1"] = "User token",
        ["IdentityRole"] = "Role",
        ["IdentityRoleClaim`1"] = "Role claim",
        ["AppUser"] = "User",
        ["ApplicationUser"] = "User",
        ["DataProtectionKey"] = "Sign-in key",
        ["AuditEntry"] = "Audit entry",
        ["CeActivity"] = "Continuing education activity",
        ["OutboxMessage"] = "E-mail",
        ["MailMessage"] = "E-mail",
        ["TuitionPolicy"] = "Tuition policy",
        ["ApiToken"] = "API token",
        ["KpiColumnMappingRecord"] = "Column mapping",
    };

    /// <summary>The words for a status, reason, rule or setting code; an unknown code reads as words, never as a code.</summary>
    public static string Of(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return "";
        }
        var key = code.Contains('_', StringComparison.Ordinal) ? code : Snake(code);
        return s_words.TryGetValue(key, out var words) ? words : Sentence(key.Replace('_', ' '));
    }

    /// <summary>The words for an enum value (same table as the codes).</summary>
    public static string Of<T>(T value) where T : struct, Enum => Of(Snake(value.ToString()));

    /// <summary>A list of codes in words, "Resignation, Dismissal for cause".</summary>
    public static string List(IEnumerable<string> codes) => string.Join(", ", codes.Select(Of));

    /// <summary>The words for a role name.</summary>
    public static string Role(string? role) => role is not null && s_roles.TryGetValue(role, out var words) ? words : Of(role);

    /// <summary>The words for a record type stored by the audit trail ("BusinessCase" → "Business case").</summary>
    public static string Record(string? type)
    {
        if (string.IsNullOrEmpty(type))
        {
            return "";
        }
        if (s_records.TryGetValue(type, out var words))
        {
            return words;
        }
        var tick = type.IndexOf('`', StringComparison.Ordinal);
        return Sentence(Split(tick < 0 ? type : type[..tick]));
    }

    /// <summary>A field name in words: "CohortTeamsJson" → "Cohort teams", "ManagerId" → "Manager".</summary>
    public static string Field(string name)
    {
        var trimmed = name;
        foreach (var suffix in new[] { "Json", "Utc", "Id" })
        {
            if (trimmed.Length > suffix.Length && trimmed.EndsWith(suffix, StringComparison.Ordinal))
            {
                trimmed = trimmed[..^suffix.Length];
            }
        }
        return Sentence(Split(trimmed));
    }

    /// <summary>"1 agreement", "2 agreements": a count with its noun in the right number.</summary>
    public static string Count(long n, string singular, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:#,0} {(n == 1 ? singular : plural ?? singular + "s")}");

    /// <summary>The program's currency: every amount shown to people carries it.</summary>
    public const string Currency = "USD";

    /// <summary>Money as people read it, one format everywhere: "USD 16,861.54".</summary>
    public static string Money(decimal amount) =>
        string.Create(CultureInfo.InvariantCulture, $"{Currency} {amount:#,0.00}");

    /// <summary>Whole money for charts and tiles: "USD 16,862".</summary>
    public static string MoneyWhole(decimal amount) =>
        string.Create(CultureInfo.InvariantCulture, $"{Currency} {amount:#,0}");

    /// <summary>A rate as a percent ("62 %"); no value reads "no data", never as 0.</summary>
    public static string Percent(decimal? rate) =>
        rate is { } r ? (r * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : "no data";

    /// <summary>PascalCase to snake_case, as the contract spells enum values.</summary>
    public static string Snake(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }

    private static string Split(string pascal) => Snake(pascal).Replace('_', ' ');

    private static string Sentence(string words) =>
        words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
}
