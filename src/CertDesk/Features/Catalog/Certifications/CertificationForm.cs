using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CertDesk.Features.Catalog.Certifications;

/// <summary>
/// The certification form of the new and edit pages (<c>_CertificationFields.cshtml</c>): plain fields, one labelled
/// source field per fact (<see cref="SourceOf"/>, keyed by <see cref="CertificationFacts"/>' codes, which stay the stored
/// and API format), and competency levels as "name = value" lines. It only turns the form into a <see cref="CertificationInput"/>; the rules
/// are <see cref="CatalogService.Validate"/> only (no annotations here), as for the API and the import. An empty field is
/// an unknown fact.
/// </summary>
public sealed class CertificationForm
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    [Display(Name = "Issuer")] public string? IssuerCode { get; set; }
    public string? Format { get; set; }
    [Display(Name = "In person")] public string? InPerson { get; set; }
    public string? Prerequisites { get; set; }
    [Display(Name = "Prerequisite codes (space separated)")] public string? PrerequisiteCodes { get; set; }
    [Display(Name = "Tuition")] public decimal? TuitionFee { get; set; }
    [Display(Name = "Exam fee")] public decimal? ExamFee { get; set; }
    [Display(Name = "Materials")] public decimal? MaterialsFee { get; set; }
    [Display(Name = "Retake fee")] public decimal? RetakeFee { get; set; }
    [Display(Name = "Exam attempts")] public int? ExamAttempts { get; set; }
    [Display(Name = "Study hours")] public decimal? StudyHours { get; set; }
    [Display(Name = "Class hours")] public decimal? ClassHours { get; set; }
    [Display(Name = "Validity (months)")] public int? ValidityMonths { get; set; }
    [Display(Name = "Renewal period (months)")] public int? RenewalPeriodMonths { get; set; }
    [Display(Name = "Continuing education amount")] public decimal? RenewalCeAmount { get; set; }
    [Display(Name = "Continuing education unit")] public string? RenewalCeUnit { get; set; }
    [Display(Name = "Renewal rule")] public string? RenewalRule { get; set; }
    public string? Verification { get; set; } = "unverified";
    public string? Notes { get; set; }
    /// <summary>Where each fact was found, by fact code (<see cref="CertificationFacts.All"/>); an empty field is no source.</summary>
    public Dictionary<string, string?> SourceOf { get; set; } = new(StringComparer.Ordinal);
    [Display(Name = "Competencies built (one per line: code = level 1-5)")] public string? Competencies { get; set; }
    public int Version { get; set; }

    public static CertificationForm From(Certification cert)
    {
        ArgumentNullException.ThrowIfNull(cert);
        var inv = CultureInfo.InvariantCulture;
        return new CertificationForm
        {
            Code = cert.Code,
            Name = cert.Name,
            IssuerCode = cert.Issuer?.Code,
            Format = cert.Format,
            InPerson = cert.InPerson switch { true => "yes", false => "no", null => "" },
            Prerequisites = cert.Prerequisites,
            PrerequisiteCodes = cert.PrerequisiteCodes,
            TuitionFee = cert.TuitionFee,
            ExamFee = cert.ExamFee,
            MaterialsFee = cert.MaterialsFee,
            RetakeFee = cert.RetakeFee,
            ExamAttempts = cert.ExamAttempts,
            StudyHours = cert.StudyHours,
            ClassHours = cert.ClassHours,
            ValidityMonths = cert.ValidityMonths,
            RenewalPeriodMonths = cert.RenewalPeriodMonths,
            RenewalCeAmount = cert.RenewalCeAmount,
            RenewalCeUnit = cert.RenewalCeUnit,
            RenewalRule = cert.RenewalRule,
            Verification = cert.Verification.ToString().ToLowerInvariant(),
            Notes = cert.Notes,
            SourceOf = cert.Sources.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal),
            Competencies = string.Join('\n', cert.Competencies.Where(l => l.Competency is not null).OrderBy(l => l.Competency!.Code, StringComparer.Ordinal)
                .Select(l => $"{l.Competency!.Code} = {l.Level.ToString(inv)}")),
            Version = cert.Version,
        };
    }

    /// <summary>
    /// The form as the catalog's input; competency lines that are not "name = value", and a source too long, are added to
    /// <paramref name="modelState"/> in words.
    /// </summary>
    public CertificationInput ToInput(ModelStateDictionary modelState)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        var sources = Sources(modelState);
        var levels = ParsePairs(Competencies, "competencies", s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null, modelState);
        return new CertificationInput(
            Code: Code,
            Name: Name,
            IssuerCode: IssuerCode,
            Format: Format,
            InPerson: InPerson switch { "yes" => true, "no" => false, _ => null },
            Prerequisites: Prerequisites,
            PrerequisiteCodes: PrerequisiteCodes,
            TuitionFee: TuitionFee,
            ExamFee: ExamFee,
            MaterialsFee: MaterialsFee,
            RetakeFee: RetakeFee,
            ExamAttempts: ExamAttempts,
            StudyHours: StudyHours,
            ClassHours: ClassHours,
            ValidityMonths: ValidityMonths,
            RenewalPeriodMonths: RenewalPeriodMonths,
            RenewalCeAmount: RenewalCeAmount,
            RenewalCeUnit: RenewalCeUnit,
            RenewalRule: RenewalRule,
            Verification: Verification,
            Notes: Notes,
            Sources: sources,
            Competencies: levels.ToDictionary(p => p.Key, p => p.Value!.Value, StringComparer.Ordinal));
    }

    /// <summary>The label of a fact's source field ("Source for fees").</summary>
    public static string SourceLabel(string fact) => "Source for " + CertificationFacts.Label(fact).ToLowerInvariant();

    /// <summary>
    /// The filled source fields, keyed by fact code. Only the known facts are read (the form shows no other), so a
    /// hand-made post cannot add a code the catalog would refuse in its own words; the length rule is the catalog's.
    /// </summary>
    private Dictionary<string, string> Sources(ModelStateDictionary modelState)
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var fact in CertificationFacts.All)
        {
            if (SourceOf.GetValueOrDefault(fact)?.Trim() is not { Length: > 0 } source)
            {
                continue;
            }
            if (source.Length > CatalogService.MaxSourceLength)
            {
                modelState.AddModelError($"Input.SourceOf[{fact}]", string.Create(CultureInfo.InvariantCulture,
                    $"{SourceLabel(fact)}: at most {CatalogService.MaxSourceLength} characters ({source.Length} given)."));
                continue;
            }
            sources[fact] = source;
        }
        return sources;
    }

    /// <summary>"key = value" lines; a line without "=" or a value that does not parse is an error.</summary>
    private static Dictionary<string, T> ParsePairs<T>(string? text, string field, Func<string, T?> parse, ModelStateDictionary modelState)
    {
        var pairs = new Dictionary<string, T>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in (text ?? "").Split('\n'))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var at = line.IndexOf('=', StringComparison.Ordinal);
            var key = at > 0 ? line[..at].Trim() : "";
            var value = parse(at > 0 ? line[(at + 1)..].Trim() : "");
            if (key.Length == 0 || value is null || (value is string s && s.Length == 0))
            {
                modelState.AddModelError(string.Empty, $"{field}: line {number.ToString(CultureInfo.InvariantCulture)} is not 'name = value'");
                continue;
            }
            pairs[key] = value;
        }
        return pairs;
    }
}
