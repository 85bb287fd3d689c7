using System.Net;
using System.Net.Http.Json;
using System.Text;
using CertDesk.Features.Agreements;
using CertDesk.Features.BusinessCases;
using CertDesk.Features.Catalog;
using CertDesk.Features.Competencies;
using CertDesk.Features.Organization;
using CertDesk.Features.TuitionPolicies;
using CertDesk.Hosting;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CertDesk.Tests.Security;

/// <summary>
/// The authorization test generated from the route table: every endpoint the app maps (minimal API routes and
/// every Razor page handler) must have a rule below saying who may call it. A new page, handler or route without
/// a rule fails <see cref="EveryRoute_HasARule"/>: add the rule, then the other tests check it for real.
/// </summary>
public abstract class RouteAuthorizationTests(RouteAuthorizationTests.Fixture fixture, ITestOutputHelper output)
{
    private const string Anonymous = "anonymous";
    private const string Admin = "admin", Hr = "hr", Director = "director", Manager = "manager", Employee = "employee";

    private static readonly string[] Anyone = [Anonymous];
    private static readonly string[] All = [Admin, Hr, Director, Manager, Employee];
    private static readonly string[] Wide = [Admin, Hr, Director];
    private static readonly string[] People = [Admin, Hr, Director, Manager];
    private static readonly string[] Program = [Admin, Hr];
    private static readonly string[] Deciders = [Admin, Director];
    private static readonly string[] AdminOnly = [Admin];
    private static readonly string[] SelfOrProgram = [Admin, Hr, Employee];
    private static readonly string[] Raters = [Admin, Hr, Manager, Employee];

    /// <summary>No person: only an identity provider's directory token (ScimProvisioningTests checks that it is let in).</summary>
    private static readonly string[] DirectoryOnly = [];

