namespace CertDesk.Tests.Infrastructure;

/// <summary>The repository's root, found above the test assembly: for tests that run its scripts and tools.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CertDesk.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (with CertDesk.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
