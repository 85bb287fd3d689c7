using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.RegularExpressions;
using CertDesk.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.EntityFrameworkCore;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using Xunit.Abstractions;

namespace CertDesk.Tests.Hosting;

/// <summary>
/// The served OpenAPI document is one a client generator can live on: it declares bearer security, the problem
/// statuses, If-Match and ETag, a success body for every operation and optional input fields; and a C# client that
/// NSwag (a generator nobody here wrote) generates from it compiles with Roslyn and calls every operation it can call
/// without inventing data: each GET whose parameters are all optional, and each GET of one record (or of something of it)
/// with the first record its collection lists. The generated client throws on any status the
/// document does not declare for the operation and on a body that does not deserialize into the declared type.
/// </summary>
public abstract class OpenApiClientTests(AppFixture fixture, ITestOutputHelper output)
{
    private CertDeskApp App => fixture.App;

    private async Task<(string Text, JsonElement Root)> DocumentAsync()
    {
        using var client = App.AnonymousClient();
        var response = await client.GetAsync("/openapi/v1.json");
        var text = await AssertHttp.StatusAsync(response, HttpStatusCode.OK);
        return (text, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement root) =>
        root.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()
            .Where(m => m.Name is "get" or "post" or "put" or "patch" or "delete")
            .Select(m => (p.Name, m.Name, m.Value)));

