using System.Net;
using System.Text.RegularExpressions;
using CertDesk.Data;
using CertDesk.Features.Organization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.Tests.Features.Gaps;

/// <summary>The pages of issue 3 that write or download: recording a rating (who may record what).</summary>
public sealed partial class GapsPagesTests(GapsApp app) : IClassFixture<GapsApp>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private Task<Guid> EmployeeIdAsync(string number) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<CertDeskDbContext>().Employees.Where(e => e.EmployeeNumber == number).Select(e => e.Id).SingleAsync());

    private Task<int> RatingsAsync(Guid employee) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<CertDeskDbContext>().Assessments.CountAsync(a => a.EmployeeId == employee));

    private static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return TokenPattern().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value;
    }

    private static Task<HttpResponseMessage> PostRatingAsync(HttpClient client, Guid employee, string token, string source, string level = "3", string date = "2026-05-20") =>
        client.PostAsync($"/Competencies/Assess/{employee}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Competency"] = "WFM",
            ["Input.Source"] = source,
            ["Input.Level"] = level,
            ["Input.AssessedOn"] = date,
            ["Input.Evidence"] = "Built the week's schedule alone",
            ["Input.Comment"] = "page test " + source,
            ["__RequestVerificationToken"] = token,
        }));

    /// <summary>Refused: 403, or the cookie scheme's redirect to the access-denied page.</summary>
    private static void AssertRefused(HttpResponseMessage response)
    {
        var denied = response.StatusCode == HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/Accounts/AccessDenied", StringComparison.Ordinal) == true);
        Assert.True(denied, $"expected a refusal, got {(int)response.StatusCode} {response.Headers.Location}");
    }

    private static void AssertSavedTo(HttpResponseMessage response, Guid employee)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/Gaps/Person/{employee}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AssessPage_Employee_SelfRatingOfThemselfOnly()
    {
        var me = await EmployeeIdAsync("E0020");
        var client = await app.SignInAsync("employee@demo.local");
        var token = await TokenAsync(client, $"/Competencies/Assess/{me}");
        var before = await RatingsAsync(me);

        AssertRefused(await PostRatingAsync(client, me, token, "manager"));
        AssertRefused(await PostRatingAsync(client, me, token, "test"));
        Assert.Equal(before, await RatingsAsync(me));

        AssertSavedTo(await PostRatingAsync(client, me, token, "self", "4"), me);
        Assert.Equal(before + 1, await RatingsAsync(me));
        var page = await client.GetStringAsync($"/Gaps/Person/{me}");
        Assert.Contains("page test self", page, StringComparison.Ordinal);

        // Someone else's form is not found: the employee does not see them.
        var other = await EmployeeIdAsync("E0050");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Competencies/Assess/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostRatingAsync(client, other, token, "self")).StatusCode);
    }

    [Fact]
    public async Task AssessPage_ManagerChainAndProgramManager_ManagerRatings_NotSelf()
    {
        var e0020 = await EmployeeIdAsync("E0020");
        var manager = await app.SignInAsync("manager@demo.local");
        var token = await TokenAsync(manager, $"/Competencies/Assess/{e0020}");
        var before = await RatingsAsync(e0020);
        AssertRefused(await PostRatingAsync(manager, e0020, token, "self"));
        AssertRefused(await PostRatingAsync(manager, e0020, token, "test"));
        AssertSavedTo(await PostRatingAsync(manager, e0020, token, "manager", "2", "2026-05-21"), e0020);
        Assert.Equal(before + 1, await RatingsAsync(e0020));

        var hr = await app.SignInAsync("hr@demo.local");
        var hrToken = await TokenAsync(hr, $"/Competencies/Assess/{e0020}");
        AssertSavedTo(await PostRatingAsync(hr, e0020, hrToken, "manager", "3", "2026-05-22"), e0020);
        AssertSavedTo(await PostRatingAsync(hr, e0020, hrToken, "test", "3", "2026-05-22"), e0020);
        Assert.Equal(before + 3, await RatingsAsync(e0020));
    }

    [Fact]
    public async Task AssessPage_BadInputOrNoToken_NothingWritten_ApproverRefused()
    {
        var e0020 = await EmployeeIdAsync("E0020");
        var hr = await app.SignInAsync("hr@demo.local");
        var token = await TokenAsync(hr, $"/Competencies/Assess/{e0020}");
        var before = await RatingsAsync(e0020);

        var tooHigh = await PostRatingAsync(hr, e0020, token, "manager", "6");
        Assert.Equal(HttpStatusCode.OK, tooHigh.StatusCode);
        Assert.Contains("Level (1-5)", await tooHigh.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var future = await PostRatingAsync(hr, e0020, token, "manager", "3", "2099-01-01");
        Assert.Equal(HttpStatusCode.OK, future.StatusCode);
        Assert.Contains("cannot be in the future", await future.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostRatingAsync(hr, e0020, "not-a-token", "manager")).StatusCode);
        Assert.Equal(before, await RatingsAsync(e0020));

        // The director approves budgets; they record no ratings.
        var director = await app.SignInAsync("director@demo.local");
        AssertRefused(await director.GetAsync($"/Competencies/Assess/{e0020}"));
    }

    private static Dictionary<string, string> CertificationForm(string token, string version, string name) => new()
    {
        ["Input.Code"] = "QAMC",
        ["Input.Name"] = name,
        ["Input.IssuerCode"] = "",
        ["Input.Verification"] = "unverified",
        ["Input.InPerson"] = "",
        ["Input.TuitionFee"] = "",
        ["Input.StudyHours"] = "",
        ["Input.SourceOf[format]"] = "named by the industry; little documented",
        ["Input.Competencies"] = "",
        ["Input.Version"] = version,
        ["__RequestVerificationToken"] = token,
    };

    [Fact]
    public async Task EditCertification_StaleVersion_ChangedBySomeoneElse_NothingKept_UnknownStaysNull()
    {
        var id = await app.WithScopeAsync(sp => sp.GetRequiredService<CertDeskDbContext>().Certifications.Where(c => c.Code == "QAMC").Select(c => c.Id).SingleAsync());
        var employee = await app.SignInAsync("employee@demo.local");
        AssertRefused(await employee.GetAsync($"/Catalog/Certifications/Edit/{id}"));

        var hr = await app.SignInAsync("hr@demo.local");
        var form = await (await hr.GetAsync($"/Catalog/Certifications/Edit/{id}")).Content.ReadAsStringAsync();
        var token = TokenPattern().Match(form).Groups[1].Value;
        var version = Regex.Match(form, "name=\"Input.Version\" value=\"(\\d+)\"").Groups[1].Value;
        Assert.NotEmpty(version);

        var saved = await hr.PostAsync($"/Catalog/Certifications/Edit/{id}", new FormUrlEncodedContent(CertificationForm(token, version, "Quality Assurance Manager (edited)")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var cert = await app.WithScopeAsync(sp => sp.GetRequiredService<CertDeskDbContext>().Certifications.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.Equal("Quality Assurance Manager (edited)", cert.Name);
        Assert.Null(cert.TuitionFee);
        Assert.Null(cert.InPerson);
        Assert.Null(cert.IssuerId);

        // The same form again (the version read before the save): someone else's change wins, nothing of this one is kept.
        var stale = await hr.PostAsync($"/Catalog/Certifications/Edit/{id}", new FormUrlEncodedContent(CertificationForm(token, version, "Stale name")));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var body = await stale.Content.ReadAsStringAsync();
        Assert.Contains("changed by someone else", body, StringComparison.Ordinal);
        Assert.Contains("Quality Assurance Manager (edited)", body, StringComparison.Ordinal);
        var after = await app.WithScopeAsync(sp => sp.GetRequiredService<CertDeskDbContext>().Certifications.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.Equal("Quality Assurance Manager (edited)", after.Name);
        Assert.Equal(cert.Version, after.Version);
    }

    [Fact]
    public async Task EditRoleProfile_ProgramManagerChangesWeight_StaleLineRefused()
    {
        var hr = await app.SignInAsync("hr@demo.local");
        var page = await (await hr.GetAsync("/Competencies/RoleProfiles/Edit?role=Supervisor")).Content.ReadAsStringAsync();
        var token = TokenPattern().Match(page).Groups[1].Value;
        var requirement = await app.WithScopeAsync(sp => sp.GetRequiredService<CertDeskDbContext>().RoleRequirements.AsNoTracking()
            .Where(r => r.JobRole == "Supervisor").OrderBy(r => r.Competency!.Code).Select(r => new { r.Competency!.Code, r.RequiredLevel, r.Weight, r.Version }).FirstAsync());
        var others = await app.WithScopeAsync(sp => sp.GetRequiredService<CertDeskDbContext>().RoleRequirements.AsNoTracking()
            .Where(r => r.JobRole == "Supervisor" && r.Competency!.Code != requirement.Code).Select(r => new { r.Competency!.Code, r.RequiredLevel, r.Weight, r.Version }).ToListAsync());

        Dictionary<string, string> Form(int version, string weight)
        {
            var form = new Dictionary<string, string> { ["Role"] = "Supervisor", ["__RequestVerificationToken"] = token };
            var lines = others.Select(o => (o.Code, o.RequiredLevel, Weight: o.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture), o.Version))
                .Prepend((requirement.Code, requirement.RequiredLevel, weight, version)).ToList();
            for (var i = 0; i < lines.Count; i++)
            {
                form[$"Lines[{i}].Competency"] = lines[i].Code;
                form[$"Lines[{i}].Level"] = lines[i].RequiredLevel.ToString(System.Globalization.CultureInfo.InvariantCulture);
                form[$"Lines[{i}].Weight"] = lines[i].Item3;
                form[$"Lines[{i}].Version"] = lines[i].Item4.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return form;
        }

        var saved = await hr.PostAsync("/Competencies/RoleProfiles/Edit", new FormUrlEncodedContent(Form(requirement.Version, "7.5")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var weight = await app.WithScopeAsync(sp => sp.GetRequiredService<CertDeskDbContext>().RoleRequirements.AsNoTracking()
            .Where(r => r.JobRole == "Supervisor" && r.Competency!.Code == requirement.Code).Select(r => r.Weight).SingleAsync());
        Assert.Equal(7.5m, weight);

        var stale = await hr.PostAsync("/Competencies/RoleProfiles/Edit", new FormUrlEncodedContent(Form(requirement.Version, "1")));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("changed by someone else", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var still = await app.WithScopeAsync(sp => sp.GetRequiredService<CertDeskDbContext>().RoleRequirements.AsNoTracking()
            .Where(r => r.JobRole == "Supervisor" && r.Competency!.Code == requirement.Code).Select(r => r.Weight).SingleAsync());
        Assert.Equal(7.5m, still);
    }

    [Fact]
    public async Task PersonPdf_StartsWithPdf_EmployeeCannotDownloadSomeoneElses()
    {
        var e0020 = await EmployeeIdAsync("E0020");
        var hr = await app.SignInAsync("hr@demo.local");
        var response = await hr.GetAsync($"/Gaps/Person/{e0020}?handler=Pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("profile-E0020.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length > 1000, $"a real document, not {bytes.Length} bytes");
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));

        var employee = await app.SignInAsync("employee@demo.local");
        var own = await employee.GetAsync($"/Gaps/Person/{e0020}?handler=Pdf");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(await own.Content.ReadAsByteArrayAsync(), 0, 4));
        var other = await EmployeeIdAsync("E0050");
        Assert.Equal(HttpStatusCode.NotFound, (await employee.GetAsync($"/Gaps/Person/{other}?handler=Pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync($"/Gaps/Person/{e0020}?handler=Pdf")).StatusCode);
    }
}
