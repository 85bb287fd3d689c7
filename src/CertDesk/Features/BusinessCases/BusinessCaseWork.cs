namespace CertDesk.Features.BusinessCases;

/// <summary>The approver's queue: submitted business cases, oldest first, with approve, return and reject on the row.</summary>
public sealed class CasesToDecide(BusinessCaseService cases) : IWorkSource
{
    public int Order => 10;

    public async Task<WorkList?> ListAsync(Caller caller, CancellationToken ct)
    {
        if (!BusinessCaseService.CanDecide(caller))
        {
            return null;
        }
        var submitted = (await cases.VisibleAsync(caller, ct)).Where(c => c.Status == BusinessCaseStatus.Submitted);
        var rows = await submitted
            .Select(c => new { c.Id, First = c.Employee!.FirstName, Last = c.Employee.LastName, c.CertificationCode, c.CertificationName, c.CostCenter, c.TotalCost, c.SubmittedAt })
            .ToListAsync(ct);
        var items = rows.OrderBy(c => c.SubmittedAt).Take(WorkQueue.Shown).Select(c => new WorkItem(
                $"{c.First} {c.Last}: {c.CertificationCode} {c.CertificationName}",
                $"Cost center {c.CostCenter}",
                $"/BusinessCases/Details/{c.Id}",
                c.SubmittedAt,
                [
                    new WorkAction("Approve", $"/BusinessCases/Details/{c.Id}?handler=Approve", Primary: true, Comment: true),
                    new WorkAction("Return for changes", $"/BusinessCases/Details/{c.Id}?handler=Return", Comment: true),
                    new WorkAction("Reject", $"/BusinessCases/Details/{c.Id}?handler=Reject", Comment: true),
                ])
        { Amount = Labels.Money(c.TotalCost) }).ToList();
        return new WorkList("decide", "Business cases to decide", "No business case waits for your decision.", items, rows.Count, "/BusinessCases?status=submitted", "Every case waiting");
    }
}

/// <summary>HR's queue: approved cases without an agreement yet, and cases the approver returned for changes.</summary>
public sealed class CasesToMoveOn(CertDeskDbContext db, BusinessCaseService cases) : IWorkSource
{
    public int Order => 20;

    public async Task<WorkList?> ListAsync(Caller caller, CancellationToken ct)
    {
        if (!BusinessCaseService.CanDraft(caller))
        {
            return null;
        }
        var visible = await cases.VisibleAsync(caller, ct);
        var withAgreement = db.Agreements.Where(a => a.BusinessCaseId != null).Select(a => a.BusinessCaseId!.Value);
        var rows = await visible
            .Where(c => (c.Status == BusinessCaseStatus.Approved && !withAgreement.Contains(c.Id)) ||
                        (c.Status == BusinessCaseStatus.Draft && c.DecidedAt != null))
            .Select(c => new { c.Id, First = c.Employee!.FirstName, Last = c.Employee.LastName, c.CertificationCode, c.CertificationName, c.Status, c.DecisionComment, c.DecidedAt, c.TotalCost })
            .ToListAsync(ct);
        var items = rows.OrderBy(c => c.DecidedAt).Take(WorkQueue.Shown).Select(c => c.Status == BusinessCaseStatus.Approved
                ? new WorkItem($"{c.First} {c.Last}: {c.CertificationCode} {c.CertificationName}", "Approved: issue the tuition agreement",
                    $"/Agreements/Issue?businessCaseId={c.Id}", c.DecidedAt, [])
                { Amount = Labels.Money(c.TotalCost) }
                : new WorkItem($"{c.First} {c.Last}: {c.CertificationCode} {c.CertificationName}",
                    "Returned for changes" + (c.DecisionComment is null ? "" : ": " + c.DecisionComment),
                    $"/BusinessCases/Details/{c.Id}", c.DecidedAt, [])
                { Amount = Labels.Money(c.TotalCost) })
            .ToList();
        return new WorkList("fund", "Approved and returned business cases", "No approved case waits for its agreement, and none came back for changes.",
            items, rows.Count, "/BusinessCases", "Every business case");
    }
}
