namespace CertDesk.Features.Organization;

/// <summary>One person as the people picker offers them: the number forms and the API keep, the name people type.</summary>
public sealed record PersonChoice(string Number, string Name, string JobRole)
{
    /// <summary>What the list shows and the field holds once picked: "Jane Doe (E0021)".</summary>
    public string Display => $"{Name} ({Number})";
}

/// <summary>
/// The people picker of the forms that choose a person, with no script of its own: the field is tied to a
/// <c>&lt;datalist&gt;</c> of the active people the caller may see (the browser filters it as the person types a name),
/// and the server reads what was sent: a picked entry ("Jane Doe (E0021)"), a name only one of those people has, or the
/// employee id as before. Anything else is passed on unchanged, so the form's service reports it in its own words.
/// </summary>
public sealed class PeoplePicker(OrganizationScope scope)
{
    /// <summary>The active people in the caller's part of the organization, by name.</summary>
    public async Task<IReadOnlyList<PersonChoice>> ChoicesAsync(Caller caller, CancellationToken ct)
    {
        var people = await scope.EmployeesAsync(caller, ct);
        return await people.Where(e => e.Status == EmploymentStatus.Active)
            .OrderBy(e => e.LastName).ThenBy(e => e.FirstName).ThenBy(e => e.EmployeeNumber)
            .Select(e => new PersonChoice(e.EmployeeNumber, e.FirstName + " " + e.LastName, e.JobRole))
            .ToListAsync(ct);
    }

    /// <summary>
    /// The employee id <paramref name="text"/> stands for among <paramref name="choices"/>. A name several of them have is
    /// not guessed: <paramref name="error"/> says so and the text comes back unchanged.
    /// </summary>
    public static string Resolve(string? text, IReadOnlyList<PersonChoice> choices, out string? error)
    {
        ArgumentNullException.ThrowIfNull(choices);
        error = null;
        var typed = (text ?? "").Trim();
        if (typed.Length == 0)
        {
            return typed;
        }
        // A picked entry ends with the id in parentheses.
        if (typed.EndsWith(')') && typed.LastIndexOf('(') is var open and >= 0)
        {
            var inside = typed[(open + 1)..^1].Trim();
            if (choices.Any(c => string.Equals(c.Number, inside, StringComparison.OrdinalIgnoreCase)))
            {
                return inside;
            }
        }
        if (choices.FirstOrDefault(c => string.Equals(c.Number, typed, StringComparison.OrdinalIgnoreCase)) is { } byNumber)
        {
            return byNumber.Number;
        }
        var named = choices.Where(c => string.Equals(c.Name, typed, StringComparison.OrdinalIgnoreCase)).ToList();
        if (named.Count == 1)
        {
            return named[0].Number;
        }
        if (named.Count > 1)
        {
            error = $"{named.Count} people are called {typed}: pick one of them from the list ({string.Join(", ", named.Select(c => c.Display))}).";
        }
        return typed;
    }

    /// <summary>What the field shows for a stored id: the person's entry when they are in the list, else the text as it is.</summary>
    public static string Show(string? value, IReadOnlyList<PersonChoice> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        return choices.FirstOrDefault(c => string.Equals(c.Number, value?.Trim(), StringComparison.OrdinalIgnoreCase))?.Display ?? value ?? "";
    }
}
