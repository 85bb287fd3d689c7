using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CertDesk.Features.Scheduling;

/// <summary>Instants stored as UTC <see cref="DateTime"/> on both providers; SQLite hands them back unspecified.</summary>
internal static class UtcDateTime
{
    public static readonly ValueConverter<DateTime, DateTime> Converter = new(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