    /// <summary>
    /// Who may call what. Roles are the demo logins (admin, hr = ProgramManager, director = Approver, manager,
    /// employee). "Allowed" is about the role: a record outside the caller's part of the org chart may still answer
    /// 404. A route with parameters has a sample path whose {placeholders} are filled from the seeded data
    /// (the samples are records everyone involved may see: the demo employee E0020 and what belongs to them).
    /// </summary>
    private static readonly Rule[] Table =
    [
        // Infrastructure, anonymous by design
        new("GET /health/live", Anyone),
        new("GET /health/ready", Anyone),
        new("GET /openapi/{documentName}.json", Anyone, "/openapi/v1.json"),

        // Accounts and shell pages
        new("GET /Accounts/Login", Anyone),
        new("POST /Accounts/Login", Anyone),
        // Single sign-on (404 while it is not configured): the start, the return from the provider, a refusal there.
        new("GET /Accounts/Sso", Anyone),
        new("GET /Accounts/Sso?handler=Callback", Anyone),
        new("GET /Accounts/Sso?handler=Failed", Anyone),
        new("GET /Accounts/AccessDenied", Anyone),
        new("GET /Error", Anyone),
        new("POST /Error", Anyone),
        new("GET /Accounts/Logout", All),
        new("POST /Accounts/Logout", All),
        new("GET /", All),
        new("GET /Accounts/SetPassword", Anyone),
        new("POST /Accounts/SetPassword", Anyone),
        new("GET /Accounts/Me", All),
        new("POST /Accounts/Me?handler=Password", All),
        new("POST /Accounts/Me?handler=Token", All),
        new("POST /Accounts/Me?handler=Revoke", All),
        new("GET /Accounts/Users", Program),
        new("POST /Accounts/Users?handler=Invite", Program),
        new("POST /Accounts/Users?handler=Role", Program),
        new("POST /Accounts/Users?handler=Disable", Program),
        new("POST /Accounts/Users?handler=Enable", Program),
        new("POST /Accounts/Users?handler=Reset", Program),
        new("GET /api/v1/users", Program),
        new("POST /api/v1/users", Program),
        new("GET /api/v1/users/{id}", Program, "/api/v1/users/{user}"),
        new("POST /api/v1/users/{id}/role", Program, "/api/v1/users/{user}/role"),
        new("POST /api/v1/users/{id}/disable", Program, "/api/v1/users/{user}/disable"),
        new("POST /api/v1/users/{id}/enable", Program, "/api/v1/users/{user}/enable"),
        new("POST /api/v1/users/{id}/reset-password", Program, "/api/v1/users/{user}/reset-password"),
        new("POST /api/v1/me/password", All),
        new("GET /api/v1/tokens", All),
        new("POST /api/v1/tokens", All),
        new("DELETE /api/v1/tokens/{id:guid}", All, "/api/v1/tokens/00000000-0000-0000-0000-000000000001"),

        // Organization
        new("GET /api/v1/me", All),
        new("GET /api/v1/sites", All),
        new("GET /api/v1/sites/{id:guid}", All, "/api/v1/sites/{site}"),
        new("POST /api/v1/sites", AdminOnly),
        new("PUT /api/v1/sites/{id:guid}", AdminOnly, "/api/v1/sites/{site}"),
        new("GET /api/v1/teams", All),
        new("GET /api/v1/teams/{id:guid}", All, "/api/v1/teams/{team}"),
        new("GET /api/v1/employees", All),
        new("GET /api/v1/employees/{id:guid}", All, "/api/v1/employees/{employee}"),
        new("GET /Organization/Employees", All),
        new("GET /Organization/Employees?handler=Csv", All),
        new("GET /Organization/Employees/Details/{id:guid}", All, "/Organization/Employees/Details/{employee}"),
        new("GET /Organization/Teams", All),
        new("GET /Organization/Teams?handler=Csv", All),
        new("GET /Organization/Teams/Details/{id:guid}", All, "/Organization/Teams/Details/{team}"),
        new("GET /Organization/Sites", Wide),
        new("GET /Organization/Sites?handler=Csv", Wide),
        new("GET /Organization/Roster/Import", Program),
        new("POST /Organization/Roster/Import", Program),

        // Calculations (no data: any signed-in user)
        new("POST /api/v1/staffing/erlang-c", All),
        new("POST /api/v1/staffing/erlang-a", All),
        new("POST /api/v1/staffing/staff", All),
        new("POST /api/v1/roi/calculate", All),
        new("POST /api/v1/repayments/quote", All),

        // Catalog, competencies, assessments, gaps
        new("GET /api/v1/certifications", All),
        new("GET /api/v1/certifications/{id:guid}", All, "/api/v1/certifications/{certification}"),
        new("POST /api/v1/certifications", Program),
        new("PUT /api/v1/certifications/{id:guid}", Program, "/api/v1/certifications/{certification}"),
        new("GET /api/v1/issuers", All),
        new("GET /api/v1/issuers/{id:guid}", All, "/api/v1/issuers/{issuer}"),
        new("POST /api/v1/issuers", Program),
        new("PUT /api/v1/issuers/{id:guid}", Program, "/api/v1/issuers/{issuer}"),
        new("GET /api/v1/price-quotes", Program),
        new("GET /api/v1/price-quotes/{id:guid}", Program, "/api/v1/price-quotes/{quote}"),
        new("POST /api/v1/price-quotes", Program),
        new("PUT /api/v1/price-quotes/{id:guid}", Program, "/api/v1/price-quotes/{quote}"),
        new("POST /api/v1/competencies", Program),
        new("GET /api/v1/competencies", All),
        new("GET /api/v1/competencies/{id:guid}", All, "/api/v1/competencies/{competency}"),
        new("GET /api/v1/role-profiles", All),
        new("GET /api/v1/assessments", All),
        new("GET /api/v1/assessments/{id:guid}", All, "/api/v1/assessments/{assessment}"),
        new("POST /api/v1/assessments", All),
        new("GET /api/v1/gaps/{employeeId:guid}", All, "/api/v1/gaps/{employee}"),
        new("GET /api/v1/gaps/{employeeId:guid}/recommendations", All, "/api/v1/gaps/{employee}/recommendations"),
        new("POST /api/v1/cohort-plans", People),
        new("GET /Catalog/Certifications", All),
        new("GET /Catalog/Certifications?handler=Csv", All),
        new("GET /Catalog/Certifications/Details/{id:guid}", All, "/Catalog/Certifications/Details/{certification}"),
        new("POST /Catalog/Certifications/Details/{id:guid}?handler=Retire", Program, "/Catalog/Certifications/Details/{certification}?handler=Retire"),
        new("POST /Catalog/Certifications/Details/{id:guid}?handler=Reinstate", Program, "/Catalog/Certifications/Details/{certification}?handler=Reinstate"),
        new("POST /api/v1/certifications/{id:guid}/retire", Program, "/api/v1/certifications/{certification}/retire"),
        new("POST /api/v1/certifications/{id:guid}/reinstate", Program, "/api/v1/certifications/{certification}/reinstate"),
        new("GET /Competencies/Framework", All),
        new("GET /Competencies/Framework?handler=Csv", All),
        new("GET /Gaps/Person/{id:guid}", All, "/Gaps/Person/{employee}"),
        new("GET /Gaps/Person/{id:guid}?handler=Pdf", All, "/Gaps/Person/{employee}?handler=Pdf"),
        new("GET /Gaps/HeatMap", People),
        new("GET /Gaps/Plan", People),
        new("POST /Gaps/Plan", People),
        new("POST /Gaps/Plan?handler=Csv", People),
        new("POST /Gaps/Plan?handler=Xlsx", People),
        // Recording a rating of E0020: themself (self), their manager chain and the program manager (manager, test); an approver records none
        new("GET /Competencies/Assess/{id:guid}", Raters, "/Competencies/Assess/{employee}"),
        new("POST /Competencies/Assess/{id:guid}", Raters, "/Competencies/Assess/{employee}"),
        new("GET /Catalog/Certifications/Edit/{id:guid}", Program, "/Catalog/Certifications/Edit/{certification}"),
        new("POST /Catalog/Certifications/Edit/{id:guid}", Program, "/Catalog/Certifications/Edit/{certification}"),
        new("GET /Competencies/RoleProfiles/Edit", Program),
        new("POST /Competencies/RoleProfiles/Edit", Program),
        new("GET /Catalog/Issuers", All),
        new("GET /Catalog/Issuers/New", Program),
        new("POST /Catalog/Issuers/New", Program),
        new("GET /Catalog/Issuers/Edit/{id:guid}", Program, "/Catalog/Issuers/Edit/{issuer}"),
        new("POST /Catalog/Issuers/Edit/{id:guid}", Program, "/Catalog/Issuers/Edit/{issuer}"),
        new("GET /Catalog/Quotes", Program),
        new("GET /Catalog/Quotes/Edit/{id:guid}", Program, "/Catalog/Quotes/Edit/{quote}"),
        new("POST /Catalog/Quotes/Edit/{id:guid}", Program, "/Catalog/Quotes/Edit/{quote}"),
        new("POST /Catalog/Quotes", Program),
        new("POST /Catalog/Quotes?handler=Import", Program),
        new("GET /Catalog/Quotes?handler=Csv", Program),
        new("GET /Catalog/Quotes?handler=Attachment", Program, "/Catalog/Quotes?handler=Attachment&id={quote}"),
        new("GET /Catalog/Certifications/New", Program),
        new("POST /Catalog/Certifications/New", Program),
        new("GET /Competencies/Framework/New", Program),
        new("POST /Competencies/Framework/New", Program),

        // Proof: KPIs and ROI studies (a study id that does not exist answers 404 to allowed roles, 403 to others)
        new("GET /api/v1/kpis", People),
        new("GET /api/v1/kpis.csv", People),
        new("GET /api/v1/roi-studies", Wide),
        new("GET /api/v1/roi-studies/{id:guid}", Wide, "/api/v1/roi-studies/00000000-0000-0000-0000-000000000001"),
        new("GET /api/v1/roi-studies/{id:guid}/effects.csv", Wide, "/api/v1/roi-studies/00000000-0000-0000-0000-000000000001/effects.csv"),
        new("GET /api/v1/roi-studies/{id:guid}/report.pdf", Wide, "/api/v1/roi-studies/00000000-0000-0000-0000-000000000001/report.pdf"),
        new("GET /api/v1/roi-studies/{id:guid}/report.xlsx", Wide, "/api/v1/roi-studies/00000000-0000-0000-0000-000000000001/report.xlsx"),
        new("POST /api/v1/roi-studies", Wide),
        new("GET /api/v1/program-summary", Wide),
        new("GET /api/v1/program-summary.csv", Wide),
        new("GET /api/v1/program-summary.pdf", Wide),
        new("GET /api/v1/program-summary.xlsx", Wide),
        new("GET /Proof/Kpis", People),
        new("GET /Proof/Import", Program),
        new("POST /Proof/Import", Program),
        new("GET /Proof/Import?handler=Rejected", Program),
        new("GET /Proof/Mappings", Program),
        new("GET /Proof/Mappings/Edit", Program, "/Proof/Mappings/Edit?kind=cdr"),
        new("POST /Proof/Mappings/Edit", Program, "/Proof/Mappings/Edit?kind=cdr"),
        new("POST /Proof/Mappings/Edit?handler=Delete", Program),
        new("GET /Proof/Studies", Wide),
        new("GET /Proof/Studies?handler=Csv", Wide),
        new("GET /Proof/Studies/New", Program),
        new("POST /Proof/Studies/New", Program),
        new("GET /Proof/Studies/Details/{id:guid}", Wide, "/Proof/Studies/Details/00000000-0000-0000-0000-000000000001"),

        // Scheduling: sessions (a manager schedules their own people; the sample is a session E0020 attends), queues, coverage
        new("GET /api/v1/sessions", All),
        new("GET /api/v1/sessions/{id:guid}", All, "/api/v1/sessions/{session}"),
        new("POST /api/v1/sessions", People),
        new("PUT /api/v1/sessions/{id:guid}", People, "/api/v1/sessions/{session}"),
        new("POST /api/v1/sessions/{id:guid}/cancel", People, "/api/v1/sessions/{session}/cancel"),
        new("GET /api/v1/sessions/{id:guid}/invite.ics", All, "/api/v1/sessions/{session}/invite.ics"),
        new("GET /api/v1/sessions/{id:guid}/impact", All, "/api/v1/sessions/{session}/impact"),
        new("POST /api/v1/sessions/best-slots", People),
        // Schedule exceptions for the WFM tool; a site's feed also lets in that site's WFM feed token (SessionExceptionsTests)
        new("GET /api/v1/session-exceptions.csv", People),
        new("GET /api/v1/sites/{id:guid}/session-exceptions.csv", People, "/api/v1/sites/{site}/session-exceptions.csv"),
        new("GET /api/v1/queues", All),
        new("GET /api/v1/queues/{id:guid}", All, "/api/v1/queues/{queue}"),
        new("POST /api/v1/queues", Program),
        new("PUT /api/v1/queues/{id:guid}", Program, "/api/v1/queues/{queue}"),
        new("GET /api/v1/coverage-rules", All),
        new("GET /api/v1/coverage-rules/{id:guid}", All, "/api/v1/coverage-rules/{rule}"),
        new("POST /api/v1/coverage-rules", Program),
        new("PUT /api/v1/coverage-rules/{id:guid}", Program, "/api/v1/coverage-rules/{rule}"),
        new("GET /Scheduling/Sessions", All),
        new("GET /Scheduling/Sessions?handler=Csv", All),
        new("GET /Scheduling/Sessions?handler=Exceptions", People),
        new("GET /Scheduling/Sessions/Details/{id:guid}", All, "/Scheduling/Sessions/Details/{session}"),
        new("GET /Scheduling/Sessions/Cancel/{id:guid}", People, "/Scheduling/Sessions/Cancel/{session}"),
        new("POST /Scheduling/Sessions/Cancel/{id:guid}", People, "/Scheduling/Sessions/Cancel/{session}"),
        new("GET /Scheduling/Plan", People),
        new("POST /Scheduling/Plan?handler=Book", People),
        new("GET /Scheduling/Queues", All),
        new("GET /Scheduling/Queues?handler=Csv", All),
        new("GET /Scheduling/Queues/Edit/{id:guid?}", Program, "/Scheduling/Queues/Edit/{queue}"),
        new("POST /Scheduling/Queues/Edit/{id:guid?}", Program, "/Scheduling/Queues/Edit/{queue}"),
        new("GET /Scheduling/CoverageRules/Edit/{id:guid?}", Program, "/Scheduling/CoverageRules/Edit/{rule}"),
        new("POST /Scheduling/CoverageRules/Edit/{id:guid?}", Program, "/Scheduling/CoverageRules/Edit/{rule}"),

        // Business cases and budgets
        new("GET /api/v1/business-cases", All),
        new("GET /api/v1/business-cases/{id:guid}", All, "/api/v1/business-cases/{case}"),
        new("POST /api/v1/business-cases", Program),
        new("PUT /api/v1/business-cases/{id:guid}", Program, "/api/v1/business-cases/{case}"),
        new("POST /api/v1/business-cases/{id:guid}/submit", Program, "/api/v1/business-cases/{case}/submit"),
        new("POST /api/v1/business-cases/{id:guid}/approve", Deciders, "/api/v1/business-cases/{case}/approve"),
        new("POST /api/v1/business-cases/{id:guid}/reject", Deciders, "/api/v1/business-cases/{case}/reject"),
        new("GET /api/v1/budgets", Wide),
        new("PUT /api/v1/budgets", AdminOnly),
        new("GET /BusinessCases", All),
        new("GET /BusinessCases?handler=Csv", All),
        new("GET /BusinessCases/New", Program),
        new("POST /BusinessCases/New", Program),
        new("GET /BusinessCases/Details/{id:guid}", All, "/BusinessCases/Details/{case}"),
        new("POST /BusinessCases/Details/{id:guid}?handler=Submit", Program, "/BusinessCases/Details/{case}?handler=Submit"),

        // Certification requests: anyone signed in may ask (for themselves, or a manager for their people); who decides,
        // withdraws or sends again is the record's rule (the manager named on it, the budget holder, the requester).
        new("GET /api/v1/requests", All),
        new("GET /api/v1/requests/{id:guid}", All, "/api/v1/requests/{request}"),
        new("POST /api/v1/requests", All),
        new("POST /api/v1/requests/check", All),
        new("POST /api/v1/requests/{id:guid}/approve", All, "/api/v1/requests/{request}/approve"),
        new("POST /api/v1/requests/{id:guid}/return", All, "/api/v1/requests/{request}/return"),
        new("POST /api/v1/requests/{id:guid}/reject", All, "/api/v1/requests/{request}/reject"),
        new("POST /api/v1/requests/{id:guid}/withdraw", All, "/api/v1/requests/{request}/withdraw"),
        new("POST /api/v1/requests/{id:guid}/resubmit", All, "/api/v1/requests/{request}/resubmit"),
        new("GET /Requests", All),
        new("GET /Requests/New", All),
        new("POST /Requests/New", All),
        new("POST /Requests/New?handler=Check", All),
        new("GET /Requests/Details/{id:guid}", All, "/Requests/Details/{request}"),
        new("POST /Requests/Details/{id:guid}?handler=Approve", All, "/Requests/Details/{request}?handler=Approve"),
        new("POST /Requests/Details/{id:guid}?handler=Return", All, "/Requests/Details/{request}?handler=Return"),
        new("POST /Requests/Details/{id:guid}?handler=Reject", All, "/Requests/Details/{request}?handler=Reject"),
        new("POST /Requests/Details/{id:guid}?handler=Withdraw", All, "/Requests/Details/{request}?handler=Withdraw"),
        new("POST /Requests/Details/{id:guid}?handler=Resubmit", All, "/Requests/Details/{request}?handler=Resubmit"),
        new("POST /BusinessCases/Details/{id:guid}?handler=Approve", Deciders, "/BusinessCases/Details/{case}?handler=Approve"),
        new("POST /BusinessCases/Details/{id:guid}?handler=Reject", Deciders, "/BusinessCases/Details/{case}?handler=Reject"),
        new("POST /BusinessCases/Details/{id:guid}?handler=Return", Deciders, "/BusinessCases/Details/{case}?handler=Return"),
        new("GET /BusinessCases/Budgets", Wide),
        new("GET /BusinessCases/Budgets?handler=Csv", Wide),
        new("POST /BusinessCases/Budgets", AdminOnly),

        // Tuition policies
        new("GET /api/v1/policies", All),
        new("GET /api/v1/policies/{id:guid}", All, "/api/v1/policies/{policy}"),
        new("POST /api/v1/policies", Program),
        new("PUT /api/v1/policies/{id:guid}", Program, "/api/v1/policies/{policy}"),
        new("POST /api/v1/policies/{id:guid}/publish", AdminOnly, "/api/v1/policies/{policy}/publish"),
        new("POST /api/v1/policies/{id:guid}/versions", Program, "/api/v1/policies/{policy}/versions"),
        new("GET /api/v1/policies/tax-report", Wide),
        new("GET /TuitionPolicies", All),
        new("GET /TuitionPolicies?handler=Csv", All),
        new("GET /TuitionPolicies/Details/{id:guid}", All, "/TuitionPolicies/Details/{policy}"),
        new("POST /TuitionPolicies/Details/{id:guid}?handler=Publish", AdminOnly, "/TuitionPolicies/Details/{policy}?handler=Publish"),
        new("GET /TuitionPolicies/Publish/{id:guid}", AdminOnly, "/TuitionPolicies/Publish/{policy}"),
        new("POST /TuitionPolicies/Details/{id:guid}?handler=NewVersion", Program, "/TuitionPolicies/Details/{policy}?handler=NewVersion"),
        new("GET /TuitionPolicies/Edit/{id:guid?}", Program, "/TuitionPolicies/Edit/{policy}"),
        new("POST /TuitionPolicies/Edit/{id:guid?}", Program, "/TuitionPolicies/Edit/{policy}"),
        new("POST /TuitionPolicies/Edit/{id:guid?}?handler=Example", Program, "/TuitionPolicies/Edit/{policy}?handler=Example"),

        // Agreements (signing is for the agreement's employee, countersigning for HR: checked per record)
        new("GET /api/v1/agreements", All),
        new("GET /api/v1/agreements/{id:guid}", All, "/api/v1/agreements/{agreement}"),
        new("POST /api/v1/agreements", Program),
        new("PUT /api/v1/agreements/{id:guid}", Program, "/api/v1/agreements/{agreement}"),
        new("POST /api/v1/agreements/{id:guid}/sign", All, "/api/v1/agreements/{agreement}/sign"),
        new("POST /api/v1/agreements/{id:guid}/countersign", Program, "/api/v1/agreements/{agreement}/countersign"),
        new("POST /api/v1/agreements/{id:guid}/amendments", Program, "/api/v1/agreements/{agreement}/amendments"),
        new("POST /api/v1/agreements/{id:guid}/amendments/{sequence:int}/sign", All, "/api/v1/agreements/{agreement}/amendments/1/sign"),
        new("POST /api/v1/agreements/{id:guid}/amendments/{sequence:int}/countersign", Program, "/api/v1/agreements/{agreement}/amendments/1/countersign"),
        new("POST /api/v1/agreements/{id:guid}/amendments/{sequence:int}/approve", Program, "/api/v1/agreements/{agreement}/amendments/1/approve"),
        new("GET /api/v1/agreements/{id:guid}/verify", All, "/api/v1/agreements/{agreement}/verify"),
        new("GET /api/v1/agreements/{id:guid}/pdf", All, "/api/v1/agreements/{agreement}/pdf"),
        new("GET /Agreements", All),
        new("GET /Agreements?handler=Csv", All),
        new("GET /Agreements/Details/{id:guid}", All, "/Agreements/Details/{agreement}"),
        new("POST /Agreements/Details/{id:guid}?handler=Sign", All, "/Agreements/Details/{agreement}?handler=Sign"),
        new("POST /Agreements/Details/{id:guid}?handler=Countersign", Program, "/Agreements/Details/{agreement}?handler=Countersign"),
        new("POST /Agreements/Details/{id:guid}?handler=Amend", Program, "/Agreements/Details/{agreement}?handler=Amend"),
        new("POST /Agreements/Details/{id:guid}?handler=SignAmendment", All, "/Agreements/Details/{agreement}?handler=SignAmendment&sequence=1"),
        new("POST /Agreements/Details/{id:guid}?handler=CountersignAmendment", Program, "/Agreements/Details/{agreement}?handler=CountersignAmendment&sequence=1"),
        new("GET /Agreements/Issue", Program),
        new("POST /Agreements/Issue", Program),

        // Repayments and separations
        new("GET /api/v1/repayments", Wide),
        new("GET /api/v1/repayments/export.{format}", Wide, "/api/v1/repayments/export.csv"),
        new("GET /api/v1/repayments/liabilities", Wide),
        new("GET /api/v1/repayments/payroll.{format}", Wide, "/api/v1/repayments/payroll.csv"),
        new("GET /api/v1/repayments/{id:guid}", Wide, "/api/v1/repayments/{repayment}"),
        new("POST /api/v1/repayments/{id:guid}/entries", Wide, "/api/v1/repayments/{repayment}/entries"),
        new("POST /api/v1/separations", Program),
        new("POST /api/v1/separations/preview", Program),
        new("GET /Repayments", Wide),
        new("GET /Repayments?handler=Csv", Wide),
        new("GET /Repayments/Details/{id:guid}", Wide, "/Repayments/Details/{repayment}"),
        new("POST /Repayments/Details/{id:guid}", Wide, "/Repayments/Details/{repayment}"),
        new("GET /Repayments/Separate/{id:guid}", Program, "/Repayments/Separate/{employee}"),
        new("POST /Repayments/Separate/{id:guid}", Program, "/Repayments/Separate/{employee}"),
        new("POST /Repayments/Separate/{id:guid}?handler=Preview", Program, "/Repayments/Separate/{employee}?handler=Preview"),

        // Follow-through: enrollments, credentials, action plans (samples: the demo employee's own records; record
        // rules give 403 to roles that see the record but may not act on it)
        new("GET /api/v1/enrollments", All),
        new("GET /api/v1/enrollments/{id:guid}", All, "/api/v1/enrollments/{enrollment}"),
        new("POST /api/v1/enrollments", All),
        new("PUT /api/v1/enrollments/{id:guid}", People, "/api/v1/enrollments/{enrollment}"),
        new("POST /api/v1/enrollments/{id:guid}/transitions", All, "/api/v1/enrollments/{enrollment}/transitions"),
        new("POST /api/v1/enrollments/{id:guid}/hours", SelfOrProgram, "/api/v1/enrollments/{enrollment}/hours"),
        new("POST /api/v1/enrollments/{id:guid}/attempts", SelfOrProgram, "/api/v1/enrollments/{enrollment}/attempts"),
        new("POST /api/v1/enrollments/{id:guid}/expenses", SelfOrProgram, "/api/v1/enrollments/{enrollment}/expenses"),
        new("POST /api/v1/expenses/{id:guid}/decision", Wide, "/api/v1/expenses/{expense}/decision"),
        new("GET /api/v1/files/{id:guid}", All, "/api/v1/files/{file}"),
        new("GET /api/v1/credentials", All),
        new("GET /api/v1/credentials/{id:guid}", All, "/api/v1/credentials/{credential}"),
        new("GET /api/v1/credentials/{id:guid}/badge", All, "/api/v1/credentials/{credential}/badge"),
        new("POST /api/v1/credentials/{id:guid}/ce", SelfOrProgram, "/api/v1/credentials/{credential}/ce"),
        new("PUT /api/v1/credentials/{id:guid}/sharing", [Employee], "/api/v1/credentials/{credential}/sharing"),
        new("POST /api/v1/credentials/{id:guid}/verify", Program, "/api/v1/credentials/{credential}/verify"),
        new("GET /api/v1/action-plans", All),
        new("POST /api/v1/action-plans/{id:guid}/items", [Admin, Hr, Manager, Employee], "/api/v1/action-plans/{plan}/items"),
        new("PUT /api/v1/check-ins/{id:guid}/evidence", [Employee], "/api/v1/check-ins/{checkin}/evidence"),
        new("PUT /api/v1/check-ins/{id:guid}/rating", [Manager], "/api/v1/check-ins/{checkin}/rating"),
        new("POST /api/v1/surveys", All),
        new("GET /Dashboards/Me", All),
        new("POST /Dashboards/Me?handler=Plan", All),
        new("GET /Dashboards/Team", People),
        new("GET /Dashboards/Program", Wide),
        new("GET /Credentials/Verify", Anyone),
        // Open Badges ids, resolvable by outside verifiers (404 for a number nobody shares).
        new("GET /verify/{number}", Anyone, "/verify/NO-SUCH-NUMBER"),
        new("GET /achievements/{id:guid}", Anyone, "/achievements/{certification}"),
        new("GET /Enrollments", All),
        new("GET /Enrollments?handler=Csv", All),
        new("GET /Credentials", All),
        new("GET /Credentials?handler=Csv", All),
        new("GET /ActionPlans", All),
        new("GET /ActionPlans?handler=Csv", All),
        new("GET /Enrollments/Details/{id:guid}", All, "/Enrollments/Details/{enrollment}"),
        new("POST /Enrollments/Details/{id:guid}?handler=Move", All, "/Enrollments/Details/{enrollment}?handler=Move"),
        new("POST /Enrollments/Details/{id:guid}?handler=Hours", SelfOrProgram, "/Enrollments/Details/{enrollment}?handler=Hours"),
        new("POST /Enrollments/Details/{id:guid}?handler=Attempt", SelfOrProgram, "/Enrollments/Details/{enrollment}?handler=Attempt"),
        new("POST /Enrollments/Details/{id:guid}?handler=Expense", SelfOrProgram, "/Enrollments/Details/{enrollment}?handler=Expense"),
        new("POST /Enrollments/Details/{id:guid}?handler=Decide", Wide, "/Enrollments/Details/{enrollment}?handler=Decide"),
        new("GET /Credentials/Details/{id:guid}", All, "/Credentials/Details/{credential}"),
        new("POST /Credentials/Details/{id:guid}?handler=Sharing", [Employee], "/Credentials/Details/{credential}?handler=Sharing"),
        new("POST /Credentials/Details/{id:guid}?handler=Ce", SelfOrProgram, "/Credentials/Details/{credential}?handler=Ce"),
        new("POST /Credentials/Details/{id:guid}?handler=Verify", Program, "/Credentials/Details/{credential}?handler=Verify"),
        new("GET /ActionPlans/Details/{id:guid}", All, "/ActionPlans/Details/{plan}"),
        new("POST /ActionPlans/Details/{id:guid}?handler=Item", [Admin, Hr, Manager, Employee], "/ActionPlans/Details/{plan}?handler=Item"),
        new("POST /ActionPlans/Details/{id:guid}?handler=Evidence", [Employee], "/ActionPlans/Details/{plan}?handler=Evidence"),
        new("POST /ActionPlans/Details/{id:guid}?handler=Rate", [Manager], "/ActionPlans/Details/{plan}?handler=Rate"),
        new("POST /ActionPlans/Details/{id:guid}?handler=Survey", [Employee], "/ActionPlans/Details/{plan}?handler=Survey"),

        // SCIM provisioning from the HR directory (Entra ID, Okta): a directory's token only
        new("GET /scim/v2/Users", DirectoryOnly),
        new("POST /scim/v2/Users", DirectoryOnly),
        new("GET /scim/v2/Users/{id}", DirectoryOnly, "/scim/v2/Users/{employee}"),
        new("PUT /scim/v2/Users/{id}", DirectoryOnly, "/scim/v2/Users/{employee}"),
        new("PATCH /scim/v2/Users/{id}", DirectoryOnly, "/scim/v2/Users/{employee}"),
        new("GET /scim/v2/Groups", DirectoryOnly),
        new("POST /scim/v2/Groups", DirectoryOnly),
        new("GET /scim/v2/Groups/{id}", DirectoryOnly, "/scim/v2/Groups/manager"),
        new("PUT /scim/v2/Groups/{id}", DirectoryOnly, "/scim/v2/Groups/manager"),
        new("PATCH /scim/v2/Groups/{id}", DirectoryOnly, "/scim/v2/Groups/manager"),
        new("GET /scim/v2/ServiceProviderConfig", DirectoryOnly),
        new("GET /scim/v2/ResourceTypes", DirectoryOnly),
        new("GET /scim/v2/Schemas", DirectoryOnly),

        // Audit and mail
        new("GET /api/v1/audit", Program),
        new("GET /api/v1/audit/verify", Program),
        new("GET /Audit", Program),
        new("GET /Audit?handler=Csv", Program),
        new("POST /Audit?handler=Verify", Program),
        new("GET /Mail/Outbox", Program),
        new("GET /Mail/Outbox?handler=Csv", Program),
    ];

