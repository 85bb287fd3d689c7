using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertDesk.Domain.Credentials;
using CertDesk.Features.Credentials;
using CertDesk.Features.Enrollments;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Tests.Features.Gaps;

/// <summary>
/// The cohort plan funds only the fundable: a candidate the tuition policy refuses, a certification the person is already
/// enrolled in and one they already hold are left out, each listed with the reason (API and CLI).
/// </summary>
public abstract class CohortPlanFundableTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [ProviderFact]
    public async Task Plan_LeavesOutTheRefused_TheEnrolled_AndTheHolders_WithTheReason()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var supervisor = await App.EmployeeAsync("E0020");
        var agent = await App.QueryAsync(db => db.Employees.AsNoTracking()
            .Where(e => e.JobRole == "Agent" && e.Status == CertDesk.Features.Organization.EmploymentStatus.Active)
            .OrderBy(e => e.EmployeeNumber).FirstAsync());

        // The policy funds supervisors only; the supervisor is enrolled in COHA and holds COHB.
        await App.AddCertificationAsync("COHA", "Cohort certification A");
        await App.AddCertificationAsync("COHB", "Cohort certification B");
        var policy = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/policies", new Dictionary<string, object?>
        {
            ["code"] = "TP-COHORT",
            ["name"] = "Supervisor tuition",
            ["eligible_roles"] = new[] { "Supervisor" },
            ["annual_cap"] = 5000m,
            ["commitment_months"] = 24,
            ["proration"] = "monthly",
        }), HttpStatusCode.Created);
        await AssertHttp.JsonAsync(await (await App.SignInAsAsync(Demo.Admin)).PostAsync($"/api/v1/policies/{policy.GetProperty("id").GetGuid()}/publish", null));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await App.QueryAsync(async db =>
        {
            var a = await db.Certifications.SingleAsync(c => c.Code == "COHA");
            var b = await db.Certifications.SingleAsync(c => c.Code == "COHB");
            db.Enrollments.Add(new Enrollment { EmployeeId = supervisor!.Id, CertificationId = a.Id, Status = EnrollmentStatus.Enrolled, CreatedBy = "test" });
            db.Credentials.Add(new Credential { Number = "COHB-TEST-1", EmployeeId = supervisor.Id, CertificationId = b.Id, IssuedOn = today.AddMonths(-2), ExpiresOn = today.AddYears(2) });
            return await db.SaveChangesAsync();
        });

        var input = new { employee_ids = new[] { "E0020", agent.EmployeeNumber }, budget = 20000m, from = Iso(today.AddDays(7)), to = Iso(today.AddDays(120)), max_away = 2 };
        var plan = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/cohort-plans", input));
        var excluded = plan.GetProperty("excluded").EnumerateArray()
            .Select(x => (Id: x.GetProperty("employee_id").GetString(), Cert: x.TryGetProperty("certification", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null, Reason: x.GetProperty("reason").GetString()!))
            .ToList();

        var refused = Assert.Single(excluded, x => x.Id == agent.EmployeeNumber);
        Assert.Null(refused.Cert);
        Assert.Contains($"Supervisor tuition (TP-COHORT v1) funds the roles Supervisor; {agent.FullName}'s role is Agent.", refused.Reason, StringComparison.Ordinal);
        Assert.Contains(("E0020", "COHA", $"{supervisor!.FullName} is already enrolled in COHA."), excluded);
        Assert.Contains(("E0020", "COHB", $"{supervisor.FullName} already holds COHB (a current credential)."), excluded);
        var lines = plan.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("employee_id").GetString(), l.GetProperty("certification").GetString())).ToList();
        Assert.DoesNotContain(lines, l => l.Item1 == agent.EmployeeNumber || l.Item2 is "COHA" or "COHB");

        // The command lists the same, in the same words.
        var (code, stdout, stderr) = await App.RunCliAsync("plan", "--budget", "20000", "--from", input.from, "--to", input.to, "--max-away", "2", "--employees", $"E0020,{agent.EmployeeNumber}");
        Assert.True(code == 0, stderr);
        Assert.Contains($"  not funded: E0020 {supervisor.FullName} COHB: {supervisor.FullName} already holds COHB (a current credential).", stdout, StringComparison.Ordinal);
        Assert.Contains($"  not funded: {agent.EmployeeNumber} {agent.FullName}: ", stdout, StringComparison.Ordinal);
    }
}

public sealed class SqliteCohortPlanFundableTests(SqliteDemoApp fixture) : CohortPlanFundableTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresCohortPlanFundableTests(PostgresDemoApp fixture) : CohortPlanFundableTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
