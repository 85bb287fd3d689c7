using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
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
        var sessions = root.GetProperty("paths").GetProperty("/api/v1/sessions").GetProperty("post");
        Assert.True(sessions.GetProperty("responses").TryGetProperty("201", out _), "POST /sessions answers 201");
    }

    [ProviderFact]
    public async Task GeneratedClient_Compiles_AndEveryGetItCanCallAnswersAsDeclared()
    {
        var (text, root) = await DocumentAsync();
        var document = await OpenApiDocument.FromJsonAsync(text);
        var generator = new CSharpClientGenerator(document, new CSharpClientGeneratorSettings
        {
            ClassName = "CertDeskClient",
            CSharpGeneratorSettings = { Namespace = "Generated", JsonLibrary = NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.SystemTextJson },
            OperationNameGenerator = new NSwag.CodeGeneration.OperationNameGenerators.SingleClientFromOperationIdOperationNameGenerator(),
            UseBaseUrl = false,
            GenerateOptionalParameters = true,
        });
        var code = generator.GenerateFile();

        var assembly = Compile(code);
        var clientType = assembly.GetType("Generated.CertDeskClient", throwOnError: true)!;
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

        var called = 0;
        var skipped = new List<string>();
        var failures = new List<string>();
        var listPaths = Operations(root).Where(o => o.Method == "get").Select(o => o.Path).ToHashSet(StringComparer.Ordinal);
        var firstIds = new Dictionary<string, Guid?>(StringComparer.Ordinal);
        foreach (var (path, method, op) in Operations(root).Where(o => o.Method == "get"))
        {
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
            var id = op.GetProperty("operationId").GetString()!;
            var name = char.ToUpperInvariant(id[0]) + id[1..] + "Async";
            var call = clientType.GetMethods().FirstOrDefault(m => m.Name == name && m.GetParameters().LastOrDefault()?.ParameterType == typeof(CancellationToken));
            if (call is null)
            {
                failures.Add($"GET {path}: the generated client has no {name}");
                continue;
            }
            var args = call.GetParameters().Select(x => x.ParameterType == typeof(CancellationToken) ? CancellationToken.None
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
                failures.Add($"GET {path}: {e.GetType().Name}: {Truncate(e.Message)}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} failed of {called + failures.Count}:\n" + string.Join("\n", failures));
        Assert.True(called >= 55, $"only {called} operations called");
        output.WriteLine($"the generated client called {called} GET operations, each answered as the document declares; not called: {string.Join(", ", skipped)}");
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

public sealed class SqliteOpenApiClientTests(SqliteDemoApp fixture, ITestOutputHelper output) : OpenApiClientTests(fixture, output), IClassFixture<SqliteDemoApp>;

public sealed class PostgresOpenApiClientTests(PostgresDemoApp fixture, ITestOutputHelper output) : OpenApiClientTests(fixture, output), IClassFixture<PostgresDemoApp>, IPostgresTests;
