namespace CertDesk.Features.Competencies;

/// <summary>A competency as the API, the new-competency page and the CSV import give it; <see cref="Levels"/> describes levels 1-5 in order.</summary>
public sealed record CompetencyInput(string? Code, string? Name, string? Category, string? ParentCode, IReadOnlyList<string?>? Levels);

/// <summary>
/// The rules of a framework's competency, in one place for the import, the page and the API: code, name and category
/// given, every level 1-5 described, a parent that exists and a hierarchy that does not loop.
/// </summary>
public static class CompetencyRules
{
    public const int LevelCount = 5;

    /// <summary>The shape rules; errors keyed by the CSV column (code, name, category, level_1 ... level_5).</summary>
    public static Dictionary<string, string[]> Validate(CompetencyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string field, string reason) => errors[field] = [.. errors.GetValueOrDefault(field) ?? [], reason];

        var code = input.Code?.Trim() ?? "";
        if (code.Length is 0 or > 32 || code.Contains(' ', StringComparison.Ordinal))
        {
            Error("code", "is required (at most 32 characters, no spaces)");
        }
        if ((input.Name?.Trim() ?? "").Length is 0 or > 120)
        {
            Error("name", "is required (at most 120 characters)");
        }
        if ((input.Category?.Trim() ?? "").Length is 0 or > 80)
        {
            Error("category", "is required (at most 80 characters)");
        }
        var levels = input.Levels ?? [];
        for (var level = 1; level <= LevelCount; level++)
        {
            var description = level <= levels.Count ? levels[level - 1]?.Trim() ?? "" : "";
            if (description.Length is 0 or > 500)
            {
                Error($"level_{level}", $"level {level} must be described (at most 500 characters): every competency describes levels 1-5");
            }
        }
        if (levels.Count > LevelCount)
        {
            Error("levels", $"describes {levels.Count} levels; a competency has exactly 5 (1-5)");
        }
        return errors;
    }

    /// <summary>
    /// Why <paramref name="parent"/> cannot be the parent of <paramref name="code"/>, or null when it can.
    /// <paramref name="parentOf"/> is the whole hierarchy after the change (code to parent code).
    /// </summary>
    public static string? ParentError(string code, string parent, IReadOnlyDictionary<string, string?> parentOf)
    {
        ArgumentNullException.ThrowIfNull(parentOf);
        if (!parentOf.ContainsKey(parent))
        {
            return $"'{parent}' is not a competency (in the file or the framework)";
        }
        var path = new List<string> { code };
        string? current = parent;
        while (current is not null)
        {
            if (path.Contains(current, StringComparer.Ordinal))
            {
                return $"the hierarchy loops: {string.Join(" -> ", path)} -> {current}";
            }
            path.Add(current);
            current = parentOf.GetValueOrDefault(current);
        }
        return null;
    }
}
