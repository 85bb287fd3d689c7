using CertDesk.Files;
using nietras.SeparatedValues;

namespace CertDesk.Features.Organization;

/// <summary>The roster as the contract's CSV (the same columns the import reads), formula cells neutralized.</summary>
public sealed class RosterExport(CertDeskDbContext db)
{
    public async Task WriteAsync(TextWriter output, IQueryable<Employee>? scope, CancellationToken ct)
    {
        var employees = await (scope ?? db.Employees.AsNoTracking())
            .OrderBy(e => e.EmployeeNumber)
            .Select(e => new
            {
                e.EmployeeNumber,
                e.FirstName,
                e.LastName,
                e.Email,
                e.Title,
                e.JobRole,
                Team = e.Team != null ? e.Team.Code : "",
                Site = e.Site != null ? e.Site.Name : "",
                Manager = e.Manager != null ? e.Manager.EmployeeNumber : "",
                e.HireDate,
                e.Status,
                e.SeparationDate,
                e.SeparationReason,
                e.HourlyLoadedCost,
            })
            .ToListAsync(ct);
        // The header is written even for an empty roster, so the file always re-imports.
        await output.WriteLineAsync(string.Join(",", RosterImport.Columns));
        using var writer = Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = false }).To(output);
        foreach (var e in employees)
        {
            using var row = writer.NewRow();
            row["employee_id"].Set(CellSafety.Neutralize(e.EmployeeNumber));
            row["first_name"].Set(CellSafety.Neutralize(e.FirstName));
            row["last_name"].Set(CellSafety.Neutralize(e.LastName));
            row["email"].Set(CellSafety.Neutralize(e.Email));
            row["title"].Set(CellSafety.Neutralize(e.Title));
            row["role"].Set(CellSafety.Neutralize(e.JobRole));
            row["team_id"].Set(CellSafety.Neutralize(e.Team));
            row["site"].Set(CellSafety.Neutralize(e.Site));
            row["manager_employee_id"].Set(CellSafety.Neutralize(e.Manager));
            row["hire_date"].Set(e.HireDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            row["status"].Set(e.Status == EmploymentStatus.Active ? "active" : "separated");
            row["separation_date"].Set(e.SeparationDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
            row["separation_reason"].Set(e.SeparationReason ?? "");
            row["hourly_loaded_cost"].Set(e.HourlyLoadedCost.ToString("0.00", CultureInfo.InvariantCulture));
        }
    }
}
