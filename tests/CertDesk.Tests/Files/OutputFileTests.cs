using CertDesk.Files;

namespace CertDesk.Tests.Files;

/// <summary>A derived output replaces the old one whole, leaves no temporary file behind, and never lands on a directory.</summary>
public sealed class OutputFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("certdesk-output-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Replace_ExistingTarget_TargetHasTheNewBytesAndOnlyItIsLeft()
    {
        var target = Path.Combine(_dir, "staffed.csv");
        File.WriteAllText(target, "old output, longer than the new one\n");
        var temporary = OutputFile.TemporaryFor(target);
        File.WriteAllText(temporary, "new\n");

        OutputFile.Replace(temporary, target);

        Assert.Equal("new\n", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void Replace_NoTargetYet_TemporaryBecomesTheTarget()
    {
        var target = Path.Combine(_dir, "facts.csv");
        var temporary = OutputFile.TemporaryFor(target);
        File.WriteAllText(temporary, "facts\n");

        OutputFile.Replace(temporary, target);

        Assert.Equal("facts\n", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void Replace_TargetIsADirectory_FailsAndTheDirectoryStays()
    {
        var target = Path.Combine(_dir, "out");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "inside.txt"), "kept");
        var temporary = OutputFile.TemporaryFor(target);
        File.WriteAllText(temporary, "new\n");

        Assert.ThrowsAny<IOException>(() => OutputFile.Replace(temporary, target));

        Assert.Equal("kept", File.ReadAllText(Path.Combine(target, "inside.txt")));
        Assert.Equal("new\n", File.ReadAllText(temporary));
    }

    /// <summary>Two commands writing the same output at once: it ends whole, one of theirs, with nothing left beside it.</summary>
    [Fact]
    public async Task Replace_TwoWritersAtOnce_TargetIsOneWholeOutputAndNoTemporaryIsLeft()
    {
        var target = Path.Combine(_dir, "staffed.csv");
        var contents = new[] { new string('a', 200_000), new string('b', 300_000) };

        await Task.WhenAll(contents.Select(text => Task.Run(() =>
        {
            for (var i = 0; i < 40; i++)
            {
                var temporary = OutputFile.TemporaryFor(target);
                File.WriteAllText(temporary, text);
                OutputFile.Replace(temporary, target);
            }
        })));

        Assert.Contains(File.ReadAllText(target), contents);
        Assert.Equal([target], Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void TryExchange_OnLinux_SwapsTheTwoFilesInOneStep()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // elsewhere Replace renames (the other tests)
        }
        var first = Path.Combine(_dir, "first");
        var second = Path.Combine(_dir, "second");
        File.WriteAllText(first, "one");
        File.WriteAllText(second, "two");

        Assert.True(OutputFile.TryExchange(first, second)); // the swap itself, not the rename it falls back to

        Assert.Equal("two", File.ReadAllText(first));
        Assert.Equal("one", File.ReadAllText(second));
    }

    [Fact]
    public void TemporaryFor_IsHiddenBesideTheTargetAndNewEachTime()
    {
        var target = Path.Combine(_dir, "staffed.csv");

        var first = OutputFile.TemporaryFor(target);
        var second = OutputFile.TemporaryFor(target);

        Assert.Equal(_dir, Path.GetDirectoryName(first));
        Assert.StartsWith(".staffed.csv.", Path.GetFileName(first), StringComparison.Ordinal);
        Assert.NotEqual(first, second);
    }
}
