using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CertDesk.Features.Scim;

/// <summary>
/// A change of a group's members, as the operations of a request (in their order) on the set of current members, and
/// every person the request names (checked before anything is written).
/// </summary>
public sealed class ScimGroupChange
{
    private readonly List<Action<HashSet<Guid>>> _operations = [];
    private readonly HashSet<Guid> _referenced = [];

    public IReadOnlyCollection<Guid> Referenced => _referenced;

    public HashSet<Guid> Apply(IReadOnlySet<Guid> current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var members = current.ToHashSet();
        foreach (var operation in _operations)
        {
            operation(members);
        }
        return members;
    }

    public void Add(IReadOnlyList<Guid> ids)
    {
        _referenced.UnionWith(ids);
        _operations.Add(members => members.UnionWith(ids));
    }

    public void Replace(IReadOnlyList<Guid> ids)
    {
        _referenced.UnionWith(ids);
        _operations.Add(members =>
        {
            members.Clear();
            members.UnionWith(ids);
        });
    }

    public void Remove(IReadOnlyList<Guid> ids)
    {
        _referenced.UnionWith(ids);
        _operations.Add(members => members.ExceptWith(ids));
    }

    public void RemoveAll() => _operations.Add(members => members.Clear());
}

/// <summary>
/// Reads a Group resource (POST, PUT) or a PatchOp (PATCH) onto a <see cref="ScimGroupChange"/>, and writes the group.
/// The dialects of both providers are read: Entra ID removes with <c>{"op":"Remove","path":"members","value":[...]}</c>
/// and Okta with <c>{"op":"remove","path":"members[value eq \"ID\"]"}</c>; both add with <c>path: members</c>, Okta also
/// replaces the members, or patches without a path (<c>{"op":"replace","value":{"id":...,"displayName":...}}</c>).
/// A group's name is its role and cannot change; <c>externalId</c> (Entra sends the directory group's object id) is
/// accepted and not kept. Any other attribute is refused, as on Users.
/// </summary>
public static partial class ScimGroupDocument
{
    private const string Members = "members";

