using Xunit.Abstractions;
using Xunit.Sdk;

namespace CertDesk.Tests.Infrastructure;

/// <summary>Marks a test class that runs against PostgreSQL: its provider tests are skipped (visibly) without a server.</summary>
public interface IPostgresTests;

/// <summary>A fact that is reported as skipped in a PostgreSQL test class when CERTDESK_TEST_POSTGRES is not set.</summary>
[XunitTestCaseDiscoverer("CertDesk.Tests.Infrastructure.ProviderFactDiscoverer", "CertDesk.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProviderFactAttribute : FactAttribute;

/// <summary>A theory that is reported as skipped in a PostgreSQL test class when CERTDESK_TEST_POSTGRES is not set.</summary>
[XunitTestCaseDiscoverer("CertDesk.Tests.Infrastructure.ProviderTheoryDiscoverer", "CertDesk.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProviderTheoryAttribute : TheoryAttribute;

internal static class ProviderSkip
{
    public static string? Reason(ITestMethod method) =>
        TestDatabase.PostgresServer is null && method.TestClass.Class.Interfaces.Any(i => i.Name == typeof(IPostgresTests).FullName)
            ? $"PostgreSQL: {TestDatabase.PostgresVariable} is not set (run scripts/test-postgres.sh start, or ./test.sh)"
            : null;
}

public sealed class ProviderFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    private readonly IMessageSink _sink = diagnosticMessageSink;

    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        if (ProviderSkip.Reason(testMethod) is { } reason)
        {
            return [new XunitSkippedDataRowTestCase(_sink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
        }
        return base.Discover(discoveryOptions, testMethod, factAttribute);
    }
}

public sealed class ProviderTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    private readonly IMessageSink _sink = diagnosticMessageSink;

    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute)
    {
        if (ProviderSkip.Reason(testMethod) is { } reason)
        {
            return [new XunitSkippedDataRowTestCase(_sink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
        }
        return base.Discover(discoveryOptions, testMethod, theoryAttribute);
    }
}
