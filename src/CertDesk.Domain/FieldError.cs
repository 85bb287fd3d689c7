namespace CertDesk.Domain;

/// <summary>One validation failure: the input field (JSON path style, e.g. <c>tiers[1].percent</c>) and the reason.</summary>
public sealed record FieldError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
