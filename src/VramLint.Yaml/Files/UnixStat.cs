using System.Runtime.InteropServices;

namespace VramLint.Yaml.Files;

/// <summary>
/// stat(2), realpath(3), open(2), read(2) and close(2) from libc, stat read from the raw struct of each supported ABI:
/// Linux x64 and arm64 (glibc, musl) and macOS x64 and arm64. Anything else returns false and the callers use the
/// portable view.
/// </summary>
internal static class UnixStat
{
    internal readonly record struct Stat(ulong Device, ulong Inode, int Mode, long LinkCount, long Size);

    private enum Abi
    {
        None,
        LinuxX64,
        LinuxArm64,
        MacOs,
    }

    /// <summary>EINTR: the call was interrupted by a signal (the same number on Linux and macOS).</summary>
    private const int Eintr = 4;

    private static readonly Abi Current = Detect();

    /// <summary>libc's O_CLOEXEC: the descriptor is not inherited by processes the CLI starts (none, while it reads).</summary>
    private static int CloseOnExec => Current == Abi.MacOs ? 0x1000000 : 0x80000;

    private static bool useXstat;

    /// <summary>ELOOP: too many levels of symbolic links.</summary>
    internal static int Eloop => Current == Abi.MacOs ? 62 : 40;

    /// <summary>The facts of the file <paramref name="path"/> names (links followed); errno when stat fails; false with no errno when unavailable.</summary>
    internal static bool TryStat(string path, out Stat stat, out int? errno)
    {
        stat = default;
        errno = null;
        if (Current == Abi.None)
        {
            return false;
        }

        var buffer = new byte[256];
        int rc;
        try
        {
            rc = Call(path, buffer);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }

        if (rc != 0)
        {
            errno = Marshal.GetLastWin32Error();
            return false;
        }

        stat = Current switch
        {
            // struct stat (x86_64): st_dev, st_ino, st_nlink (8 bytes each), st_mode; st_size at 48.
            Abi.LinuxX64 => new Stat(BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8), BitConverter.ToInt32(buffer, 24), (long)BitConverter.ToUInt64(buffer, 16), BitConverter.ToInt64(buffer, 48)),

            // asm-generic struct stat (aarch64): st_dev, st_ino (8), st_mode, st_nlink (4); st_size at 48.
            Abi.LinuxArm64 => new Stat(BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8), BitConverter.ToInt32(buffer, 16), BitConverter.ToUInt32(buffer, 20), BitConverter.ToInt64(buffer, 48)),

            // struct stat with 64-bit inodes (macOS): st_dev (4), st_mode, st_nlink (2), st_ino (8); st_size at 96.
            _ => new Stat(BitConverter.ToUInt32(buffer, 0), BitConverter.ToUInt64(buffer, 8), BitConverter.ToUInt16(buffer, 4), BitConverter.ToUInt16(buffer, 6), BitConverter.ToInt64(buffer, 96)),
        };
        return true;
    }

    /// <summary>
    /// open(2) for reading: a descriptor, or -1 when libc is not a supported one or the call fails (the caller then opens
    /// a FileStream, whose exception says what went wrong). A FileStream costs three system calls more a file (an fstat,
    /// and an advisory lock taken and released that only emulates FileShare between .NET processes); a check's read needs
    /// neither, since a fix replaces a file by renaming a complete copy over it.
    /// </summary>
    internal static int OpenForReading(string path)
    {
        if (Current == Abi.None)
        {
            return -1;
        }

        try
        {
            return open(path, CloseOnExec);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return -1;
        }
    }

    internal static void Close(int descriptor) => close(descriptor);

    /// <summary>read(2) into <paramref name="buffer"/> at <paramref name="offset"/> (count above 0), retried when interrupted; -1 on an error.</summary>
    internal static int Read(int descriptor, byte[] buffer, int offset, int count)
    {
        while (true)
        {
            var got = read(descriptor, ref buffer[offset], (IntPtr)count).ToInt64();
            if (got >= 0 || Marshal.GetLastWin32Error() != Eintr)
            {
                return (int)got;
            }
        }
    }

    internal static string? RealPath(string path)
    {
        if (Current == Abi.None)
        {
            return null;
        }

        try
        {
            var resolved = realpath(path, IntPtr.Zero);
            if (resolved == IntPtr.Zero)
            {
                return null;
            }

            try
            {
                return Marshal.PtrToStringAnsi(resolved);
            }
            finally
            {
                free(resolved);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static int Call(string path, byte[] buffer)
    {
        switch (Current)
        {
            case Abi.MacOs:
                return RuntimeInformation.ProcessArchitecture == Architecture.X64 ? stat_inode64(path, buffer) : stat(path, buffer);
            default:
                if (!useXstat)
                {
                    try
                    {
                        return stat(path, buffer);
                    }
                    catch (EntryPointNotFoundException)
                    {
                        // glibc before 2.33 exports stat only as __xstat.
                        useXstat = true;
                    }
                }

                return __xstat(Current == Abi.LinuxX64 ? 1 : 0, path, buffer);
        }
    }

    private static Abi Detect()
    {
        var arch = RuntimeInformation.ProcessArchitecture;
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return arch == Architecture.X64 ? Abi.LinuxX64 : arch == Architecture.Arm64 ? Abi.LinuxArm64 : Abi.None;
        }

        return RuntimeInformation.IsOSPlatform(OSPlatform.OSX) && (arch == Architecture.X64 || arch == Architecture.Arm64) ? Abi.MacOs : Abi.None;
    }

#pragma warning disable SA1300, IDE1006 // libc names
    [DllImport("libc", SetLastError = true)]
    private static extern int stat([MarshalAs(UnmanagedType.LPStr)] string path, byte[] buffer);

    [DllImport("libc", EntryPoint = "stat$INODE64", SetLastError = true)]
    private static extern int stat_inode64([MarshalAs(UnmanagedType.LPStr)] string path, byte[] buffer);

    [DllImport("libc", SetLastError = true)]
    private static extern int __xstat(int version, [MarshalAs(UnmanagedType.LPStr)] string path, byte[] buffer);

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr realpath([MarshalAs(UnmanagedType.LPStr)] string path, IntPtr resolved);

    [DllImport("libc")]
    private static extern void free(IntPtr pointer);

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr read(int descriptor, ref byte buffer, IntPtr count);

    [DllImport("libc")]
    private static extern int close(int descriptor);
#pragma warning restore SA1300, IDE1006
}
