using System.Runtime.InteropServices;

namespace CertDesk.Files;

/// <summary>
/// A derived output file (a staffed forecast, aggregated facts) written whole or not at all: it is written under a
/// temporary name beside the target, and put in the target's place only when complete.
/// </summary>
public static class OutputFile
{
    /// <summary>A new hidden name beside <paramref name="fullPath"/>, for writing it before it replaces the target.</summary>
    public static string TemporaryFor(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");

    /// <summary>
    /// Puts the finished <paramref name="temporary"/> in <paramref name="target"/>'s place in one step: a reader sees the old
    /// file or the new one, never a part of either.
    /// </summary>
    /// <remarks>
    /// On Linux an existing target is swapped with the new file (renameat2 with RENAME_EXCHANGE) and the old one deleted,
    /// rather than renamed over. A rename over an existing file makes ext4 start writing the new file's every page to disk
    /// inside the rename ("auto_da_alloc", its guard for programs that never call fsync): 37 ms for the 68 MB of a staffed
    /// year (strace), in the user's wait. After the swap the kernel writes the pages back in its own time, as it does for any
    /// new file. The price: after a power cut in the next half-minute the output may be empty, where it would have been
    /// the old or the new one. These files are made again from their input by one command; backups and evidence are not
    /// written this way. Anything else (another system, another file system, no target yet) is a plain rename.
    /// </remarks>
    public static void Replace(string temporary, string target)
    {
        if (OperatingSystem.IsLinux() && File.Exists(target) && TryExchange(temporary, target))
        {
            try
            {
                File.Delete(temporary); // now the old output
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The new output is in place, which is what was asked; a hidden old copy is left beside it.
            }
            return;
        }
        File.Move(temporary, target, overwrite: true);
    }

    internal static bool TryExchange(string first, string second)
    {
        try
        {
            return RenameAt2(AtCurrentDirectory, first, AtCurrentDirectory, second, RenameExchange) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false; // a C library without renameat2 (glibc before 2.28, some musl builds)
        }
    }

    private const int AtCurrentDirectory = -100; // AT_FDCWD
    private const uint RenameExchange = 2; // RENAME_EXCHANGE

    // A plain DllImport: LibraryImport's generated code needs unsafe blocks, which the project keeps off.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "renameat2")]
    private static extern int RenameAt2(int oldDirectory, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, int newDirectory,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath, uint flags);
#pragma warning restore SYSLIB1054
}