    /// <summary>A route and the roles that may call it (or <see cref="Anyone"/>), with a concrete path when it has parameters.</summary>
    private sealed record Rule(string Key, string[] Allowed, string? Sample = null)
    {
        public bool IsAnonymous => Allowed.Contains(Anonymous);

        public string Path => Sample ?? Key[(Key.IndexOf(' ', StringComparison.Ordinal) + 1)..];
    }

    private static readonly Dictionary<string, Rule> Rules = Table.ToDictionary(r => r.Key, StringComparer.Ordinal);

    [ProviderFact]
    public async Task EveryRoute_HasARule()
    {
        var routes = await fixture.App.RoutesAsync();
        var missing = routes.Where(r => !Rules.ContainsKey(r.Key)).Select(r => $"add a rule for {r.Key} to RouteAuthorizationTests.Table").ToList();
        var stale = Table.Select(r => r.Key).Except(routes.Select(r => r.Key), StringComparer.Ordinal).Select(k => $"remove the rule for {k}: no such route").ToList();
        output.WriteLine($"{routes.Count} routes, {Table.Length} rules");
        Assert.True(missing.Count + stale.Count == 0, string.Join('\n', missing.Concat(stale)));
        Assert.Equal(Table.Length, Rules.Count); // no rule twice
    }

