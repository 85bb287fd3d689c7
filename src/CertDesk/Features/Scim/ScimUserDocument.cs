using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CertDesk.Features.Scim;

/// <summary>
/// What SCIM may change on a person of the roster: the employee number (<c>externalId</c>), the e-mail (<c>userName</c>
/// and the primary e-mail: CertDesk keeps one address, so both must be the same), the first and last name, the job
/// title and whether they still work here (<c>active</c>). Everything else on the roster (team, site, manager, job role,
/// hire date, hourly cost) is HR's, through the roster import.
/// </summary>
public sealed record ScimUserState(string? EmployeeNumber, string? Email, string? GivenName, string? FamilyName, string Title, bool Active)
{
    public static ScimUserState Of(Employee employee)
    {
        ArgumentNullException.ThrowIfNull(employee);
        return new(employee.EmployeeNumber, employee.Email, employee.FirstName, employee.LastName, employee.Title, employee.Status == EmploymentStatus.Active);
    }

    /// <summary>The roster's own limits (those of the roster import); the first problem found, in SCIM's words.</summary>
    public void Validate()
    {
        if (EmployeeNumber is not { Length: > 0 and <= 64 })
        {
            throw ScimException.InvalidValue("externalId (the employee number, the roster's key) is required, at most 64 characters");
        }
        if (Email is null || !IsEmail(Email))
        {
            throw ScimException.InvalidValue($"userName must be the person's e-mail address{(Email is null ? "" : $"; '{Email}' is not one")}");
        }
        if (GivenName is not { Length: > 0 and <= 100 })
        {
            throw ScimException.InvalidValue("name.givenName is required (the first name), at most 100 characters");
        }
        if (FamilyName is not { Length: > 0 and <= 100 })
        {
            throw ScimException.InvalidValue("name.familyName is required (the last name), at most 100 characters");
        }
        if (Title.Length > 120)
        {
            throw ScimException.InvalidValue("title has more than 120 characters");
        }
    }

    private static bool IsEmail(string text) =>
        text.Length is > 3 and <= 254 && !text.Contains(' ', StringComparison.Ordinal)
        && MailAddress.TryCreate(text, out var address) && address.Address == text && text.Contains('.', StringComparison.Ordinal);
}

/// <summary>
/// Reads a User resource (POST, PUT) or a PatchOp (PATCH) onto a <see cref="ScimUserState"/>, and writes the resource
/// back. Attribute names are case-insensitive (RFC 7643 section 2.1). Attributes the SCIM User schemas define but the
/// roster does not keep (phone numbers, addresses, locale, department, password...) are accepted and not stored, since
/// Entra ID and Okta send them by default; a name no schema defines is refused, so a typo never passes unseen.
/// </summary>
public static partial class ScimUserDocument
{
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string EnterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string PatchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private static readonly HashSet<string> s_notKept = new(StringComparer.OrdinalIgnoreCase)
    {
        "displayName", "nickName", "profileUrl", "userType", "preferredLanguage", "locale", "timezone", "password",
        "phoneNumbers", "ims", "photos", "addresses", "groups", "entitlements", "roles", "x509Certificates",
    };

    private static readonly HashSet<string> s_nameNotKept = new(StringComparer.OrdinalIgnoreCase) { "formatted", "middleName", "honorificPrefix", "honorificSuffix" };

    private static readonly HashSet<string> s_enterpriseNotKept = new(StringComparer.OrdinalIgnoreCase) { "costCenter", "organization", "division", "department", "manager" };

