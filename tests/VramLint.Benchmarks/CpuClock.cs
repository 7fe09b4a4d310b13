using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace VramLint.Benchmarks;

/// <summary>
/// The CPU time of this process (every thread: Roslyn analyzes concurrently), for the short runs. On a shared machine a
/// run's wall time grows with the other processes while its CPU time stays close: this is the figure --check compares.
/// Linux and macOS (clock_gettime); elsewhere not available, and the short run falls back to the wall clock.
/// </summary>
internal sealed class CpuClock : IClock
{
    public static readonly CpuClock Instance = new();

    private const int ClockProcessCpuTimeId = 2;

    public string Title => "process CPU time";

    public bool IsAvailable
    {
        get
        {
            try
            {
                return !RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && clock_gettime(ClockProcessCpuTimeId, out _) == 0;
            }
            catch (DllNotFoundException)
            {
                return false;
            }
            catch (EntryPointNotFoundException)
            {
                return false;
            }
        }
    }

    public Frequency Frequency => Frequency.GHz;

    public long GetTimestamp()
    {
        clock_gettime(ClockProcessCpuTimeId, out var time);
        return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
