using CertDesk.Features.Accounts;
using CertDesk.Features.ActionPlans;
using CertDesk.Features.Credentials;
using CertDesk.Features.Enrollments;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertDesk.Features.Dashboards;

/// <summary>Per person: my plan, my certifications, what is due.</summary>
public sealed class MeModel(EnrollmentService enrollments, CredentialService credentials, ActionPlanService plans, FollowQueries queries) : PageModel
{
    public IReadOnlyList<DueItem> Due { get; private set; } = [];
    public IReadOnlyList<EnrollmentDto> Enrollments { get; private set; } = [];
    public IReadOnlyList<CredentialDto> Credentials { get; private set; } = [];
    public IReadOnlyList<ActionPlanDto> Plans { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.EmployeeId is not { } me)
        {
            return;
        }
        Due = await queries.DueForAsync(me, ct);
        Enrollments = (await enrollments.ListAsync(caller, me, null, 1, 200, ct)).Items;
        Credentials = (await credentials.ListAsync(caller, me, 1, 200, ct)).Items;
        Plans = await plans.ListAsync(caller, me, ct);
    }
}