    public static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Parses a request body: a JSON object, or 400 invalidSyntax (duplicate attributes included).</summary>
    public static JsonObject ParseObject(string text)
    {
        try
        {
            var body = JsonNode.Parse(text, NodeOptions, new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw ScimException.InvalidSyntax("The body must be a JSON object.");
            Materialize(body);
            return body;
        }
        catch (JsonException e)
        {
            throw ScimException.InvalidSyntax($"The body is not valid JSON: {e.Message}");
        }
        catch (ArgumentException)
        {
            throw ScimException.InvalidSyntax("The body names an attribute twice.");
        }
    }

    /// <summary>
    /// Objects are read lazily: walking them here makes a duplicate attribute (names compare without case) fail now,
    /// inside the parse, rather than halfway through applying the request.
    /// </summary>
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject item:
                foreach (var (_, value) in item)
                {
                    Materialize(value);
                }
                break;
            case JsonArray items:
                foreach (var value in items)
                {
                    Materialize(value);
                }
                break;
        }
    }

    /// <summary>
    /// A whole User resource (POST creates, PUT replaces): what it leaves out is cleared (the title), except
    /// <c>active</c>, which keeps <paramref name="current"/>'s value unless given (a new person is active).
    /// </summary>
    public static ScimUserState FromResource(JsonObject body, ScimUserState? current)
    {
        ArgumentNullException.ThrowIfNull(body);
        ScimJson.RequireSchema(body, UserSchema);
        var change = new Change(new ScimUserState(null, null, null, null, "", current?.Active ?? true), patching: false);
        foreach (var (name, value) in body)
        {
            if (name.Equals("schemas", StringComparison.OrdinalIgnoreCase) || name.Equals("id", StringComparison.OrdinalIgnoreCase) || name.Equals("meta", StringComparison.OrdinalIgnoreCase))
            {
                continue; // read-only: the server's (RFC 7643 section 3.1)
            }
            change.Set(name, value);
        }
        return change.Result();
    }

    /// <summary>A PatchOp (RFC 7644 section 3.5.2) applied to <paramref name="current"/>: every operation or none.</summary>
    public static ScimUserState Patch(JsonObject body, ScimUserState current)
    {
        ArgumentNullException.ThrowIfNull(body);
        ScimJson.RequireSchema(body, PatchSchema);
        if (body["Operations"] is not JsonArray { Count: > 0 } operations)
        {
            throw ScimException.InvalidValue("Operations must be a non-empty array of operations.");
        }
        var change = new Change(current, patching: true);
        foreach (var node in operations)
        {
            if (node is not JsonObject operation)
            {
                throw ScimException.InvalidSyntax("Each of Operations must be an object with op, path and value.");
            }
            var op = ScimJson.Text(operation["op"], "op")?.ToLowerInvariant();
            var path = ScimJson.Text(operation["path"], "path");
            var value = operation["value"];
            switch (op)
            {
                case "add" or "replace" when path is null:
                    // Without a path the value is an object of attributes (Okta: {"active": false}; Entra: {"name.givenName": ...}).
                    if (value is not JsonObject attributes)
                    {
                        throw ScimException.InvalidValue($"A '{op}' without a path needs an object of attributes as its value.");
                    }
                    foreach (var (name, attribute) in attributes)
                    {
                        if (!name.Equals("id", StringComparison.OrdinalIgnoreCase) && !name.Equals("schemas", StringComparison.OrdinalIgnoreCase) && !name.Equals("meta", StringComparison.OrdinalIgnoreCase))
                        {
                            change.Set(name, attribute);
                        }
                    }
                    break;
                case "add" or "replace":
                    change.Set(path!, value);
                    break;
                case "remove" when path is not null:
                    change.Remove(path);
                    break;
                case "remove":
                    throw ScimException.Mutability("A 'remove' needs a path (RFC 7644 section 3.5.2.2).");
                default:
                    throw ScimException.InvalidSyntax($"op '{ScimJson.Text(operation["op"], "op")}' is not add, replace or remove.");
            }
        }
        return change.Result();
    }

    public static JsonObject Render(Employee employee, string location)
    {
        ArgumentNullException.ThrowIfNull(employee);
        return new JsonObject
        {
            ["schemas"] = new JsonArray(UserSchema, EnterpriseSchema),
            ["id"] = employee.Id.ToString(),
            ["externalId"] = employee.EmployeeNumber,
            ["userName"] = employee.Email,
            ["name"] = new JsonObject
            {
                ["givenName"] = employee.FirstName,
                ["familyName"] = employee.LastName,
                ["formatted"] = employee.FullName,
            },
            ["displayName"] = employee.FullName,
            ["title"] = employee.Title,
            ["emails"] = new JsonArray(new JsonObject { ["value"] = employee.Email, ["type"] = "work", ["primary"] = true }),
            ["active"] = employee.Status == EmploymentStatus.Active,
            [EnterpriseSchema] = new JsonObject { ["employeeNumber"] = employee.EmployeeNumber },
            ["meta"] = new JsonObject
            {
                ["resourceType"] = "User",
                ["location"] = location,
                ["version"] = $"W/\"{employee.Version.ToString(CultureInfo.InvariantCulture)}\"",
            },
        };
    }

    [GeneratedRegex("""^emails\[\s*(type\s+eq\s+"(?<type>[^"]*)"|primary\s+eq\s+(?<primary>true|false))\s*\](\.value)?$""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EmailPath();

    /// <summary>The state being changed, and the employee numbers given as externalId and as enterprise employeeNumber.</summary>
    private sealed class Change(ScimUserState start, bool patching)
    {
        private ScimUserState _state = start;
        private string? _externalId;
        private string? _employeeNumber;
        private string? _userName;
        private string? _primaryEmail;

        public ScimUserState Result()
        {
            // Entra ID maps externalId from mailNickname and employeeNumber from employeeId by default: two different
            // keys for one roster column. Refuse rather than pick one: the fix is in the directory's attribute mapping.
            if (_externalId is not null && _employeeNumber is not null && !string.Equals(_externalId, _employeeNumber, StringComparison.Ordinal))
            {
                throw ScimException.InvalidValue($"externalId '{_externalId}' and employeeNumber '{_employeeNumber}' differ; CertDesk keys people by one employee number: map the directory's employee id to externalId (and employeeNumber, if sent)");
            }
            if (_userName is not null && _primaryEmail is not null && !string.Equals(_userName, _primaryEmail, StringComparison.OrdinalIgnoreCase))
            {
                throw ScimException.InvalidValue($"userName '{_userName}' and the primary e-mail '{_primaryEmail}' differ; CertDesk keeps one e-mail per person: map the same address to both");
            }
            return _state;
        }

        public void Set(string path, JsonNode? value)
        {
            var attribute = Attribute(path, out var enterprise);
            if (enterprise)
            {
                SetEnterprise(attribute, value);
                return;
            }
            if (EmailPath().Match(attribute) is { Success: true } email)
            {
                var kept = email.Groups["type"].Value.Equals("work", StringComparison.OrdinalIgnoreCase) || email.Groups["primary"].Value.Equals("true", StringComparison.OrdinalIgnoreCase);
                if (kept)
                {
                    SetEmail(value is JsonObject item ? ScimJson.Text(item["value"], "emails.value") : ScimJson.Text(value, "emails.value"));
                }
                return; // a home or other e-mail: not kept
            }
            if (s_notKept.Contains(BaseName(attribute)))
            {
                return; // defined by the schema, not kept by the roster (phoneNumbers[type eq "work"].value, locale...)
            }
            var dot = attribute.IndexOf('.', StringComparison.Ordinal);
            var head = dot < 0 ? attribute : attribute[..dot];
            var sub = dot < 0 ? null : attribute[(dot + 1)..];
            switch (head.ToLowerInvariant())
            {
                case "externalid" when sub is null:
                    _externalId = ScimJson.Text(value, "externalId");
                    _state = _state with { EmployeeNumber = _externalId };
                    break;
                case "username" when sub is null:
                    _userName = ScimJson.Text(value, "userName");
                    _state = _state with { Email = _userName };
                    break;
                case "title" when sub is null:
                    _state = _state with { Title = ScimJson.Text(value, "title") ?? "" };
                    break;
                case "active" when sub is null:
                    _state = _state with { Active = Boolean(value) };
                    break;
                case "name" when sub is null:
                    if (value is not JsonObject name)
                    {
                        throw ScimException.InvalidValue("name must be an object (givenName, familyName).");
                    }
                    foreach (var (part, partValue) in name)
                    {
                        SetName(part, partValue);
                    }
                    break;
                case "name":
                    SetName(sub!, value);
                    break;
                case "emails" when sub is null:
                    SetEmails(value);
                    break;
                case "emails" when sub.Equals("value", StringComparison.OrdinalIgnoreCase):
                    SetEmail(ScimJson.Text(value, "emails.value"));
                    break;
                default:
                    throw Unknown(path);
            }
        }

        public void Remove(string path)
        {
            var attribute = Attribute(path, out var enterprise);
            if (enterprise)
            {
                if (attribute.Equals("employeeNumber", StringComparison.OrdinalIgnoreCase))
                {
                    throw ScimException.Mutability("employeeNumber is the roster's key: it can be replaced, not removed.");
                }
                if (!s_enterpriseNotKept.Contains(attribute) && !s_enterpriseNotKept.Contains(attribute.Split('.')[0]))
                {
                    throw Unknown(path);
                }
                return;
            }
            if (attribute.Equals("title", StringComparison.OrdinalIgnoreCase))
            {
                _state = _state with { Title = "" };
                return;
            }
            if (s_notKept.Contains(BaseName(attribute)) || (attribute.StartsWith("name.", StringComparison.OrdinalIgnoreCase) && s_nameNotKept.Contains(attribute[5..])))
            {
                return;
            }
            if (EmailPath().Match(attribute) is { Success: true } email && email.Groups["type"].Success && !email.Groups["type"].Value.Equals("work", StringComparison.OrdinalIgnoreCase))
            {
                return; // an e-mail that is not kept
            }
            var known = attribute.ToLowerInvariant() is "externalid" or "username" or "active" or "name" or "name.givenname" or "name.familyname" or "emails"
                || attribute.StartsWith("emails", StringComparison.OrdinalIgnoreCase);
            throw known
                ? ScimException.Mutability($"{path} is required on the roster: it can be replaced, not removed.")
                : Unknown(path);
        }

        private void SetName(string part, JsonNode? value)
        {
            if (part.Equals("givenName", StringComparison.OrdinalIgnoreCase))
            {
                _state = _state with { GivenName = ScimJson.Text(value, "name.givenName") };
            }
            else if (part.Equals("familyName", StringComparison.OrdinalIgnoreCase))
            {
                _state = _state with { FamilyName = ScimJson.Text(value, "name.familyName") };
            }
            else if (!s_nameNotKept.Contains(part))
            {
                throw Unknown("name." + part);
            }
        }

        private void SetEnterprise(string attribute, JsonNode? value)
        {
            if (attribute.Length == 0)
            {
                // The extension as one object: {"employeeNumber": ..., "department": ...}.
                if (value is not JsonObject extension)
                {
                    throw ScimException.InvalidValue($"{EnterpriseSchema} must be an object.");
                }
                foreach (var (name, inner) in extension)
                {
                    SetEnterprise(name, inner);
                }
                return;
            }
            if (attribute.Equals("employeeNumber", StringComparison.OrdinalIgnoreCase))
            {
                _employeeNumber = ScimJson.Text(value, "employeeNumber");
                _state = _state with { EmployeeNumber = _employeeNumber };
            }
            else if (!s_enterpriseNotKept.Contains(attribute) && !s_enterpriseNotKept.Contains(attribute.Split('.')[0]))
            {
                throw Unknown($"{EnterpriseSchema}:{attribute}");
            }
        }

        private void SetEmails(JsonNode? value)
        {
            if (value is not JsonArray emails)
            {
                throw ScimException.InvalidValue("emails must be an array of {value, type, primary}.");
            }
            var items = emails.Select(e => e as JsonObject ?? throw ScimException.InvalidValue("each of emails must be an object with a value.")).ToList();
            var chosen = items.FirstOrDefault(e => e["primary"] is JsonValue p && p.TryGetValue<bool>(out var primary) && primary)
                ?? items.FirstOrDefault(e => string.Equals(ScimJson.Text(e["type"], "emails.type"), "work", StringComparison.OrdinalIgnoreCase))
                ?? items.FirstOrDefault();
            if (chosen is not null)
            {
                SetEmail(ScimJson.Text(chosen["value"], "emails.value"));
            }
        }

        private void SetEmail(string? address)
        {
            if (address is null)
            {
                throw ScimException.InvalidValue("the e-mail must have a value.");
            }
            _primaryEmail = address;
            _state = _state with { Email = address };
        }

        /// <summary>The attribute a path starts with: <c>phoneNumbers</c> of <c>phoneNumbers[type eq "work"].value</c>.</summary>
        private static string BaseName(string attribute)
        {
            var end = attribute.IndexOfAny(['.', '[']);
            return end < 0 ? attribute : attribute[..end];
        }

        /// <summary>The attribute path without the core schema's prefix; the enterprise extension's attribute and a flag.</summary>
        private static string Attribute(string path, out bool enterprise)
        {
            var trimmed = path.Trim();
            enterprise = trimmed.StartsWith(EnterpriseSchema, StringComparison.OrdinalIgnoreCase);
            if (enterprise)
            {
                return trimmed[EnterpriseSchema.Length..].TrimStart(':');
            }
            return trimmed.StartsWith(UserSchema + ":", StringComparison.OrdinalIgnoreCase) ? trimmed[(UserSchema.Length + 1)..] : trimmed;
        }

        /// <summary>A name no User schema defines: in a PATCH path it is invalidPath (RFC 7644 section 3.12), in a resource invalidValue.</summary>
        private ScimException Unknown(string path)
        {
            var detail = $"'{path}' is not an attribute of the SCIM User schemas ({UserSchema}, {EnterpriseSchema}); nothing was saved.";
            return patching ? ScimException.InvalidPath(detail) : ScimException.InvalidValue(detail);
        }

        /// <summary>
        /// A boolean; also "True"/"False" as strings, which Entra ID sends for <c>active</c> unless the application opts
        /// into its RFC-compliant behaviour (its SCIM guide, "known issues").
        /// </summary>
        private static bool Boolean(JsonNode? value) => value switch
        {
            JsonValue v when v.TryGetValue<bool>(out var flag) => flag,
            JsonValue v when v.TryGetValue<string>(out var text) && bool.TryParse(text.Trim(), out var parsed) => parsed,
            _ => throw ScimException.InvalidValue("active must be true or false."),
        };
    }
}
