namespace CertDesk.Features.Credentials;

/// <summary>HR's queue: results the holders recorded themselves, waiting for another person's verification.</summary>
public sealed class CredentialClaimsToVerify(CertDeskDbContext db) : IWorkSource
{
    public int Order => 35;

    public async Task<WorkList?> ListAsync(Caller caller, CancellationToken ct)
    {
        if (!caller.RunsProgram)
        {
            return null;
        }
        var claims = db.Credentials.AsNoTracking().Where(c => c.VerifiedAt == null && c.EmployeeId != caller.EmployeeId);
        var total = await claims.CountAsync(ct);
        var rows = await claims.OrderBy(c => c.IssuedOn).ThenBy(c => c.Number).Take(WorkQueue.Shown)
            .Select(c => new { c.Id, c.Number, First = c.Employee!.FirstName, Last = c.Employee.LastName, c.Certification!.Code, c.Certification.Name, c.IssuedOn })
            .ToListAsync(ct);
        var items = rows.Select(c => new WorkItem(
            $"{c.First} {c.Last}: {c.Code} {c.Name}", $"Credential {c.Number} recorded by the holder: check the issuer's evidence and verify it",
            $"/Credentials/Details/{c.Id}", new DateTimeOffset(c.IssuedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), [])).ToList();
        return new WorkList("verify-credentials", "Credentials to verify", "No claimed result waits for verification.", items, total,
            "/Credentials?verification=claimed", "Every claimed credential");
    }
}
