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

    /// <summary>
    /// Adds each reason beside the input it concerns, as "Label: reason.": <paramref name="fields"/> maps the service's
    /// (the API's) field names to the form's keys and labels. An input the binder already refused keeps that error
    /// alone; a field the map does not know goes to the summary under its own name.
    /// </summary>
    public static void AddFieldErrors(
        this ModelStateDictionary modelState, IReadOnlyDictionary<string, string[]> errors, IReadOnlyDictionary<string, (string Key, string Label)> fields)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var (field, messages) in errors)
        {
            var (key, label) = fields.GetValueOrDefault(field, (string.Empty, field));
            if (key.Length > 0 && modelState.HasError(key))
            {
                continue;
            }
            foreach (var message in messages)
            {
                modelState.AddModelError(key, $"{label}: {message}.");
            }
        }
    }

    /// <summary>True when the input already has an error (e.g. the binder could not read it as a number).</summary>
    public static bool HasError(this ModelStateDictionary modelState, string key)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        return modelState.TryGetValue(key, out var state) && state.Errors.Count > 0;
    }
}