    public static JsonObject Render(ScimGroup group, IReadOnlyList<ScimMember>? members, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(group);
        var resource = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimGroups.GroupSchema),
            ["id"] = group.Id,
            ["displayName"] = group.DisplayName,
        };
        if (members is not null)
        {
            resource["members"] = new JsonArray([.. members.Select(m => new JsonObject
            {
                ["value"] = m.Id.ToString(),
                ["display"] = m.Name,
                ["type"] = "User",
                ["$ref"] = $"{baseUrl}/Users/{m.Id}",
            })]);
        }
        resource["meta"] = new JsonObject { ["resourceType"] = "Group", ["location"] = $"{baseUrl}/Groups/{group.Id}" };
        return resource;
    }

    /// <summary>
    /// The <c>excludedAttributes</c> query parameter: Entra ID asks <c>members</c> left out when it only matches groups.
    /// True when the members are to be left out; another attribute of the group is accepted (and returned all the same,
    /// as RFC 7644 section 3.9 allows for attributes returned by default), a name the Group schema lacks is refused.
    /// </summary>
    public static bool ExcludesMembers(string? excludedAttributes)
    {
        var excluded = false;
        foreach (var name in (excludedAttributes ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var attribute = name.StartsWith(ScimGroups.GroupSchema + ":", StringComparison.OrdinalIgnoreCase) ? name[(ScimGroups.GroupSchema.Length + 1)..] : name;
            if (attribute.Equals(Members, StringComparison.OrdinalIgnoreCase) || attribute.StartsWith(Members + ".", StringComparison.OrdinalIgnoreCase))
            {
                excluded = true;
            }
            else if (!(attribute.Equals("displayName", StringComparison.OrdinalIgnoreCase) || attribute.Equals("externalId", StringComparison.OrdinalIgnoreCase)
                || attribute.Equals("meta", StringComparison.OrdinalIgnoreCase) || attribute.StartsWith("meta.", StringComparison.OrdinalIgnoreCase)))
            {
                throw ScimException.InvalidValue($"excludedAttributes: '{name}' is not an attribute of the SCIM Group schema ({ScimGroups.GroupSchema}).");
            }
        }
        return excluded;
    }

    /// <summary>
    /// A whole Group resource. POST (<paramref name="target"/> null) names the group by displayName and adds the members
    /// it lists (the group exists already: its other members stay). PUT replaces the members of <paramref name="target"/>
    /// with those listed (none listed: none left), its displayName naming the same group.
    /// </summary>
    public static (ScimGroup Group, ScimGroupChange Change) FromResource(JsonObject body, ScimGroup? target)
    {
        ArgumentNullException.ThrowIfNull(body);
        ScimJson.RequireSchema(body, ScimGroups.GroupSchema);
        string? displayName = null;
        List<Guid>? members = null;
        foreach (var (name, value) in body)
        {
            switch (name.ToLowerInvariant())
            {
                case "schemas" or "id" or "meta" or "externalid":
                    break; // id and meta are the server's (ignored on input, RFC 7643 section 3.1); externalId is not kept
                case "displayname":
                    displayName = ScimJson.Text(value, "displayName");
                    break;
                case Members:
                    members = MemberIds(value);
                    break;
                default:
                    throw ScimException.InvalidValue($"'{name}' is not an attribute of the SCIM Group schema ({ScimGroups.GroupSchema}); nothing was saved.");
            }
        }
        var change = new ScimGroupChange();
        if (target is null)
        {
            var group = ScimGroups.Require(displayName);
            change.Add(members ?? []);
            return (group, change);
        }
        SameGroup(target, displayName ?? throw ScimException.InvalidValue("displayName is required: the CertDesk role the group grants."));
        change.Replace(members ?? []);
        return (target, change);
    }

    [GeneratedRegex("""^members\[\s*value\s+eq\s+"(?<value>[^"]*)"\s*\]$""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MemberPath();

    /// <summary>A PatchOp on <paramref name="group"/>: add, remove and replace of members, in order; the name only unchanged.</summary>
    public static ScimGroupChange Patch(JsonObject body, ScimGroup group)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(group);
        ScimJson.RequireSchema(body, ScimUserDocument.PatchSchema);
        if (body["Operations"] is not JsonArray operations || operations.Count == 0)
        {
            throw ScimException.InvalidValue("Operations must be a non-empty array.");
        }
        var change = new ScimGroupChange();
        foreach (var node in operations)
        {
            if (node is not JsonObject operation)
            {
                throw ScimException.InvalidSyntax("Each of Operations must be an object with op, path and value.");
            }
            var op = ScimJson.Text(operation["op"], "op")?.ToLowerInvariant();
            var path = ScimJson.Text(operation["path"], "path");
            var value = operation["value"];
            if (op is not ("add" or "replace" or "remove"))
            {
                throw ScimException.InvalidSyntax($"op '{ScimJson.Text(operation["op"], "op")}' is not add, replace or remove.");
            }
            if (path is null)
            {
                if (op == "remove")
                {
                    throw ScimException.Mutability("A 'remove' needs a path (RFC 7644 section 3.5.2.2).");
                }
                // Without a path the value is an object of attributes (Okta renames with {"id": ..., "displayName": ...}).
                if (value is not JsonObject attributes)
                {
                    throw ScimException.InvalidValue($"A '{op}' without a path needs an object of attributes as its value.");
                }
                foreach (var (name, attribute) in attributes)
                {
                    if (!name.Equals("schemas", StringComparison.OrdinalIgnoreCase) && !name.Equals("meta", StringComparison.OrdinalIgnoreCase))
                    {
                        Set(change, group, op, name, attribute);
                    }
                }
                continue;
            }
            var attributePath = path.StartsWith(ScimGroups.GroupSchema + ":", StringComparison.OrdinalIgnoreCase) ? path[(ScimGroups.GroupSchema.Length + 1)..] : path;
            if (op == "remove")
            {
                Remove(change, attributePath, value);
            }
            else
            {
                Set(change, group, op, attributePath, value);
            }
        }
        return change;
    }

    private static void Set(ScimGroupChange change, ScimGroup group, string op, string attribute, JsonNode? value)
    {
        switch (attribute.ToLowerInvariant())
        {
            case Members when op == "add":
                change.Add(MemberIds(value));
                break;
            case Members:
                change.Replace(MemberIds(value));
                break;
            case "displayname":
                SameGroup(group, ScimJson.Text(value, "displayName") ?? "");
                break;
            case "id":
                if (!string.Equals(ScimJson.Text(value, "id"), group.Id, StringComparison.OrdinalIgnoreCase))
                {
                    throw ScimException.Mutability($"id is the server's: this group's is '{group.Id}'.");
                }
                break;
            case "externalid":
                _ = ScimJson.Text(value, "externalId"); // accepted, not kept
                break;
            default:
                throw Unknown(attribute);
        }
    }

    private static void Remove(ScimGroupChange change, string path, JsonNode? value)
    {
        if (MemberPath().Match(path) is { Success: true } one)
        {
            change.Remove([MemberId(one.Groups["value"].Value)]);
            return;
        }
        switch (path.ToLowerInvariant())
        {
            case Members when value is null:
                change.RemoveAll();
                break;
            case Members:
                change.Remove(MemberIds(value)); // Entra ID: the members to remove as the value
                break;
            case "externalid":
                break;
            case "displayname":
                throw ScimException.Mutability("displayName is the group's CertDesk role: it cannot be removed.");
            default:
                throw Unknown(path);
        }
    }

    /// <summary>The members of a request: an array of <c>{"value": USER-ID}</c> (a single object is taken as one).</summary>
    private static List<Guid> MemberIds(JsonNode? value)
    {
        var items = value switch
        {
            JsonArray array => [.. array],
            JsonObject item => [item],
            null => new List<JsonNode?>(),
            _ => throw ScimException.InvalidValue("members must be an array of {\"value\": USER-ID}."),
        };
        var ids = new List<Guid>();
        foreach (var item in items)
        {
            if (item is not JsonObject member)
            {
                throw ScimException.InvalidValue("Each of members must be an object with a value (the SCIM User id).");
            }
            foreach (var (name, _) in member)
            {
                if (name.ToLowerInvariant() is not ("value" or "display" or "type" or "$ref"))
                {
                    throw ScimException.InvalidValue($"members.{name} is not an attribute of a group's member (value, display, type, $ref).");
                }
            }
            ids.Add(MemberId(ScimJson.Text(member["value"], "members.value") ?? throw ScimException.InvalidValue("Each of members must have a value (the SCIM User id).")));
        }
        return ids;
    }

    private static Guid MemberId(string text) =>
        Guid.TryParse(text, out var id)
            ? id
            : throw ScimException.InvalidValue($"'{text}' is not a SCIM User id of CertDesk (members are people: their User id). Nothing was saved.");

    private static void SameGroup(ScimGroup group, string displayName)
    {
        if (ScimGroups.Named(displayName, out var admin) != group)
        {
            throw admin
                ? new ScimException(StatusCodes.Status403Forbidden, null, "The Admin role is never granted over SCIM. Nothing was saved.")
                : ScimException.Mutability($"This group is the CertDesk role '{group.DisplayName}'; its name cannot become '{displayName}' (a group per role, named after it). Nothing was saved.");
        }
    }

    private static ScimException Unknown(string path) =>
        ScimException.InvalidPath($"'{path}' is not an attribute of the SCIM Group schema ({ScimGroups.GroupSchema}) that CertDesk keeps (displayName, members); nothing was saved.");
}
