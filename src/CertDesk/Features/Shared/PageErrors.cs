using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CertDesk.Features.Shared;

/// <summary>A feature service's field errors shown in a page's error summary.</summary>
public static class PageErrors
{
    /// <summary>Adds each reason as "field name: reason" (snake_case field names read as words).</summary>
    public static void AddFieldErrors(this ModelStateDictionary modelState, IReadOnlyDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                modelState.AddModelError(string.Empty, $"{field.Replace('_', ' ')}: {message}");
            }
        }
    }
}
