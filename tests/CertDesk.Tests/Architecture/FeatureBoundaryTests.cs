using Mono.Cecil;

namespace CertDesk.Tests.Architecture;

/// <summary>
/// Feature folders (namespaces CertDesk.Features.X) may use each other one way only: a two-way pair means neither can
/// be understood, changed or moved without the other. Read from the compiled app (base types, members, signatures and
/// every type, method and field a method body names), so a reference hidden in a method body counts too.
/// Shared is the common kit every feature may use; it is left out.
/// </summary>
public sealed class FeatureBoundaryTests
{
    private const string Prefix = "CertDesk.Features.";

    /// <summary>Two-way pairs still there: debts to pay, never to add to. Remove a line when its pair is gone.</summary>
    private static readonly string[] s_known =
    [
        "Accounts <-> Organization",     // creating a login for an employee; the demo organization creates logins
        "ActionPlans <-> Enrollments",   // a pass opens the action plan; the survey reads the enrollment
        "Agreements <-> Mail",           // issuing queues mail; the signing reminders read agreements
        "Agreements <-> TuitionPolicies", // an agreement is rendered from a policy version; the tax report reads agreements
        "Credentials <-> Enrollments",   // a pass issues the credential; CE evidence is an enrollment evidence file
        // Added the same day by work merged in parallel (payments under agreements, audit checkpoints, price quotes):
        "Agreements <-> Enrollments",    // agreement funding reads expenses; agreement completion rules read agreements
        "Audit <-> Mail",                // checkpoints are mailed; mail reminders are audited
        "Catalog <-> Enrollments",       // the price book attaches quotes to expenses; completion reads the catalog's attempt limit
        "Enrollments <-> TuitionPolicies", // completion rules read the policy; the tax report reads payments
        "Agreements <-> BusinessCases",  // issuing reads the approved case; HR's queue lists approved cases without an agreement
        "Audit <-> Catalog",             // the audit reader names certifications; the issuer list shows its history
        "Audit <-> Organization",        // the audit reader names people, teams and sites; a person's page shows their history
        "Audit <-> Competencies",        // the audit reader names competencies; the framework page shows their history
    ];

    [Fact]
    public void No_new_two_way_dependency_between_feature_folders()
    {
        var edges = FeatureEdges(typeof(CertDesk.Hosting.ApiResults).Assembly.Location);
        var twoWay = edges.Keys.Where(e => string.CompareOrdinal(e.From, e.To) < 0 && edges.ContainsKey((e.To, e.From)))
            .Select(e => $"{e.From} <-> {e.To}").Order(StringComparer.Ordinal).ToList();

        var added = twoWay.Except(s_known).ToList();
        Assert.True(added.Count == 0, "New two-way dependencies between feature folders (move the shared part to where it belongs, or to Shared): "
            + string.Join("; ", added.Select(pair => $"{pair} ({Why(edges, pair)})")));
        var paid = s_known.Except(twoWay).ToList();
        Assert.True(paid.Count == 0, "No longer two-way, remove from the known list: " + string.Join("; ", paid));
    }

    [Fact]
    public void The_reader_sees_references_in_method_bodies()
    {
        // A check that finds nothing proves nothing: the app's feature folders do use each other (one way).
        var edges = FeatureEdges(typeof(CertDesk.Hosting.ApiResults).Assembly.Location);
        Assert.Contains(("Enrollments", "Credentials"), edges.Keys);
        Assert.Contains(("Agreements", "TuitionPolicies"), edges.Keys);
    }

    private static string Why(Dictionary<(string From, string To), string> edges, string pair)
    {
        var parts = pair.Split(" <-> ");
        return $"{parts[0]} -> {parts[1]} in {edges[(parts[0], parts[1])]}, {parts[1]} -> {parts[0]} in {edges[(parts[1], parts[0])]}";
    }

    /// <summary>Each (from, to) feature pair with one place (a type) where from uses to.</summary>
    private static Dictionary<(string From, string To), string> FeatureEdges(string assemblyPath)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        var edges = new Dictionary<(string, string), string>();
        foreach (var type in assembly.MainModule.GetTypes())
        {
            if (FeatureOf(type) is not { } from)
            {
                continue;
            }
            foreach (var used in Referenced(type))
            {
                if (FeatureOf(used) is { } to && to != from)
                {
                    edges.TryAdd((from, to), type.FullName);
                }
            }
        }
        return edges;
    }

    private static string? FeatureOf(TypeReference type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }
        if (!type.Namespace.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var feature = type.Namespace[Prefix.Length..].Split('.')[0];
        return feature == "Shared" ? null : feature;
    }

    private static IEnumerable<TypeReference> Referenced(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? t)
        {
            switch (t)
            {
                case null:
                    return;
                case GenericInstanceType generic:
                    Add(generic.ElementType);
                    generic.GenericArguments.ToList().ForEach(Add);
                    return;
                case TypeSpecification spec:
                    Add(spec.ElementType);
                    return;
                default:
                    found.Add(t);
                    return;
            }
        }
        void AddMethod(MethodReference m)
        {
            Add(m.DeclaringType);
            Add(m.ReturnType);
            m.Parameters.ToList().ForEach(p => Add(p.ParameterType));
            if (m is GenericInstanceMethod generic)
            {
                generic.GenericArguments.ToList().ForEach(Add);
            }
        }
        Add(type.BaseType);
        type.Interfaces.ToList().ForEach(i => Add(i.InterfaceType));
        type.Fields.ToList().ForEach(f => Add(f.FieldType));
        type.Properties.ToList().ForEach(p => Add(p.PropertyType));
        foreach (var method in type.Methods)
        {
            AddMethod(method);
            if (!method.HasBody)
            {
                continue;
            }
            method.Body.Variables.ToList().ForEach(v => Add(v.VariableType));
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        Add(t);
                        break;
                    case MethodReference m:
                        AddMethod(m);
                        break;
                    case FieldReference f:
                        Add(f.DeclaringType);
                        Add(f.FieldType);
                        break;
                }
            }
        }
        return found;
    }
}
