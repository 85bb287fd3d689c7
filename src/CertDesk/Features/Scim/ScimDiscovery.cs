using System.Text.Json.Nodes;

namespace CertDesk.Features.Scim;

/// <summary>
/// The discovery endpoints (RFC 7644 section 4): what this provider supports, so that a client does not try the rest.
/// PATCH and filtering yes; bulk, sort, password change and ETags no; one authentication scheme, a bearer token.
/// </summary>
public static class ScimDiscovery
{
    private const string ConfigSchema = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    private const string ResourceTypeSchema = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    private const string SchemaSchema = "urn:ietf:params:scim:schemas:core:2.0:Schema";
    private const string ListSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    public static JsonObject ServiceProviderConfig(string baseUrl) => new()
    {
        ["schemas"] = new JsonArray(ConfigSchema),
        ["patch"] = new JsonObject { ["supported"] = true },
        ["bulk"] = new JsonObject { ["supported"] = false, ["maxOperations"] = 0, ["maxPayloadSize"] = 0 },
        ["filter"] = new JsonObject { ["supported"] = true, ["maxResults"] = ScimUsers.MaxPage },
        ["changePassword"] = new JsonObject { ["supported"] = false },
        ["sort"] = new JsonObject { ["supported"] = false },
        ["etag"] = new JsonObject { ["supported"] = false },
        ["authenticationSchemes"] = new JsonArray(new JsonObject
        {
            ["type"] = "oauthbearertoken",
            ["name"] = "Directory bearer token",
            ["description"] = "A token made with 'certdesk directories add --name NAME', sent as Authorization: Bearer TOKEN.",
            ["primary"] = true,
        }),
        ["meta"] = new JsonObject { ["resourceType"] = "ServiceProviderConfig", ["location"] = baseUrl + "/ServiceProviderConfig" },
    };

    public static JsonObject ResourceTypes(string baseUrl) => List(new JsonObject
    {
        ["schemas"] = new JsonArray(ResourceTypeSchema),
        ["id"] = "User",
        ["name"] = "User",
        ["endpoint"] = "/Users",
        ["description"] = "A person of the roster, keyed by employee number (externalId)",
        ["schema"] = ScimUserDocument.UserSchema,
        ["schemaExtensions"] = new JsonArray(new JsonObject { ["schema"] = ScimUserDocument.EnterpriseSchema, ["required"] = false }),
        ["meta"] = new JsonObject { ["resourceType"] = "ResourceType", ["location"] = baseUrl + "/ResourceTypes/User" },
    }, new JsonObject
    {
        ["schemas"] = new JsonArray(ResourceTypeSchema),
        ["id"] = "Group",
        ["name"] = "Group",
        ["endpoint"] = "/Groups",
        ["description"] = "A CertDesk role a directory may grant (Employee, Manager, Approver, Program manager; never Admin)",
        ["schema"] = ScimGroups.GroupSchema,
        ["meta"] = new JsonObject { ["resourceType"] = "ResourceType", ["location"] = baseUrl + "/ResourceTypes/Group" },
    });

    /// <summary>The attributes the roster keeps; the others the schemas define are accepted and not stored (docs/scim.md).</summary>
    public static JsonObject Schemas(string baseUrl) => List(
        Schema(baseUrl, ScimUserDocument.UserSchema, "User", "A person of the roster",
            Attribute("userName", "string", required: true, uniqueness: "server", "The person's e-mail address (the same as the primary e-mail)"),
            Attribute("externalId", "string", required: true, uniqueness: "server", "The employee number, the roster's key", caseExact: true),
            Complex("name", "First and last name", Attribute("givenName", "string", required: true, uniqueness: "none", "First name"), Attribute("familyName", "string", required: true, uniqueness: "none", "Last name")),
            Attribute("title", "string", required: false, uniqueness: "none", "Job title"),
            Attribute("active", "boolean", required: false, uniqueness: "none", "false separates the person (without a reason, until HR gives one)"),
            Complex("emails", "The work e-mail (one is kept)", Attribute("value", "string", required: true, uniqueness: "none", "E-mail address"), Attribute("type", "string", required: false, uniqueness: "none", "work"), Attribute("primary", "boolean", required: false, uniqueness: "none", "true"))),
        Schema(baseUrl, ScimUserDocument.EnterpriseSchema, "EnterpriseUser", "The enterprise extension: the employee number",
            Attribute("employeeNumber", "string", required: false, uniqueness: "server", "The employee number; if sent, the same as externalId", caseExact: true)),
        Schema(baseUrl, ScimGroups.GroupSchema, "Group", "A CertDesk role; its members are the people whose account has it",
            Attribute("displayName", "string", required: true, uniqueness: "server", "The role: Employee, Manager, Approver or Program manager (fixed)"),
            Complex("members", "The people whose account has the role; adding a person grants it, removing one gives back Employee",
                Attribute("value", "string", required: true, uniqueness: "none", "The person's SCIM User id", mutability: "immutable"),
                Attribute("display", "string", required: false, uniqueness: "none", "The person's name", mutability: "readOnly"),
                Attribute("type", "string", required: false, uniqueness: "none", "User", mutability: "immutable"))));

    private static JsonObject List(params JsonObject[] resources) => new()
    {
        ["schemas"] = new JsonArray(ListSchema),
        ["totalResults"] = resources.Length,
        ["startIndex"] = 1,
        ["itemsPerPage"] = resources.Length,
        ["Resources"] = new JsonArray(resources),
    };

    private static JsonObject Schema(string baseUrl, string id, string name, string description, params JsonObject[] attributes) => new()
    {
        ["schemas"] = new JsonArray(SchemaSchema),
        ["id"] = id,
        ["name"] = name,
        ["description"] = description,
        ["attributes"] = new JsonArray(attributes),
        ["meta"] = new JsonObject { ["resourceType"] = "Schema", ["location"] = $"{baseUrl}/Schemas/{id}" },
    };

    private static JsonObject Attribute(string name, string type, bool required, string uniqueness, string description, bool caseExact = false, string mutability = "readWrite") => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["multiValued"] = false,
        ["description"] = description,
        ["required"] = required,
        ["caseExact"] = caseExact,
        ["mutability"] = mutability,
        ["returned"] = "default",
        ["uniqueness"] = uniqueness,
    };

    private static JsonObject Complex(string name, string description, params JsonObject[] subAttributes) => new()
    {
        ["name"] = name,
        ["type"] = "complex",
        ["multiValued"] = name is "emails" or "members",
        ["description"] = description,
        ["required"] = name == "name",
        ["mutability"] = "readWrite",
        ["returned"] = "default",
        ["subAttributes"] = new JsonArray(subAttributes),
    };
}