    [ProviderFact]
    public async Task EveryGetRoute_AnswersEachRoleAsItsRuleSays()
    {
        var failures = new List<string>();
        var tried = 0;
        foreach (var route in (await fixture.App.RoutesAsync()).Where(r => r.Method == "GET" && Rules.ContainsKey(r.Key)))
        {
            var rule = Rules[route.Key];
            var path = fixture.Fill(rule.Path);
            using (var anonymous = fixture.App.AnonymousClient())
            {
                tried++;
                Check(failures, route, rule, Anonymous, await anonymous.GetAsync(path), allowed: rule.IsAnonymous);
            }
            if (rule.IsAnonymous)
            {
                continue;
            }
            foreach (var role in All)
            {
                tried++;
                var client = await fixture.App.SignInAsAsync(role + "@demo.local");
                Check(failures, route, rule, role, await client.GetAsync(path), allowed: rule.Allowed.Contains(role));
            }
        }
        output.WriteLine($"{tried} GET requests checked");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [ProviderFact]
    public async Task EveryMutatingRoute_RefusesAnonymousAndDisallowedRoles_BeforeReadingTheBody()
    {
        var failures = new List<string>();
        var tried = 0;
        foreach (var route in (await fixture.App.RoutesAsync()).Where(r => r.IsMutation && Rules.ContainsKey(r.Key)))
        {
            var rule = Rules[route.Key];
            if (rule.IsAnonymous)
            {
                continue;
            }
            var path = fixture.Fill(rule.Path);
            using (var anonymous = fixture.App.AnonymousClient())
            {
                tried++;
                Check(failures, route, rule, Anonymous, await anonymous.SendAsync(EmptyBody(route, path, antiforgery: null)), allowed: false);
            }
            foreach (var role in All.Where(r => !rule.Allowed.Contains(r)))
            {
                tried++;
                var client = await fixture.App.SignInAsAsync(role + "@demo.local");
                var token = route.IsPage ? await fixture.AntiforgeryAsync(role) : null;
                Check(failures, route, rule, role, await client.SendAsync(EmptyBody(route, path, token)), allowed: false);
            }
        }
        output.WriteLine($"{tried} mutating requests checked");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>
    /// Ended credentials open nothing: on every route that needs a sign-in, an administrator's session cookie after the
    /// account was disabled, a session cookie replayed after its sign-out, a revoked token and an expired token are all
    /// refused (pages: to the login page for a cookie, 401 for a token; API: 401). An administrator, so that only the
    /// credential, not the role, explains the refusal.
    /// </summary>
    [ProviderFact]
    public async Task EveryProtectedRoute_RefusesDisabledUser_SignedOutCookie_RevokedAndExpiredTokens()
    {
        var disabled = await fixture.NewAccountAsync("admin");
        var (_, disabledCookie) = await fixture.SessionAsync(disabled);
        (await App.RunCliAsync("users", "disable", "--email", disabled)).ShouldExit(CertDesk.Cli.ExitCodes.Success);

        var signedOut = await fixture.NewAccountAsync("admin");
        var (client, signedOutCookie) = await fixture.SessionAsync(signedOut);
        var antiforgery = await CertDeskApp.AntiforgeryTokenAsync(client, "/");
        await AssertHttp.RedirectsToAsync(await client.PostAsync("/Accounts/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery })), "/Accounts/Login");

        var revokedOwner = await fixture.NewAccountAsync("admin");
        var revoked = await App.CreateTokenAsync(revokedOwner);
        var listed = (await App.RunCliAsync("tokens", "list", "--email", revokedOwner, "--json")).ShouldExit(CertDesk.Cli.ExitCodes.Success).Json();
        (await App.RunCliAsync("tokens", "revoke", "--id", listed[0].GetProperty("id").GetString()!)).ShouldExit(CertDesk.Cli.ExitCodes.Success);

        var expiredOwner = await fixture.NewAccountAsync("admin");
        var expired = await App.CreateTokenAsync(expiredOwner);
        await App.ExpireTokensAsync(expiredOwner);

        var credentials = new (string Who, string? Cookie, string? Bearer)[]
        {
            ("disabled user's cookie", disabledCookie, null), ("cookie replayed after sign-out", signedOutCookie, null),
            ("revoked token", null, revoked), ("expired token", null, expired),
        };
        var failures = new List<string>();
        var tried = 0;
        using var bare = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        foreach (var route in (await App.RoutesAsync()).Where(r => Rules.TryGetValue(r.Key, out var rule) && !rule.IsAnonymous))
        {
            var path = fixture.Fill(Rules[route.Key].Path);
            foreach (var (who, cookie, bearer) in credentials)
            {
                tried++;
                using var request = route.Method == "GET" ? new HttpRequestMessage(HttpMethod.Get, path) : EmptyBody(route, path, antiforgery: null);
                if (cookie is not null)
                {
                    request.Headers.Add("Cookie", cookie);
                }
                if (bearer is not null)
                {
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
                }
                using var response = await bare.SendAsync(request);
                var status = (int)response.StatusCode;
                var toLogin = status == 302 && (response.Headers.Location?.ToString() ?? "").Contains("/Accounts/Login", StringComparison.Ordinal);
                var refused = route.IsPage && cookie is not null ? toLogin : status == 401;
                if (!refused)
                {
                    failures.Add($"{route.Key} ({path}) with a {who}: expected {(route.IsPage && cookie is not null ? "the login page" : "401")}, got {status}");
                }
            }
        }
        output.WriteLine($"{tried} requests with ended credentials checked");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>
    /// A locked account signs nothing: its session ends, and its API token (which a lockout does not stop) is refused at
    /// the signature even with the right password. The account acts as the agreement's employee (E0020).
    /// </summary>
    [ProviderFact]
    public async Task LockedAccount_CannotSignTheAgreement_NorKeepItsSession()
    {
        var email = await fixture.NewAccountAsync("employee", linkedTo: "E0020");
        var (_, cookie) = await fixture.SessionAsync(email);
        using var bearer = App.BearerClient(await App.CreateTokenAsync(email));
        for (var i = 0; i < 5; i++)
        {
            await AssertHttp.StatusAsync(await CertDeskApp.PostLoginAsync(App.AnonymousClient(), email, "Wrong-Password-99"), HttpStatusCode.OK);
        }
        using var bare = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        me.Headers.Add("Cookie", cookie);
        await AssertHttp.StatusAsync(await bare.SendAsync(me), HttpStatusCode.Unauthorized);

        var employeeName = await App.QueryAsync(db => db.Employees.Where(e => e.EmployeeNumber == "E0020").Select(e => e.FirstName + " " + e.LastName).SingleAsync());
        var signed = await AssertHttp.JsonAsync(await bearer.PostAsJsonAsync(fixture.Fill("/api/v1/agreements/{agreement}/sign"),
            new { consent_to_electronic_records = true, intent = true, typed_name = employeeName, password = Fixture.Password }, CertDeskJson.Options), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.Contains("locked", signed.GetProperty("errors").GetProperty("password")[0].GetString(), StringComparison.Ordinal);
        var signatures = await App.QueryAsync(db => db.AgreementSignatures.CountAsync(x => x.AgreementId == Guid.Parse(fixture.Fill("{agreement}"))));
        Assert.Equal(0, signatures);
    }

    /// <summary>
    /// Separation of duties on the approval routes: an approver may not approve a case about themself, nor one they
    /// drafted and submitted (the administrator here), on the API and on the page alike.
    /// </summary>
    [ProviderFact]
    public async Task SelfApproval_IsRefused_ForTheSubjectAndForTheDrafter()
    {
        // An approver who is E0020, the subject of the sample case drafted by HR.
        var subject = await fixture.NewAccountAsync("approver", linkedTo: "E0020");
        using var subjectApi = App.BearerClient(await App.CreateTokenAsync(subject));
        var id = fixture.Fill("{case}");
        var hr = await App.SignInAsAsync(Demo.Hr);
        var submitted = await hr.PostAsync($"/api/v1/business-cases/{id}/submit", null);
        Assert.True(submitted.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, $"submit: {(int)submitted.StatusCode}");
        var own = await AssertHttp.JsonAsync(await subjectApi.PostAsJsonAsync($"/api/v1/business-cases/{id}/approve", new { comment = "fine" }), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.Contains("about you", own.GetProperty("errors").GetProperty("approver")[0].GetString(), StringComparison.Ordinal);

        // The administrator drafts and submits a case, then tries to approve it.
        using var admin = App.BearerClient(await App.CreateTokenAsync(await fixture.NewAccountAsync("admin")));
        var drafted = await AssertHttp.JsonAsync(await admin.PostAsJsonAsync("/api/v1/business-cases", new
        {
            employee_number = "E0020",
            certification_code = "CCXP",
            certification_name = "Certified Customer Experience Professional",
            fiscal_year = 2026,
            cost_center = "CC-ROUTES",
            fees = 500m,
            materials = 0m,
            travel = 0m,
            hours_away = 4m,
            backfill = 0m,
            benefits = new[] { new { name = "retention", annual_value = 2000m, isolation = 0.5m, confidence = 0.5m } },
        }, CertDeskJson.Options), HttpStatusCode.Created);
        var caseId = drafted.GetProperty("id").GetString();
        await AssertHttp.StatusAsync(await admin.PostAsync($"/api/v1/business-cases/{caseId}/submit", null), HttpStatusCode.OK);
        var self = await AssertHttp.JsonAsync(await admin.PostAsJsonAsync($"/api/v1/business-cases/{caseId}/approve", new { comment = "mine" }), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.Contains("drafted or submitted", self.GetProperty("errors").GetProperty("approver")[0].GetString(), StringComparison.Ordinal);
        var status = await App.QueryAsync(db => db.BusinessCases.Where(c => c.Id == Guid.Parse(caseId!)).Select(c => c.Status).SingleAsync());
        Assert.Equal(BusinessCaseStatus.Submitted, status);
    }

    /// <summary>
    /// Above the second-approval threshold (set in this fixture) one approval is not enough: the case stays submitted,
    /// the first approver may not give the second, and a different approver completes it.
    /// </summary>
    [ProviderFact]
    public async Task AboveTheThreshold_TwoDifferentApprovers_Approve()
    {
        using var admin = App.BearerClient(await App.CreateTokenAsync(await fixture.NewAccountAsync("admin")));
        var costCenter = "CC-TWO-" + Guid.NewGuid().ToString("N")[..6];
        await AssertHttp.StatusAsync(await admin.PutAsJsonAsync("/api/v1/budgets", new { fiscal_year = 2026, cost_center = costCenter, amount = 500000m }, CertDeskJson.Options), HttpStatusCode.OK);
        var drafted = await AssertHttp.JsonAsync(await admin.PostAsJsonAsync("/api/v1/business-cases", new
        {
            employee_number = "E0020",
            certification_code = "CCXP",
            certification_name = "Certified Customer Experience Professional",
            fiscal_year = 2026,
            cost_center = costCenter,
            fees = Fixture.SecondApprovalAbove + 1000m,
            materials = 0m,
            travel = 0m,
            hours_away = 4m,
            backfill = 0m,
            benefits = new[] { new { name = "retention", annual_value = 90000m, isolation = 0.5m, confidence = 0.5m } },
        }, CertDeskJson.Options), HttpStatusCode.Created);
        var caseId = drafted.GetProperty("id").GetString();
        await AssertHttp.StatusAsync(await admin.PostAsync($"/api/v1/business-cases/{caseId}/submit", null), HttpStatusCode.OK);

        using var first = App.BearerClient(await App.CreateTokenAsync(await fixture.NewAccountAsync("approver")));
        using var second = App.BearerClient(await App.CreateTokenAsync(await fixture.NewAccountAsync("approver")));
        await AssertHttp.StatusAsync(await first.PostAsJsonAsync($"/api/v1/business-cases/{caseId}/approve", new { comment = "first" }), HttpStatusCode.OK);
        Assert.Equal(BusinessCaseStatus.Submitted, await StatusOfAsync(caseId!));
        var again = await AssertHttp.JsonAsync(await first.PostAsJsonAsync($"/api/v1/business-cases/{caseId}/approve", new { comment = "again" }), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.Contains("second, different approver", again.GetProperty("errors").GetProperty("approver")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(BusinessCaseStatus.Submitted, await StatusOfAsync(caseId!));
        await AssertHttp.StatusAsync(await second.PostAsJsonAsync($"/api/v1/business-cases/{caseId}/approve", new { comment = "second" }), HttpStatusCode.OK);
        Assert.Equal(BusinessCaseStatus.Approved, await StatusOfAsync(caseId!));
    }

    private Task<BusinessCaseStatus> StatusOfAsync(string caseId) =>
        App.QueryAsync(db => db.BusinessCases.Where(c => c.Id == Guid.Parse(caseId)).Select(c => c.Status).SingleAsync());

    /// <summary>
    /// A manager may change a session only when its organizer and every attendee are theirs: HR's session with one of
    /// the manager's people and one outsider is visible to the manager but neither changed nor cancelled by them.
    /// </summary>
    [ProviderFact]
    public async Task SessionWrites_WithAnAttendeeOutsideTheManagersPeople_AreForbidden()
    {
        var manager = await App.SignInAsAsync(Demo.Manager);
        var visible = await AssertHttp.JsonAsync(await manager.GetAsync("/api/v1/employees?page_size=500"));
        var mine = visible.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToHashSet();
        var outsider = await App.QueryAsync(db => db.Employees.Where(e => e.SeparationDate == null).Select(e => e.Id).ToListAsync());
        var stranger = outsider.First(id => !mine.Contains(id));
        var own = await App.EmployeeIdAsync("E0035");
        Assert.Contains(own, mine);

        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(9);
        while (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            date = date.AddDays(1);
        }
        var body = new { title = "Mixed session", kind = "class", date = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), start = "14:00", length_minutes = 60, attendees = new[] { own, stranger }, location = "Training room 2" };
        var hr = await App.SignInAsAsync(Demo.Hr);
        var created = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/sessions", body, CertDeskJson.Options), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        await AssertHttp.StatusAsync(await manager.PostAsync($"/api/v1/sessions/{id}/cancel", null), HttpStatusCode.Forbidden);
        await AssertHttp.StatusAsync(await manager.PutAsJsonAsync($"/api/v1/sessions/{id}", new { body.title, body.kind, body.date, body.start, body.length_minutes, attendees = new[] { own }, body.location }, CertDeskJson.Options), HttpStatusCode.Forbidden);
        var status = await App.QueryAsync(db => db.Sessions.Where(s => s.Id == id).Select(s => new { s.Status, Attendees = s.Attendees.Count }).SingleAsync());
        Assert.Equal(2, status.Attendees);
        Assert.NotEqual("cancelled", status.Status.ToString().ToLowerInvariant());
        await AssertHttp.StatusAsync(await hr.PostAsync($"/api/v1/sessions/{id}/cancel", null), HttpStatusCode.OK);
    }

    /// <summary>The API shows the fields the pages show: the employee does not see their own hourly loaded cost; HR does.</summary>
    [ProviderFact]
    public async Task EmployeeApi_HidesTheHourlyCostFromTheEmployee_AsThePageDoes()
    {
        var path = fixture.Fill("/api/v1/employees/{employee}");
        var own = await AssertHttp.JsonAsync(await (await App.SignInAsAsync(Demo.Employee)).GetAsync(path));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, own.GetProperty("hourly_loaded_cost").ValueKind);
        var listed = await AssertHttp.JsonAsync(await (await App.SignInAsAsync(Demo.Employee)).GetAsync("/api/v1/employees"));
        Assert.All(listed.GetProperty("items").EnumerateArray(), e => Assert.Equal(System.Text.Json.JsonValueKind.Null, e.GetProperty("hourly_loaded_cost").ValueKind));
        var hr = await AssertHttp.JsonAsync(await (await App.SignInAsAsync(Demo.Hr)).GetAsync(path));
        Assert.True(hr.GetProperty("hourly_loaded_cost").GetDecimal() > 0);
    }

    private CertDeskApp App => fixture.App;

    /// <summary>Pages get an empty form (with a valid antiforgery token when signed in), API routes an empty JSON object.</summary>
    private static HttpRequestMessage EmptyBody(AppRoute route, string path, string? antiforgery)
    {
        var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        request.Content = route.IsPage
            ? new FormUrlEncodedContent(antiforgery is null ? [] : [new KeyValuePair<string, string>("__RequestVerificationToken", antiforgery)])
            : new StringContent("{}", Encoding.UTF8, "application/json");
        return request;
    }

    private static void Check(List<string> failures, AppRoute route, Rule rule, string who, HttpResponseMessage response, bool allowed)
    {
        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.ToString() ?? "";
        var toLogin = status == 302 && location.Contains("/Accounts/Login", StringComparison.Ordinal);
        var toDenied = status == 302 && location.Contains("/Accounts/AccessDenied", StringComparison.Ordinal);
        string? problem;
        if (allowed)
        {
            problem = status is 401 or 403 || toLogin || toDenied ? "was refused but the rule allows it" : null;
        }
        else if (who == Anonymous)
        {
            problem = (route.IsPage ? toLogin : status == 401) ? null : $"expected {(route.IsPage ? "a redirect to the login page" : "401")}";
        }
        else
        {
            problem = (route.IsPage ? toDenied || status == 403 : status == 403) ? null : $"expected {(route.IsPage ? "the access-denied page" : "403")}";
        }
        if (problem is not null)
        {
            failures.Add($"{route.Key} ({rule.Path}) as {who}: {problem}; got {status}{(location.Length > 0 ? " -> " + location : "")}");
        }
        response.Dispose();
    }

    /// <summary>The demo organization plus one record of each kind for the samples: a published policy, a business case and an agreement for E0020.</summary>
    public abstract class Fixture(DbKind kind) : IAsyncLifetime
    {
        public const string Password = "Route-Table-Pass-7";
        private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _antiforgery = new(StringComparer.Ordinal);
        private CertDeskApp? _app;

        /// <summary>Cases above this total cost need two approvers here; the fixture's own cases stay well below it.</summary>
        public const decimal SecondApprovalAbove = 50000m;

        public CertDeskApp App => _app ?? throw new InvalidOperationException("not started");

        public async Task InitializeAsync()
        {
            if (kind == DbKind.Postgres && TestDatabase.PostgresServer is null)
            {
                return;
            }
            // Over a thousand requests from one address in a few seconds: the API budget is not what this test checks.
            _app = await CertDeskApp.StartAsync(kind, seedDemo: true, new Dictionary<string, string>
            {
                ["RateLimits:Api:TokenLimit"] = "100000",
                ["BusinessCases:SecondApprovalAbove"] = SecondApprovalAbove.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            var employee = await _app.EmployeeIdAsync("E0020");
            var hr = await _app.SignInAsAsync(Demo.Hr);
            var admin = await _app.SignInAsAsync(Demo.Admin);

            var policy = await CreateAsync(hr, "/api/v1/policies", new Dictionary<string, object?>
            {
                ["code"] = "TP-ROUTES",
                ["name"] = "Route table policy",
                ["annual_cap"] = 5250m,
                ["commitment_months"] = 24,
                ["commitment_start"] = "completion",
                ["proration"] = "tiers",
                ["tiers"] = new[] { new { from_month = 0, until_month = 12, percent = 100m }, new { from_month = 12, until_month = 24, percent = 50m } },
            });
            await AssertHttp.StatusAsync(await admin.PostAsync($"/api/v1/policies/{policy}/publish", null), HttpStatusCode.OK);
            var businessCase = await CreateAsync(hr, "/api/v1/business-cases", new
            {
                employee_number = "E0020",
                certification_code = "CCCM",
                certification_name = "Certified Call Center Manager",
                fiscal_year = 2026,
                cost_center = "CC-ROUTES",
                fees = 1995m,
                materials = 200m,
                travel = 300m,
                hours_away = 40m,
                backfill = 500m,
                benefits = new[] { new { name = "lower attrition", annual_value = 48000m, isolation = 0.6m, confidence = 0.8m } },
            });
            var agreement = await CreateAsync(hr, "/api/v1/agreements", new
            {
                employee_id = employee,
                policy_id = policy,
                certification_code = "CCCM",
                certification_name = "Certified Call Center Manager",
                funded_amount = 400m,
            });

            var request = await CreateAsync(await _app.SignInAsAsync(Demo.Employee), "/api/v1/requests", new { certification_code = "QAMC", cost_center = "CC-ROUTES" });

            var manager = await _app.SignInAsAsync(Demo.Manager);
            var session = await CreateAsync(manager, "/api/v1/sessions", new
            {
                title = "Route table class",
                kind = "class",
                date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(8).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                start = "10:00",
                length_minutes = 60,
                attendees = new[] { employee },
            });

            _values["{employee}"] = employee.ToString();
            _values["{session}"] = session.ToString();
            _values["{team}"] = (await _app.TeamIdAsync("COL-T01")).ToString();
            _values["{queue}"] = (await _app.FirstIdAsync<CertDesk.Features.Scheduling.Queue>(q => q.OrderBy(x => x.Name).Select(x => x.Id))).ToString();
            _values["{rule}"] = (await _app.FirstIdAsync<CertDesk.Features.Scheduling.CoverageRule>(q => q.OrderBy(x => x.Id).Select(x => x.Id))).ToString();
            _values["{site}"] = (await _app.FirstIdAsync<Site>(q => q.OrderBy(s => s.Name).Select(s => s.Id))).ToString();
            _values["{certification}"] = (await _app.FirstIdAsync<Certification>(q => q.OrderBy(c => c.Code).Select(c => c.Id))).ToString();
            _values["{issuer}"] = (await _app.FirstIdAsync<Issuer>(q => q.OrderBy(i => i.Code).Select(i => i.Id))).ToString();
            _values["{quote}"] = (await _app.FirstIdAsync<PriceQuote>(q => q.OrderBy(x => x.Id).Select(x => x.Id))).ToString();
            _values["{competency}"] = (await _app.FirstIdAsync<Competency>(q => q.OrderBy(c => c.Id).Select(c => c.Id))).ToString();
            _values["{assessment}"] = (await _app.FirstIdAsync<Assessment>(q => q.Where(a => a.EmployeeId == employee).OrderBy(a => a.Id).Select(a => a.Id))).ToString();
            _values["{policy}"] = policy.ToString();
            _values["{user}"] = await _app.QueryAsync(db => db.Users.Where(u => u.Email == Demo.Employee).Select(u => u.Id).SingleAsync());
            _values["{case}"] = businessCase.ToString();
            _values["{request}"] = request.ToString();
            _values["{agreement}"] = agreement.ToString();
            // No repayment exists before a separation: the repayment routes refuse by role before looking the record up.
            _values["{repayment}"] = Guid.NewGuid().ToString();
            _values["{enrollment}"] = (await _app.FirstIdAsync<CertDesk.Features.Enrollments.Enrollment>(q => q.Where(e => e.EmployeeId == employee && e.Status == CertDesk.Domain.Credentials.EnrollmentStatus.InProgress).Select(e => e.Id))).ToString();
            _values["{expense}"] = (await _app.FirstIdAsync<CertDesk.Features.Enrollments.ExpenseLine>(q => q.OrderBy(x => x.Id).Select(x => x.Id))).ToString();
            _values["{file}"] = Guid.NewGuid().ToString();
            _values["{credential}"] = (await _app.FirstIdAsync<CertDesk.Features.Credentials.Credential>(q => q.Where(c => c.EmployeeId == employee).Select(c => c.Id))).ToString();
            var plan = await _app.FirstIdAsync<CertDesk.Features.ActionPlans.ActionPlan>(q => q.Where(p => p.EmployeeId == employee).Select(p => p.Id));
            _values["{plan}"] = plan.ToString();
            _values["{checkin}"] = (await _app.FirstIdAsync<CertDesk.Features.ActionPlans.CheckIn>(q => q.Where(c => c.ActionPlanId == plan && c.Rating == null).OrderBy(c => c.Day).Select(c => c.Id))).ToString();
        }

        private static async Task<Guid> CreateAsync(HttpClient client, string url, object body)
        {
            var created = await AssertHttp.JsonAsync(await client.PostAsJsonAsync(url, body, CertDeskJson.Options), HttpStatusCode.Created);
            return created.GetProperty("id").GetGuid();
        }

        /// <summary>A fresh account of the role (optionally acting as the employee with that number), password <see cref="Password"/>.</summary>
        public async Task<string> NewAccountAsync(string role, string? linkedTo = null)
        {
            var email = $"route-{role}-{Guid.NewGuid():N}@example.com";
            await App.AddUserAsync(email, role, Password);
            if (linkedTo is not null)
            {
                var employee = await App.EmployeeIdAsync(linkedTo);
                await App.LinkAccountAsync(email, employee);
            }
            return email;
        }

        /// <summary>Signs the account in on a fresh client; returns it and the bare session cookie.</summary>
        public async Task<(HttpClient Client, string Cookie)> SessionAsync(string email)
        {
            var client = App.AnonymousClient();
            var login = await CertDeskApp.PostLoginAsync(client, email, Password);
            await AssertHttp.RedirectsToAsync(login, "/");
            return (client, login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("certdesk=", StringComparison.Ordinal)));
        }

        public string Fill(string path)
        {
            foreach (var (placeholder, value) in _values)
            {
                path = path.Replace(placeholder, value, StringComparison.Ordinal);
            }
            if (path.Contains('{', StringComparison.Ordinal))
            {
                throw new XunitException($"{path}: give the rule a sample path whose placeholders are among {string.Join(", ", _values.Keys)}");
            }
            return path;
        }

        /// <summary>The role's antiforgery token (from the sign-out form every page carries).</summary>
        public async Task<string> AntiforgeryAsync(string role)
        {
            if (!_antiforgery.TryGetValue(role, out var token))
            {
                token = await CertDeskApp.AntiforgeryTokenAsync(await App.SignInAsAsync(role + "@demo.local"), "/");
                _antiforgery[role] = token;
            }
            return token;
        }

        public async Task DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }
}

public sealed class SqliteRouteFixture() : RouteAuthorizationTests.Fixture(DbKind.Sqlite);

public sealed class PostgresRouteFixture() : RouteAuthorizationTests.Fixture(DbKind.Postgres);

public sealed class SqliteRouteAuthorizationTests(SqliteRouteFixture fixture, ITestOutputHelper output)
    : RouteAuthorizationTests(fixture, output), IClassFixture<SqliteRouteFixture>;

public sealed class PostgresRouteAuthorizationTests(PostgresRouteFixture fixture, ITestOutputHelper output)
    : RouteAuthorizationTests(fixture, output), IClassFixture<PostgresRouteFixture>, IPostgresTests;
