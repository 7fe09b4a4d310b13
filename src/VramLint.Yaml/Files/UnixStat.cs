using System.Runtime.InteropServices;

namespace VramLint.Yaml.Files;

/// <summary>
/// stat(2) and realpath(3) from libc, read from the raw struct of each supported ABI: Linux x64 and arm64 (glibc, musl)
/// and macOS x64 and arm64. Anything else returns false and the callers use the portable view.
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

    private static readonly Abi Current = Detect();

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
#pragma warning restore SA1300, IDE1006
}
