namespace CertDesk.Features.Shared;

public enum OutcomeKind
{
    Ok,
    NotFound,
    Forbidden,
    Invalid,
    Stale,
    Conflict,
}

/// <summary>What a feature service returns: a value, or why not (field errors for invalid input). Pages and endpoints turn it into a view or a status.</summary>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value, IReadOnlyDictionary<string, string[]> Errors)
{
    private static readonly Dictionary<string, string[]> s_none = [];

    public bool IsOk => Kind == OutcomeKind.Ok;

    public static Outcome<T> Ok(T value) => new(OutcomeKind.Ok, value, s_none);

    public static Outcome<T> NotFound() => new(OutcomeKind.NotFound, default, s_none);

    public static Outcome<T> Forbidden() => new(OutcomeKind.Forbidden, default, s_none);

    public static Outcome<T> Stale() => new(OutcomeKind.Stale, default, s_none);

    /// <summary>The caller's version is not the stored one; carries the current record so the caller learns its version.</summary>
    public static Outcome<T> Stale(T current) => new(OutcomeKind.Stale, current, s_none);

    public static Outcome<T> Conflict(string error) => new(OutcomeKind.Conflict, default, new Dictionary<string, string[]> { ["record"] = [error] });

    public static Outcome<T> Invalid(string field, string error) => new(OutcomeKind.Invalid, default, new Dictionary<string, string[]> { [field] = [error] });

    public static Outcome<T> Invalid(IReadOnlyDictionary<string, string[]> errors) => new(OutcomeKind.Invalid, default, errors);

    public string FirstError => Errors.Values.SelectMany(e => e).FirstOrDefault() ?? Kind.ToString();
}

/// <summary>Collects field errors with a fluent check.</summary>
public sealed class FieldErrors : Dictionary<string, string[]>
{
    public void Add(string field, string error) => this[field] = TryGetValue(field, out var existing) ? [.. existing, error] : [error];

    public void Check(bool ok, string field, string error)
    {
        if (!ok)
        {
            Add(field, error);
        }
    }
}
