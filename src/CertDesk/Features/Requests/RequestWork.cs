using CertDesk.Features.BusinessCases;

namespace CertDesk.Features.Requests;

/// <summary>The manager's queue: their people's certification requests waiting for the first decision, with approve, return and reject on the row.</summary>
public sealed class RequestsToDecide(CertDeskDbContext db) : IWorkSource
{
    // After the agreements a manager signs (10): a request waits on a decision, a signature on a person.
    public int Order => 15;

    public async Task<WorkList?> ListAsync(Caller caller, CancellationToken ct)
    {
        if (caller.EmployeeId is not { } self || !caller.IsIn(Roles.Manager))
        {
            return null;
        }
        var rows = await db.CertificationRequests.AsNoTracking()
            .Where(r => r.ManagerId == self && r.BusinessCase!.Status == BusinessCaseStatus.Requested)
            .Select(r => new { r.Id, First = r.Employee!.FirstName, Last = r.Employee.LastName, r.Certification!.Code, r.Certification.Name, r.RequestedAt, r.BusinessCase!.TotalCost })
            .ToListAsync(ct);
        var items = rows.OrderBy(r => r.RequestedAt).Take(WorkQueue.Shown).Select(r => new WorkItem(
                $"{r.First} {r.Last}: {r.Code} {r.Name}", "Certification request: you decide first, then the budget holder",
                $"/Requests/Details/{r.Id}", r.RequestedAt,
                [
                    new WorkAction("Approve", $"/Requests/Details/{r.Id}?handler=Approve", Primary: true, Comment: true),
                    new WorkAction("Return for changes", $"/Requests/Details/{r.Id}?handler=Return", Comment: true),
                    new WorkAction("Reject", $"/Requests/Details/{r.Id}?handler=Reject", Comment: true),
                ])
        { Amount = Labels.Money(r.TotalCost) }).ToList();
        return new WorkList("requests", "Certification requests from your people", "No certification request waits for you.", items, rows.Count,
            "/Requests?status=requested", "Every request waiting for you");
    }
}

/// <summary>The requester's own open requests: returned ones first (they need a change), then those waiting for a decision.</summary>
public sealed class OwnRequests(CertDeskDbContext db) : IWorkSource
{
    // The requester's own status, after every list of work the role has to do.
    public int Order => 50;

    public async Task<WorkList?> ListAsync(Caller caller, CancellationToken ct)
    {
        if (caller.EmployeeId is not { } self)
        {
            return null;
        }
        var rows = await db.CertificationRequests.AsNoTracking()
            .Where(r => (r.EmployeeId == self || r.RequestedBy == caller.Email)
                && (r.BusinessCase!.Status == BusinessCaseStatus.Requested || r.BusinessCase.Status == BusinessCaseStatus.Submitted || r.BusinessCase.Status == BusinessCaseStatus.Draft))
            .Select(r => new { r.Id, First = r.Employee!.FirstName, Last = r.Employee.LastName, r.EmployeeId, r.Certification!.Code, r.Certification.Name, r.RequestedAt, r.BusinessCase!.Status, r.BusinessCase.DecisionComment, r.BusinessCase.TotalCost })
            .ToListAsync(ct);
        var items = rows.OrderBy(r => r.Status == BusinessCaseStatus.Draft ? 0 : 1).ThenBy(r => r.RequestedAt).Take(WorkQueue.Shown).Select(r => new WorkItem(
                r.EmployeeId == self ? $"{r.Code} {r.Name}" : $"{r.First} {r.Last}: {r.Code} {r.Name}",
                r.Status switch
                {
                    BusinessCaseStatus.Draft => "Returned for changes" + (r.DecisionComment is null ? "" : ": " + r.DecisionComment),
                    BusinessCaseStatus.Requested => "Waiting for the manager",
                    _ => "Waiting for the budget holder",
                },
                $"/Requests/Details/{r.Id}", r.RequestedAt, [])
        { Amount = Labels.Money(r.TotalCost) }).ToList();
        return new WorkList("my-requests", "Your certification requests", "No open request: ask for a certification from the catalog or your gap profile.",
            items, rows.Count, "/Requests", "Every request");
    }
}
