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

/// <summary>
/// What a feature service returns: a value, or why not. Not found (not visible to the caller), forbidden (visible,
/// not theirs to do, with the reason), invalid (per field), stale (another version is stored: the current record or
/// its version), conflict (the record's state does not allow it). Nothing was written unless it is Ok. The API turns
/// it into a status with <c>Hosting.OutcomeResults</c>, a page with <see cref="OutcomePages"/>.
/// </summary>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value, IReadOnlyDictionary<string, string[]> Errors)
{
    private static readonly Dictionary<string, string[]> s_none = [];

    /// <summary>Why, in words, for a forbidden or conflicting command; null when the kind says it all.</summary>
    public string? Reason { get; init; }

    /// <summary>For a stale outcome without the current record: the stored version.</summary>
    public int? CurrentVersion { get; init; }

    public bool IsOk => Kind == OutcomeKind.Ok;

    public static Outcome<T> Ok(T value) => new(OutcomeKind.Ok, value, s_none);

    public static Outcome<T> NotFound() => new(OutcomeKind.NotFound, default, s_none);

    public static Outcome<T> Forbidden(string? why = null) => new(OutcomeKind.Forbidden, default, s_none) { Reason = why };

    public static Outcome<T> Stale() => new(OutcomeKind.Stale, default, s_none);

    /// <summary>The caller's version is not the stored one; carries the current record so the caller learns its version.</summary>
    public static Outcome<T> Stale(T current) => new(OutcomeKind.Stale, current, s_none);

    /// <summary>The caller's version is not the stored one, which is <paramref name="currentVersion"/>.</summary>
    public static Outcome<T> StaleAt(int currentVersion) => new(OutcomeKind.Stale, default, s_none) { CurrentVersion = currentVersion };

    public static Outcome<T> Conflict(string error) => new(OutcomeKind.Conflict, default, new Dictionary<string, string[]> { ["record"] = [error] }) { Reason = error };

    public static Outcome<T> Invalid(string field, string error) => new(OutcomeKind.Invalid, default, new Dictionary<string, string[]> { [field] = [error] });

    public static Outcome<T> Invalid(IReadOnlyDictionary<string, string[]> errors) => new(OutcomeKind.Invalid, default, errors);

    /// <summary>The same refusal for another value type (a helper's "why not" passed on by its caller).</summary>
    public Outcome<TOther> As<TOther>()
    {
        if (IsOk)
        {
            throw new InvalidOperationException("An Ok outcome carries a value; only a refusal is passed on.");
        }
        return new(Kind, default, Errors) { Reason = Reason, CurrentVersion = CurrentVersion ?? (Value as Data.IVersioned)?.Version };
    }

    public string FirstError => Reason ?? Errors.Values.SelectMany(e => e).FirstOrDefault() ?? Kind.ToString();

    /// <summary>One line for a page: the reason, or every field error ("field: reason; ...").</summary>
    public string Message => Reason ?? Kind switch
    {
        OutcomeKind.NotFound => "Not found.",
        OutcomeKind.Forbidden => "You may not do this.",
        OutcomeKind.Stale => "The record was changed by someone else; reload it and apply your change again.",
        _ => string.Join("; ", Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")),
    };
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
