using System.Globalization;
using System.Runtime.InteropServices;

namespace VramLint.Yaml.Files;

/// <summary>What a file is before VramLint opens it.</summary>
public enum FileKind
{
    Regular,
    Directory,

    /// <summary>A FIFO, socket or device: reading it could block or never end.</summary>
    Special,

    /// <summary>A symbolic link whose target does not exist.</summary>
    DanglingLink,

    /// <summary>Symbolic links that point back to each other.</summary>
    LinkLoop,
    Missing,
}

/// <summary>
/// The facts of one path, following symbolic links: its kind, size, identity (device and inode, so that a file reached
/// by two paths, through a folder link or a hard link, is one file) and how many names it has. Read with stat(2) on Linux
/// and macOS (netstandard2.0 has no API for these); elsewhere the identity is the full path and the link count unknown.
/// </summary>
public sealed record FileFacts(FileKind Kind, long Size, string Identity, long LinkCount)
{
    private const int S_IFMT = 0xF000;
    private const int S_IFREG = 0x8000;
    private const int S_IFDIR = 0x4000;
    private const int ENOENT = 2;

    public static FileFacts Of(string path)
    {
        var full = FullPath.Of(path);
        if (UnixStat.TryStat(full, out var stat, out var errno))
        {
            var kind = (stat.Mode & S_IFMT) switch
            {
                S_IFREG => FileKind.Regular,
                S_IFDIR => FileKind.Directory,
                _ => FileKind.Special,
            };
            return new FileFacts(kind, stat.Size, stat.Device.ToString(CultureInfo.InvariantCulture) + ":" + stat.Inode.ToString(CultureInfo.InvariantCulture), stat.LinkCount);
        }

        if (errno is { } error)
        {
            // stat failed: a link loop (ELOOP), a link to nothing, or no such path.
            if (error == UnixStat.Eloop)
            {
                return new FileFacts(FileKind.LinkLoop, 0, full, 0);
            }

            return new FileFacts(error == ENOENT && IsLink(full) ? FileKind.DanglingLink : FileKind.Missing, 0, full, 0);
        }

        // No stat(2): the portable view.
        if (Directory.Exists(full))
        {
            return new FileFacts(FileKind.Directory, 0, NormalizedIdentity(full), 0);
        }

        if (File.Exists(full))
        {
            var info = new FileInfo(full);
            return new FileFacts(info.Attributes.HasFlag(FileAttributes.Device) ? FileKind.Special : FileKind.Regular, info.Length, NormalizedIdentity(full), 0);
        }

        return new FileFacts(IsLink(full) ? FileKind.DanglingLink : FileKind.Missing, 0, full, 0);
    }

    /// <summary>The path with every symbolic link resolved (realpath(3)); the full path where that is not available.</summary>
    public static string RealPath(string path)
    {
        var full = FullPath.Of(path);
        return UnixStat.RealPath(full) ?? full;
    }

    private static bool IsLink(string full)
    {
        try
        {
            // A path that does not exist has the attributes -1: every flag set.
            var attributes = new FileInfo(full).Attributes;
            return (int)attributes != -1 && attributes.HasFlag(FileAttributes.ReparsePoint);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string NormalizedIdentity(string full) =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? full.ToUpperInvariant() : full;
}