    [ProviderFact]
    public async Task Document_DeclaresSecurityProblemsIfMatchAndASuccessBodyForEveryOperation()
    {
        var (_, root) = await DocumentAsync();
        Assert.Equal("http", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("type").GetString());
        Assert.All(root.GetProperty("servers").EnumerateArray(), s => Assert.False(s.GetProperty("url").GetString()!.EndsWith('/'), s.ToString()));
        var failures = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, method, op) in Operations(root))
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            var responses = op.GetProperty("responses");
            bool Has(string status) => responses.TryGetProperty(status, out _);
            if (!op.TryGetProperty("operationId", out var id) || !ids.Add(id.GetString()!))
            {
                failures.Add($"{name}: no unique operationId");
            }
            if (!op.TryGetProperty("security", out _) || !Has("401") || !Has("403"))
            {
                failures.Add($"{name}: no bearer security with 401 and 403");
            }
            else if (!responses.GetProperty("401").GetProperty("headers").TryGetProperty("WWW-Authenticate", out _))
            {
                failures.Add($"{name}: 401 without WWW-Authenticate");
            }
            var success = responses.EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
            if (success.Count == 0 || success.Any(r => r.Name != "204" && !r.Value.TryGetProperty("content", out _)))
            {
                failures.Add($"{name}: no success body ({string.Join(", ", responses.EnumerateObject().Select(r => r.Name))})");
            }
            if (path.Contains('{', StringComparison.Ordinal) && !Has("404"))
            {
                failures.Add($"{name}: no 404");
            }
            if (method is "post" or "put" or "patch" or "delete" && !Has("422"))
            {
                failures.Add($"{name}: no 422");
            }
            if (method is "put" or "patch" && (!Has("412") || !op.GetProperty("parameters").EnumerateArray().Any(p => p.GetProperty("name").GetString() == "If-Match")))
            {
                failures.Add($"{name}: no If-Match with 412");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        output.WriteLine($"{root.GetProperty("paths").EnumerateObject().Count()} paths, {ids.Count} operations, each with its statuses and success body");

        // Input schemas require nothing the server does not: their rules are answered as 422 with field reasons.
        foreach (var schema in root.GetProperty("components").GetProperty("schemas").EnumerateObject().Where(s => s.Name.EndsWith("Input", StringComparison.Ordinal)))
        {
            Assert.False(schema.Value.TryGetProperty("required", out var required) && required.GetArrayLength() > 0, $"{schema.Name} requires {schema.Value}");
        }
        // A POST that only computes declares no 409: it holds no record that could conflict.
        foreach (var computes in new[]
        {
            "/api/v1/staffing/erlang-c", "/api/v1/staffing/erlang-a", "/api/v1/staffing/staff", "/api/v1/roi/calculate", "/api/v1/repayments/quote",
            "/api/v1/cohort-plans", "/api/v1/sessions/best-slots", "/api/v1/requests/check", "/api/v1/separations/preview",
        })
        {
            Assert.False(root.GetProperty("paths").GetProperty(computes).GetProperty("post").GetProperty("responses").TryGetProperty("409", out _), $"POST {computes} declares 409");
        }
        var sessions = root.GetProperty("paths").GetProperty("/api/v1/sessions").GetProperty("post");
        Assert.True(sessions.GetProperty("responses").TryGetProperty("201", out _), "POST /sessions answers 201");

        // A separation names its employee in the body: an unknown one is answered 404, and the document says so.
        using var admin = await App.BearerClientAsync(Demo.Admin);
        foreach (var separations in new[] { "/api/v1/separations/preview", "/api/v1/separations" })
        {
            Assert.True(root.GetProperty("paths").GetProperty(separations).GetProperty("post").GetProperty("responses").TryGetProperty("404", out _), $"POST {separations} declares no 404");
            var unknown = new { employee_id = Guid.NewGuid(), separation_date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), reason = "resignation" };
            using var answer = await admin.PostAsJsonAsync(separations, unknown);
            await AssertHttp.StatusAsync(answer, HttpStatusCode.NotFound);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        }
    }

    /// <summary>
    /// Runs Redocly CLI (an outside linter, pinned in tests/OpenApiLint, installed by test.sh) with the rules of
    /// tests/OpenApiLint/redocly.yaml on the served document; any problem fails the test with the linter's words.
    /// </summary>
    protected async Task AssertRedoclyLintCleanAsync()
    {
        var lint = Path.Combine(RepositoryPaths.Root, "tests", "OpenApiLint");
        var cli = Path.Combine(lint, "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(cli), $"Redocly CLI is not installed: npm ci --prefix tests/OpenApiLint (test.sh does) ({cli})");
        var (text, _) = await DocumentAsync();
        var path = Path.Combine(Path.GetTempPath(), $"certdesk-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, text);
        try
        {
            var start = new ProcessStartInfo("node", [cli, "lint", path, "--config", Path.Combine(lint, "redocly.yaml"), "--format", "stylish", "--max-problems", "200"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            // No telemetry and no update check: CI reaches package registries only.
            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            using var redocly = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
            var stdout = redocly.StandardOutput.ReadToEndAsync();
            var stderr = redocly.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await redocly.WaitForExitAsync(timeout.Token);
            var said = await stdout + await stderr;
            output.WriteLine(said);
            Assert.True(redocly.ExitCode == 0, $"redocly lint: exit {redocly.ExitCode}\n{said}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The served document, and the client NSwag generates from it compiled in memory.</summary>
    private async Task<(Type ClientType, JsonElement Root)> GeneratedClientAsync()
    {
        var (text, root) = await DocumentAsync();
        var document = await OpenApiDocument.FromJsonAsync(text);
        var generator = new CSharpClientGenerator(document, new CSharpClientGeneratorSettings
        {
            ClassName = "CertDeskClient",
            // A `format: date` value stays the document's yyyy-MM-dd string: as DateTimeOffset (NSwag's default), the client
            // writes a form field with the invariant culture's date and time ('12/03/2026 00:00:00 +00:00'), not a date.
            CSharpGeneratorSettings = { Namespace = "Generated", JsonLibrary = NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.SystemTextJson, DateType = "string" },
            OperationNameGenerator = new NSwag.CodeGeneration.OperationNameGenerators.SingleClientFromOperationIdOperationNameGenerator(),
            UseBaseUrl = false,
            GenerateOptionalParameters = true,
        });
        var assembly = Compile(generator.GenerateFile());
        return (assembly.GetType("Generated.CertDeskClient", throwOnError: true)!, root);
    }

    [ProviderFact]
    public async Task GeneratedClient_Compiles_AndEveryGetItCanCallAnswersAsDeclared()
    {
        var (clientType, root) = await GeneratedClientAsync();
        using var http = await App.BearerClientAsync(Demo.Admin);
        var client = Activator.CreateInstance(clientType, http)!;

        // Records the demo seed leaves out, so that their GETs are called too: a published tuition policy, a business case
        // and a training agreement under that policy (its document, PDF and seal check).
        var policy = await App.PublishedPolicyAsync();
        using (var hr = await App.BearerClientAsync(Demo.Hr))
        {
            await NewBusinessCaseAsync(hr);
            var agreement = new
            {
                employee_id = await App.EmployeeIdAsync("E0020"),
                policy_id = policy,
                certification_code = "CCCM",
                certification_name = "Certified Call Center Manager",
                funded_amount = 400m,
            };
            await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/agreements", agreement), HttpStatusCode.Created);
        }

        // The operations whose parameter is not the id of a record their collection lists, with the values to call them
        // with: a receipt uploaded here (no collection lists files), an account by its e-mail, each export format.
        var receipt = await NewReceiptAsync(http);
        var given = new Dictionary<string, Dictionary<string, object?>[]>(StringComparer.Ordinal)
        {
            ["/api/v1/files/{id}"] = [new() { ["id"] = receipt }],
            ["/api/v1/users/{id}"] = [new() { ["id"] = Demo.Employee }],
            ["/api/v1/repayments/export.{format}"] = [new() { ["format"] = "csv" }, new() { ["format"] = "xlsx" }],
            ["/api/v1/repayments/payroll.{format}"] = [new() { ["format"] = "csv" }, new() { ["format"] = "xlsx" }],
        };
        var called = 0;
        var skipped = new List<string>();
        var failures = new List<string>();
        failures.AddRange(given.Keys.Where(p => !root.GetProperty("paths").TryGetProperty(p, out _)).Select(p => $"GET {p}: not in the document"));
        var listPaths = Operations(root).Where(o => o.Method == "get").Select(o => o.Path).ToHashSet(StringComparer.Ordinal);
        var firstIds = new Dictionary<string, Guid?>(StringComparer.Ordinal);
        foreach (var (path, method, op) in Operations(root).Where(o => o.Method == "get"))
        {
            if (given.TryGetValue(path, out var argumentSets))
            {
                foreach (var values in argumentSets)
                {
                    await CallGetAsync(path, op, null, values);
                }
                continue;
            }
            var parameters = op.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
            var required = parameters.Where(x => x.TryGetProperty("required", out var r) && r.GetBoolean()).ToList();
            // A record the demo holds, for an operation on one record: the first item its collection's GET lists.
            Guid? recordId = null;
            if (required.Count > 0)
            {
                var list = path[..path.IndexOf('{', StringComparison.Ordinal)].TrimEnd('/');
                // A parameter named for another collection ({employeeId} under /gaps) takes a record of that collection.
                var parameterName = required[0].GetProperty("name").GetString()!;
                if (!listPaths.Contains(list) && parameterName.EndsWith("Id", StringComparison.Ordinal))
                {
                    list = $"/api/v1/{parameterName[..^2]}s";
                }
                if (required.Count > 1 || required[0].GetProperty("in").GetString() != "path" || !IsUuid(required[0]) || !listPaths.Contains(list))
                {
                    skipped.Add($"GET {path}");
                    continue;
                }
                if (!firstIds.TryGetValue(list, out recordId))
                {
                    firstIds[list] = recordId = await FirstIdAsync(http, list);
                }
                if (recordId is null)
                {
                    skipped.Add($"GET {path} (no record listed)");
                    continue;
                }
            }
            await CallGetAsync(path, op, recordId, new());
        }
        Assert.True(failures.Count == 0, $"{failures.Count} failed of {called + failures.Count}:\n" + string.Join("\n", failures));
        Assert.True(called >= 55, $"only {called} operations called");
        output.WriteLine($"the generated client called {called} GET operations, each answered as the document declares; not called: {string.Join(", ", skipped)}");

        // Calls the operation with the given values by parameter name, a record's id for a Guid parameter, null otherwise.
        async Task CallGetAsync(string path, JsonElement op, Guid? recordId, Dictionary<string, object?> values)
        {
            var id = op.GetProperty("operationId").GetString()!;
            var name = char.ToUpperInvariant(id[0]) + id[1..] + "Async";
            var call = clientType.GetMethods().FirstOrDefault(m => m.Name == name && m.GetParameters().LastOrDefault()?.ParameterType == typeof(CancellationToken));
            if (call is null)
            {
                failures.Add($"GET {path}: the generated client has no {name}");
                return;
            }
            var args = call.GetParameters().Select(x => x.ParameterType == typeof(CancellationToken) ? CancellationToken.None
                : values.TryGetValue(x.Name!, out var value) ? value
                : x.ParameterType == typeof(Guid) ? (object?)recordId : null).ToArray();
            try
            {
                var task = (Task)call.Invoke(client, args)!;
                await task;
                // A file answer is a stream the caller owns (NSwag's FileResponse).
                (task.GetType().GetProperty("Result")?.GetValue(task) as IDisposable)?.Dispose();
                called++;
            }
            catch (Exception e)
            {
                failures.Add($"GET {path} {string.Join(", ", values.Values)}: {e.GetType().Name}: {Truncate(e.Message)}");
            }
        }
    }

    /// <summary>A receipt (a small PDF) sent with an expense on the demo employee's course; the stored file's id.</summary>
    private async Task<Guid> NewReceiptAsync(HttpClient programManager)
    {
        var e20 = await App.EmployeeIdAsync("E0020");
        var studying = await App.QueryAsync(db => db.Enrollments.Where(x => x.EmployeeId == e20 && x.Status == CertDesk.Domain.Credentials.EnrollmentStatus.InProgress)
            .Select(x => x.Id).FirstAsync());
        var pdf = new ByteArrayContent("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"u8.ToArray());
        pdf.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("materials"), "category" },
            { new StringContent("12.50"), "amount" },
            { new StringContent(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "incurred_on" },
            { new StringContent("Generated client GET receipt"), "note" },
            { pdf, "receipt", "receipt.pdf" },
        };
        await AssertHttp.JsonAsync(await programManager.PostAsync($"/api/v1/enrollments/{studying}/expenses", form));
        return await App.QueryAsync(db => db.ExpenseLines.Where(x => x.Note == "Generated client GET receipt" && x.ReceiptId != null).Select(x => x.ReceiptId!.Value).FirstAsync());
    }

    /// <summary>
    /// The write operations (POST, PUT, DELETE) called through the generated client, feature by feature, each record
    /// made before what needs it: every call must answer a success the document declares with a body that deserializes into
    /// the declared type (the client throws otherwise). The bodies are written here as JSON and read into the generated input
    /// types, so a field the document names differently from the server fails the call.
    /// </summary>
    [ProviderFact]
    public async Task GeneratedClient_CallsTheWriteOperations_EachAnsweredAsDeclared()
    {
        var (clientType, root) = await GeneratedClientAsync();
        using var adminHttp = await App.BearerClientAsync(Demo.Admin);
        using var directorHttp = await App.BearerClientAsync(Demo.Director);
        using var managerHttp = await App.BearerClientAsync(Demo.Manager);
        var calls = new WriteCalls(clientType, root, new Dictionary<string, HttpClient>(StringComparer.Ordinal)
        {
            [Demo.Admin] = adminHttp,
            [Demo.Director] = directorHttp,
            [Demo.Manager] = managerHttp,
        });
        var admin = Demo.Admin;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var year = today.Year;
        string Day(int days) => today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var e20 = await App.EmployeeIdAsync("E0020");
        var e36 = await App.EmployeeIdAsync("E0036");

        // Calculations: no record needed.
        await calls.CallAsync(admin, "post", "/api/v1/staffing/erlang-c", new { calls = 100, interval = 900, aht = 180, agents = 25, target = 20 });
        await calls.CallAsync(admin, "post", "/api/v1/staffing/erlang-a", new { calls = 100, interval = 900, aht = 180, agents = 25, target = 20, patience = 60 });
        await calls.CallAsync(admin, "post", "/api/v1/staffing/staff", new { calls = 100, interval = 900, aht = 180, sl = 0.8, target = 20, shrinkage = 0.3 });
        await calls.CallAsync(admin, "post", "/api/v1/roi/calculate", new
        {
            costs = new[] { new { category = "tuition", amount = 1995m } },
            benefits = new[] { new { name = "lower attrition", annual_value = 48000m, isolation = 0.6m, confidence = 0.8m } },
            years = 1,
        });
        await calls.CallAsync(admin, "post", "/api/v1/repayments/quote", new
        {
            policy = new
            {
                commitment_months = 24,
                proration = "tiers",
                tiers = new[] { new { until_month = 12, percent = 100m }, new { until_month = 24, percent = 50m } },
                exempt_reasons = new[] { "layoff" },
                not_completed_percent = 100m,
            },
            funded = 2000m,
            start = "2025-01-01",
            separated = "2025-08-01",
            reason = "resignation",
        });

        // Organization: a site (admin).
        var site = await calls.CreateAsync(admin, "post", "/api/v1/sites", new { name = "Generated client site", time_zone = "America/Chicago" });
        await calls.CallAsync(admin, "put", "/api/v1/sites/{id}", new { name = "Generated client site (renamed)", time_zone = "America/Chicago" }, site);

        // Catalog: an issuer, a certification of it (retired and reinstated), a price quote, a competency and an assessment.
        var issuer = await calls.CreateAsync(admin, "post", "/api/v1/issuers", new { code = "GENCL", name = "Generated client issuer" });
        await calls.CallAsync(admin, "put", "/api/v1/issuers/{id}", new { code = "GENCL", name = "Generated client issuer (renamed)" }, issuer);
        var certification = await calls.CreateAsync(admin, "post", "/api/v1/certifications", new { code = "GENCL1", name = "Generated client certification", issuer_code = "GENCL" });
        await calls.CallAsync(admin, "put", "/api/v1/certifications/{id}", new { code = "GENCL1", name = "Generated client certification (renamed)", issuer_code = "GENCL" }, certification);
        await calls.CallAsync(admin, "post", "/api/v1/certifications/{id}/retire", new { retired_on = Day(0) }, certification);
        await calls.CallAsync(admin, "post", "/api/v1/certifications/{id}/reinstate", null, certification);
        var quote = await calls.CreateAsync(admin, "post", "/api/v1/price-quotes", new { certification_code = "CCCM", tuition = 1000m, valid_from = Day(0), vendor = "Generated client vendor" });
        await calls.CallAsync(admin, "put", "/api/v1/price-quotes/{id}", new { certification_code = "CCCM", tuition = 1100m, valid_from = Day(0), vendor = "Generated client vendor" }, quote);
        await calls.CallAsync(admin, "post", "/api/v1/competencies", new { code = "GENCL", name = "Generated client competency", category = "Generated", levels = new[] { "one", "two", "three", "four", "five" } });
        await calls.CallAsync(admin, "post", "/api/v1/assessments", new { employee_id = e20, competency = "GENCL", source = "test", level = 3, assessed_on = Day(0) });

        // Tuition policies: drafted, changed, published, a new version drafted from it.
        var policy = await calls.CreateAsync(admin, "post", "/api/v1/policies", CertDeskApp.ValidPolicy("GENCL-POLICY"));
        await calls.CallAsync(admin, "put", "/api/v1/policies/{id}", CertDeskApp.ValidPolicy("GENCL-POLICY"), policy);
        await calls.CallAsync(admin, "post", "/api/v1/policies/{id}/publish", null, policy);
        await calls.CallAsync(admin, "post", "/api/v1/policies/{id}/versions", null, policy);

        // Business cases and budgets: a draft, changed, submitted, approved by the director; another rejected.
        var supervisor = await App.QueryAsync(db => db.Employees.Where(e => e.JobRole == "Supervisor" && e.Status == CertDesk.Features.Organization.EmploymentStatus.Active)
            .OrderBy(e => e.EmployeeNumber).Select(e => e.EmployeeNumber).FirstAsync());
        var caseInput = new { employee_number = supervisor, certification_code = "QAMC", fiscal_year = year, cost_center = "OPS" };
        await calls.CallAsync(admin, "put", "/api/v1/budgets", new { fiscal_year = year, cost_center = "OPS", amount = 100000m });
        var approved = await calls.CreateAsync(admin, "post", "/api/v1/business-cases", caseInput);
        var certificationName = WriteCalls.Property(calls.Last, "CertificationName");
        await calls.CallAsync(admin, "put", "/api/v1/business-cases/{id}", new { employee_number = supervisor, certification_code = "QAMC", certification_name = certificationName, fiscal_year = year, cost_center = "OPS", fees = 10m }, approved);
        await calls.CallAsync(admin, "post", "/api/v1/business-cases/{id}/submit", null, approved);
        await calls.CallAsync(Demo.Director, "post", "/api/v1/business-cases/{id}/approve", new { comment = "fits the budget" }, approved);
        var rejected = await calls.CreateAsync(admin, "post", "/api/v1/business-cases", caseInput);
        await calls.CallAsync(admin, "post", "/api/v1/business-cases/{id}/submit", null, rejected);
        await calls.CallAsync(Demo.Director, "post", "/api/v1/business-cases/{id}/reject", new { comment = "one is enough" }, rejected);

        // Certification requests, made by a manager for one of their people: checked, made and approved; another returned,
        // resubmitted and rejected; a third withdrawn.
        var report = await App.QueryAsync(db => db.Employees.Where(e => e.Manager!.EmployeeNumber == "E0009" && e.Status == CertDesk.Features.Organization.EmploymentStatus.Active)
            .OrderBy(e => e.EmployeeNumber).Select(e => e.EmployeeNumber).FirstAsync());
        var manager = Demo.Manager;
        await calls.CallAsync(manager, "post", "/api/v1/requests/check", new { employee_number = report, certification_code = "CCCM" });
        var request = await calls.CreateAsync(manager, "post", "/api/v1/requests", new { employee_number = report, certification_code = "CCCM", justification = "coaching gap" });
        // A manager's own request goes straight to the budget holder (the director), who decides.
        await calls.CallAsync(Demo.Director, "post", "/api/v1/requests/{id}/approve", new { comment = "go ahead" }, request);
        var returned = await calls.CreateAsync(manager, "post", "/api/v1/requests", new { employee_number = report, certification_code = "QAMC", justification = "quality gap" });
        await calls.CallAsync(Demo.Director, "post", "/api/v1/requests/{id}/return", new { comment = "say which gap" }, returned);
        await calls.CallAsync(manager, "post", "/api/v1/requests/{id}/resubmit", new { justification = "quality assurance gap of 2 levels" }, returned);
        await calls.CallAsync(Demo.Director, "post", "/api/v1/requests/{id}/reject", new { comment = "next year" }, returned);
        var withdrawn = await calls.CreateAsync(manager, "post", "/api/v1/requests", new { employee_number = report, certification_code = "CCCS", justification = "coverage" });
        await calls.CallAsync(manager, "post", "/api/v1/requests/{id}/withdraw", null, withdrawn);

        // Agreements: issued under a published policy, its payment date recorded.
        var agreement = await calls.CreateAsync(admin, "post", "/api/v1/agreements", new
        {
            employee_id = e20,
            policy_id = await App.PublishedPolicyAsync(),
            certification_code = "CCCM",
            certification_name = "Certified Call Center Manager",
            funded_amount = 400m,
        });
        await calls.CallAsync(admin, "put", "/api/v1/agreements/{id}", new { paid_on = Day(0) }, agreement);

        // Signed by the person (consent, intent, typed name, password), countersigned by HR; amended (the person signs,
        // HR countersigns); a clerical correction HR proposes, approved by a second HR person (the administrator).
        using var employeeHttp = await App.BearerClientAsync(Demo.Employee);
        using var hrHttp = await App.BearerClientAsync(Demo.Hr);
        calls.AddCaller(Demo.Employee, employeeHttp);
        calls.AddCaller(Demo.Hr, hrHttp);
        var employeeSigns = await SignatureAsync(employeeHttp);
        var hrSigns = await SignatureAsync(hrHttp);
        await calls.CallAsync(Demo.Employee, "post", "/api/v1/agreements/{id}/sign", employeeSigns, agreement);
        await calls.CallAsync(Demo.Hr, "post", "/api/v1/agreements/{id}/countersign", hrSigns, agreement);
        await calls.CallAsync(Demo.Hr, "post", "/api/v1/agreements/{id}/amendments", new { funded_amount = 450m, reason = "the exam fee rose" }, agreement);
        await calls.CallAsync(Demo.Employee, "post", "/api/v1/agreements/{id}/amendments/{sequence}/sign", employeeSigns, agreement, 1);
        await calls.CallAsync(Demo.Hr, "post", "/api/v1/agreements/{id}/amendments/{sequence}/countersign", hrSigns, agreement, 1);
        await calls.CallAsync(Demo.Hr, "post", "/api/v1/agreements/{id}/amendments", new { certification_name = "Certified Call Center Manager (CCCM)", reason = "the issuer's full name", clerical = true }, agreement);
        await calls.CallAsync(admin, "post", "/api/v1/agreements/{id}/amendments/{sequence}/approve", await SignatureAsync(adminHttp), agreement, 2);

        // Enrollments: enrolled, dates changed, study hours and an expense logged.
        var cccm = await App.CertificationIdAsync("CCCM");
        var enrollment = await calls.CreateAsync(admin, "post", "/api/v1/enrollments", new { employee_id = e36, certification_id = cccm, planned_start = Day(7), deadline = Day(180) });
        await calls.CallAsync(admin, "put", "/api/v1/enrollments/{id}", new { planned_start = Day(8), deadline = Day(181) }, enrollment);
        await calls.CallAsync(admin, "post", "/api/v1/enrollments/{id}/transitions", new { to = "approved", note = "approved" }, enrollment);
        await calls.CallAsync(admin, "post", "/api/v1/enrollments/{id}/transitions", new { to = "enrolled" }, enrollment);
        await calls.CallAsync(admin, "post", "/api/v1/enrollments/{id}/hours", new { on = Day(0), hours = 2m, note = "chapter 1" }, enrollment);
        await calls.CallAsync(admin, "post", "/api/v1/enrollments/{id}/transitions", new { to = "in_progress" }, enrollment);
        await calls.CallAsync(admin, "post", "/api/v1/enrollments/{id}/transitions", new { to = "exam_scheduled", exam_date = Day(30) }, enrollment);
        // The person records their own passing result (with an account linked to their record): a claim, verified by HR
        // below. A result HR records for someone else is verified at once, so nothing would be left to verify.
        const string holderLogin = "generated.holder@demo.local";
        await App.AddUserAsync(holderLogin, "Employee", "Generated-holder-1");
        await App.LinkAccountAsync(holderLogin, e36);
        using var holderHttp = await App.BearerClientAsync(holderLogin);
        calls.AddCaller(holderLogin, holderHttp);
        await calls.CallAsync(holderLogin, "post", "/api/v1/enrollments/{id}/attempts", new { taken_on = Day(0), score = 85m }, enrollment);

        // Expenses: the demo employee sends a receipt (multipart) for the course they study for; HR approves it.
        var studying = await App.QueryAsync(db => db.Enrollments.Where(x => x.EmployeeId == e20 && x.Status == CertDesk.Domain.Credentials.EnrollmentStatus.InProgress)
            .Select(x => (Guid?)x.Id).FirstOrDefaultAsync());
        await calls.CallAsync(Demo.Employee, "post", "/api/v1/enrollments/{id}/expenses", new
        {
            category = "materials",
            amount = 35.5m,
            incurred_on = Day(0),
            note = "Generated client study guide",
            receipt = new WriteCalls.Upload("receipt.pdf", "application/pdf", "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"u8.ToArray()),
        }, studying);
        var expense = await App.QueryAsync(db => db.ExpenseLines.Where(x => x.Note == "Generated client study guide").Select(x => (Guid?)x.Id).FirstOrDefaultAsync());
        await calls.CallAsync(Demo.Hr, "post", "/api/v1/expenses/{id}/decision", new { decision = "approve", override_reason = "study guide within the team budget" }, expense);

        // Credentials: the demo employee logs continuing education on the credential they hold and chooses what its public
        // page shows; HR verifies the result the holder recorded above.
        var held = await App.QueryAsync(db => db.Credentials.Where(c => c.EmployeeId == e20).OrderBy(c => c.IssuedOn).Select(c => (Guid?)c.Id).FirstOrDefaultAsync());
        await calls.CallAsync(Demo.Employee, "post", "/api/v1/credentials/{id}/ce", new { on = Day(0), hours = 1.5m, category = "web seminar", description = "Generated client webinar" }, held);
        await calls.CallAsync(Demo.Employee, "put", "/api/v1/credentials/{id}/sharing", new { sharing = "validity" }, held);
        var claimed = await App.QueryAsync(db => db.Credentials.Where(c => c.EmployeeId == e36 && c.VerifiedAt == null).Select(c => (Guid?)c.Id).FirstOrDefaultAsync());
        await calls.CallAsync(Demo.Hr, "post", "/api/v1/credentials/{id}/verify", new { evidence = "score report checked in the issuer's portal" }, claimed);

        // Follow-through: an item added to the demo employee's action plan, the next check-in's evidence (theirs) and
        // rating (their manager's), and a survey on the course they study for.
        var plan = await App.QueryAsync(db => db.ActionPlans.Where(x => x.EmployeeId == e20).Select(x => (Guid?)x.Id).FirstOrDefaultAsync());
        await calls.CallAsync(Demo.Employee, "post", "/api/v1/action-plans/{id}/items", new { title = "Share the calibration notes with the other supervisors", process = "Weekly QA calibration", owner_id = e20, due_on = Day(30) }, plan);
        var checkIn = await App.QueryAsync(db => db.CheckIns.Where(x => x.ActionPlanId == plan && x.Evidence == null).OrderBy(x => x.Day).Select(x => (Guid?)x.Id).FirstOrDefaultAsync());
        await calls.CallAsync(Demo.Employee, "put", "/api/v1/check-ins/{id}/evidence", new { evidence = "Ran the calibration with both senior agents every week." }, checkIn);
        await calls.CallAsync(manager, "put", "/api/v1/check-ins/{id}/rating", new { rating = 4, comment = "Consistently applied." }, checkIn);
        var studied = await App.QueryAsync(db => db.Enrollments.Where(x => x.Id == studying).Select(x => x.CertificationId).SingleAsync());
        await calls.CallAsync(Demo.Employee, "post", "/api/v1/surveys", new { certification_id = studied, reaction = 4, learning = 4, confidence_before = 2, confidence_after = 4, comment = "Useful so far." });

        // Scheduling: a session (changed, its best slots asked, then cancelled), a queue, a coverage rule.
        var session = await calls.CreateAsync(admin, "post", "/api/v1/sessions", new { title = "Generated client class", kind = "class", date = Day(20), start = "10:00", length_minutes = 60, attendees = new[] { e36 }, location = "Room 1" });
        await calls.CallAsync(admin, "put", "/api/v1/sessions/{id}", new { title = "Generated client class", kind = "class", date = Day(21), start = "10:00", length_minutes = 60, attendees = new[] { e36 }, location = "Room 2" }, session);
        await calls.CallAsync(admin, "post", "/api/v1/sessions/best-slots", new { attendees = new[] { e36 }, length_minutes = 60, from = Day(20), to = Day(27) });
        await calls.CallAsync(admin, "post", "/api/v1/sessions/{id}/cancel", null, session);
        var team = await App.QueryAsync(db => db.Teams.OrderBy(t => t.Code).Select(t => new { t.Code, t.SiteId }).FirstAsync());
        var queue = await calls.CreateAsync(admin, "post", "/api/v1/queues", new { name = "Generated client queue", site_id = team.SiteId, teams = new[] { team.Code }, service_level = 0.8m, target_seconds = 20 });
        await calls.CallAsync(admin, "put", "/api/v1/queues/{id}", new { name = "Generated client queue", site_id = team.SiteId, teams = new[] { team.Code }, service_level = 0.85m, target_seconds = 20 }, queue);
        var rule = await calls.CreateAsync(admin, "post", "/api/v1/coverage-rules", new { site_id = site, agents_per_supervisor = 12, minimum_supervisors = 1 });
        await calls.CallAsync(admin, "put", "/api/v1/coverage-rules/{id}", new { site_id = site, agents_per_supervisor = 10, minimum_supervisors = 1 }, rule);

        // Gaps and proof: a cohort plan, an ROI study.
        await calls.CallAsync(admin, "post", "/api/v1/cohort-plans", new { role = "Supervisor", budget = 15000m, from = Day(14), to = Day(97), max_away = 2 });
        var teams = await App.QueryAsync(db => db.Teams.OrderBy(t => t.Code).Select(t => t.Code).Take(2).ToListAsync());
        await calls.CallAsync(admin, "post", "/api/v1/roi-studies", new
        {
            name = "Generated client study",
            certification_code = "CCCM",
            certified_on = "2026-03-01",
            pre_start = "2026-01-01",
            pre_end = "2026-03-01",
            post_start = "2026-03-01",
            post_end = "2026-05-01",
            cohort_teams = new[] { teams[0] },
            comparison_teams = new[] { teams[1] },
            values = new { },
            costs = new[] { new { category = "tuition", amount = 1995m } },
        });

        // Separations: previewed, then recorded for the last active agent.
        var leaver = await App.QueryAsync(db => db.Employees.Where(e => e.JobRole == "Agent" && e.Status == CertDesk.Features.Organization.EmploymentStatus.Active)
            .OrderByDescending(e => e.EmployeeNumber).Select(e => e.Id).FirstAsync());
        // The leaver holds a signed agreement (completed and paid today, so leaving now owes it all back): the person signs
        // it with an account linked to their record, HR countersigns.
        const string leaverLogin = "generated.leaver@demo.local";
        await App.AddUserAsync(leaverLogin, "Employee", "Generated-leaver-1");
        await App.LinkAccountAsync(leaverLogin, leaver);
        using var leaverHttp = await App.BearerClientAsync(leaverLogin);
        calls.AddCaller(leaverLogin, leaverHttp);
        var leaverName = await App.QueryAsync(db => db.Employees.Where(e => e.Id == leaver).Select(e => e.FirstName + " " + e.LastName).SingleAsync());
        var owed = await calls.CreateAsync(admin, "post", "/api/v1/agreements", new
        {
            employee_id = leaver,
            policy_id = await App.PublishedPolicyAsync(),
            certification_code = "CCCM",
            certification_name = "Certified Call Center Manager",
            funded_amount = 300m,
        });
        await calls.CallAsync(admin, "put", "/api/v1/agreements/{id}", new { completed_on = Day(0), paid_on = Day(0) }, owed);
        await calls.CallAsync(leaverLogin, "post", "/api/v1/agreements/{id}/sign", new { consent_to_electronic_records = true, intent = true, typed_name = leaverName, password = "Generated-leaver-1" }, owed);
        await calls.CallAsync(Demo.Hr, "post", "/api/v1/agreements/{id}/countersign", hrSigns, owed);
        await calls.CallAsync(admin, "post", "/api/v1/separations/preview", new { employee_id = leaver, separation_date = Day(0), reason = "resignation" });
        await calls.CallAsync(admin, "post", "/api/v1/separations", new { employee_id = leaver, separation_date = Day(0), reason = "resignation" });
        var repayment = await App.QueryAsync(db => db.Repayments.Where(r => r.EmployeeId == leaver).Select(r => (Guid?)r.Id).FirstOrDefaultAsync());
        await calls.CallAsync(Demo.Hr, "post", "/api/v1/repayments/{id}/entries", new { kind = "payment", date = Day(0), amount = 100m, note = "first instalment" }, repayment);

        // Accounts: an invited user (role changed, disabled, enabled, password reset), a token made and revoked, and a
        // person changing their own password.
        const string invited = "generated.client@demo.local";
        await calls.CallAsync(admin, "post", "/api/v1/users", new { email = invited, role = "Employee" });
        await calls.CallAsync(admin, "post", "/api/v1/users/{id}/role", new { role = "Manager" }, invited);
        await calls.CallAsync(admin, "post", "/api/v1/users/{id}/disable", null, invited);
        await calls.CallAsync(admin, "post", "/api/v1/users/{id}/enable", null, invited);
        await calls.CallAsync(admin, "post", "/api/v1/users/{id}/reset-password", null, invited);
        await calls.CallAsync(admin, "post", "/api/v1/tokens", new { name = "generated client", days = 1 });
        // The token made above (not the one this test calls with), found by its name.
        var tokens = await AssertHttp.JsonAsync(await adminHttp.GetAsync("/api/v1/tokens?page_size=200"));
        var made = (tokens.ValueKind == JsonValueKind.Array ? tokens : tokens.GetProperty("items")).EnumerateArray()
            .Where(t => t.GetProperty("name").GetString() == "generated client").Select(t => (Guid?)t.GetProperty("id").GetGuid()).FirstOrDefault();
        await calls.CallAsync(admin, "delete", "/api/v1/tokens/{id}", null, made);
        const string changer = "generated.password@demo.local";
        await App.AddUserAsync(changer, "Employee", "Generated-client-1");
        using (var own = await App.BearerClientAsync(changer))
        {
            calls.AddCaller(changer, own);
            await calls.CallAsync(changer, "post", "/api/v1/me/password", new { current_password = "Generated-client-1", new_password = "Generated-client-2-longer" });
        }

        var writes = Operations(root).Where(o => o.Method is "post" or "put" or "patch" or "delete").Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}").ToList();
        var notCalled = writes.Where(w => !calls.Called.Contains(w)).ToList();
        output.WriteLine($"the generated client called {calls.Called.Count} of the document's {writes.Count} write operations, each answered as declared; not called: {string.Join(", ", notCalled)}");
        Assert.True(calls.Failures.Count == 0, $"{calls.Failures.Count} failed of {calls.Called.Count + calls.Failures.Count}:\n" + string.Join("\n", calls.Failures));
        Assert.True(calls.Called.Count >= 77, $"only {calls.Called.Count} write operations called");
    }

    /// <summary>What a person signs with: consent, intent, their name as /me gives it, the demo password.</summary>
    private static async Task<object> SignatureAsync(HttpClient http)
    {
        var name = (await AssertHttp.JsonAsync(await http.GetAsync("/api/v1/me"))).GetProperty("name").GetString();
        return new { consent_to_electronic_records = true, intent = true, typed_name = name, password = Demo.Password };
    }

    [ProviderFact]
    public async Task Writes_AnswerTheRecordAsGetReadsIt()
    {
        // A client that keeps what a write answered must hold what a GET would give it: the person's name included.
        using var hr = await App.BearerClientAsync(Demo.Hr);
        var (person, created) = await NewBusinessCaseAsync(hr);
        var id = created.GetProperty("id").GetGuid();
        Assert.False(string.IsNullOrEmpty(created.GetProperty("employee_name").GetString()), created.GetRawText());
        Assert.Equal((await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/business-cases/{id}"))).GetRawText(), created.GetRawText());

        var change = new
        {
            employee_number = person,
            certification_code = "QAMC",
            certification_name = created.GetProperty("certification_name").GetString(),
            fiscal_year = DateTime.UtcNow.Year,
            cost_center = "OPS",
            fees = 10m,
        };
        var replaced = await AssertHttp.JsonAsync(await hr.PutAsJsonAsync($"/api/v1/business-cases/{id}", change));
        Assert.Equal(10m, replaced.GetProperty("fees").GetDecimal());
        Assert.Equal((await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/business-cases/{id}"))).GetRawText(), replaced.GetRawText());
    }

    /// <summary>HR drafts a business case for an active supervisor, its costs from the price book; the person and the answer.</summary>
    private async Task<(string Person, JsonElement Created)> NewBusinessCaseAsync(HttpClient hr)
    {
        var person = await App.QueryAsync(db => db.Employees.Where(e => e.JobRole == "Supervisor" && e.Status == CertDesk.Features.Organization.EmploymentStatus.Active)
            .OrderBy(e => e.EmployeeNumber).Select(e => e.EmployeeNumber).FirstAsync());
        var input = new { employee_number = person, certification_code = "QAMC", fiscal_year = DateTime.UtcNow.Year, cost_center = "OPS" };
        return (person, await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/business-cases", input), HttpStatusCode.Created));
    }

    private static bool IsUuid(JsonElement parameter) =>
        parameter.TryGetProperty("schema", out var schema) && schema.TryGetProperty("format", out var format) && format.GetString() == "uuid";

    /// <summary>The id of the first item a collection GET answers (<c>{ "items": [...] }</c> or a plain array), or null.</summary>
    private static async Task<Guid?> FirstIdAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return null;
        }
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var items = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement
            : json.RootElement.TryGetProperty("items", out var i) ? i : default;
        return items.ValueKind == JsonValueKind.Array && items.GetArrayLength() > 0 && items[0].TryGetProperty("id", out var idElement)
            && idElement.ValueKind == JsonValueKind.String && Guid.TryParse(idElement.GetString(), out var id) ? id : null;
    }

    private static string Truncate(string text) => text.Length <= 400 ? text : text[..400];

    /// <summary>The generated client compiled in memory against the test's own framework assemblies.</summary>
    private static Assembly Compile(string code)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("GeneratedCertDeskClient", [CSharpSyntaxTree.ParseText(code)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20).Select(d => d.ToString()).ToList();
        Assert.True(result.Success, "the generated client does not compile:\n" + string.Join("\n", errors));
        stream.Position = 0;
        return new AssemblyLoadContext("generated-client", isCollectible: true).LoadFromStream(stream);
    }
}

/// <summary>
/// Calls operations of the generated client by method and path: the document gives the operation id (the client's method),
/// the path's parameters take the values given in order, the body is the JSON of an anonymous object read into the
/// generated input type. A call that throws (an undeclared status, a declared error, a body that does not deserialize) is
/// a failure with the server's words; an operation whose record could not be made is not called.
/// </summary>
internal sealed class WriteCalls(Type clientType, JsonElement root, Dictionary<string, HttpClient> callers)
{
    private readonly Dictionary<string, object> _clients = new(StringComparer.Ordinal);

    public HashSet<string> Called { get; } = new(StringComparer.Ordinal);

    public List<string> Failures { get; } = [];

    /// <summary>What the last successful call answered (a generated DTO), or null.</summary>
    public object? Last { get; private set; }

    /// <summary>A property of a generated DTO by its C# name (NSwag's PascalCase of the JSON key).</summary>
    public static object? Property(object? answer, string name) =>
        answer?.GetType().GetProperties().FirstOrDefault(p => string.Equals(p.Name.Replace("_", "", StringComparison.Ordinal), name, StringComparison.OrdinalIgnoreCase))?.GetValue(answer);

    public void AddCaller(string name, HttpClient http) => callers[name] = http;

    /// <summary>A file for a multipart form field.</summary>
    public sealed record Upload(string Name, string ContentType, byte[] Content);

    /// <summary>Calls the operation; the id of the record it answers (a property <c>Id</c>), or null.</summary>
    public async Task<object?> CreateAsync(string caller, string method, string path, object? body, params object?[] pathValues)
    {
        var answer = await CallAsync(caller, method, path, body, pathValues);
        return answer?.GetType().GetProperty("Id")?.GetValue(answer);
    }

    public async Task<object?> CallAsync(string caller, string method, string path, object? body, params object?[] pathValues)
    {
        var name = $"{method.ToUpperInvariant()} {path}";
        if (pathValues.Any(v => v is null))
        {
            Failures.Add($"{name}: not called, the record it needs was not made");
            return null;
        }
        var fullPath = root.GetProperty("paths").EnumerateObject().Select(p => p.Name)
            .FirstOrDefault(p => Regex.Replace(p, "{[^}]+}", "{id}").TrimEnd('/') == Regex.Replace(path, "{[^}]+}", "{id}").TrimEnd('/'));
        if (fullPath is null || !root.GetProperty("paths").GetProperty(fullPath).TryGetProperty(method, out var operation))
        {
            Failures.Add($"{name}: not in the document");
            return null;
        }
        name = $"{method.ToUpperInvariant()} {fullPath}";
        var id = operation.GetProperty("operationId").GetString()!;
        var methodName = char.ToUpperInvariant(id[0]) + id[1..] + "Async";
        var call = clientType.GetMethods().FirstOrDefault(m => m.Name == methodName && m.GetParameters().LastOrDefault()?.ParameterType == typeof(CancellationToken));
        if (call is null)
        {
            Failures.Add($"{name}: the generated client has no {methodName}");
            return null;
        }
        var pathNames = operation.TryGetProperty("parameters", out var declared)
            ? declared.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path").Select(p => Simple(p.GetProperty("name").GetString()!)).ToList()
            : [];
        var args = call.GetParameters().Select(p =>
        {
            if (p.ParameterType == typeof(CancellationToken))
            {
                return (object?)CancellationToken.None;
            }
            if (p.Name == "body")
            {
                return body is null ? null : JsonSerializer.Deserialize(JsonSerializer.Serialize(body), p.ParameterType);
            }
            var index = pathNames.IndexOf(Simple(p.Name!));
            if (index >= 0)
            {
                return index < pathValues.Length ? Convert(pathValues[index], p.ParameterType) : null;
            }
            // A form field of a multipart body: the body's property of that name, a file as NSwag's FileParameter.
            var field = body?.GetType().GetProperties().FirstOrDefault(x => Simple(x.Name) == Simple(p.Name!))?.GetValue(body);
            return field switch
            {
                null => null,
                Upload file => Activator.CreateInstance(p.ParameterType, new MemoryStream(file.Content), file.Name, file.ContentType),
                _ => JsonSerializer.Deserialize(JsonSerializer.Serialize(field), p.ParameterType),
            };
        }).ToArray();
        if (!_clients.TryGetValue(caller, out var client))
        {
            _clients[caller] = client = Activator.CreateInstance(clientType, callers[caller])!;
        }
        try
        {
            var task = (Task)call.Invoke(client, args)!;
            await task;
            var result = task.GetType().GetProperty("Result")?.GetValue(task);
            (result as IDisposable)?.Dispose();
            Called.Add(name);
            Last = result;
            return result;
        }
        catch (Exception e)
        {
            // A declared problem: NSwag's ApiException<ProblemDetails> carries the parsed body as Result.
            var problem = e.GetType().GetProperty("Result")?.GetValue(e);
            Failures.Add($"{name} as {caller}: {e.GetType().Name}: {Cut(e.Message)} {(problem is null ? "" : Cut(JsonSerializer.Serialize(problem)))}");
            return null;
        }
    }

    private static string Simple(string name) => name.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();

    private static object? Convert(object? value, Type type) =>
        value is null || type.IsInstanceOfType(value) ? value
        : Nullable.GetUnderlyingType(type) is { } inner ? Convert(value, inner)
        : type == typeof(string) ? value.ToString()
        : System.Convert.ChangeType(value, type, CultureInfo.InvariantCulture);

    private static string Cut(string text) => text.Length <= 300 ? text : text[..300];
}

public sealed class SqliteOpenApiClientTests(SqliteDemoApp fixture, ITestOutputHelper output) : OpenApiClientTests(fixture, output), IClassFixture<SqliteDemoApp>
{
    // The document is the same on either database: linted once.
    [Fact]
    public Task Document_PassesRedoclyLint() => AssertRedoclyLintCleanAsync();
}

public sealed class PostgresOpenApiClientTests(PostgresDemoApp fixture, ITestOutputHelper output) : OpenApiClientTests(fixture, output), IClassFixture<PostgresDemoApp>, IPostgresTests;
