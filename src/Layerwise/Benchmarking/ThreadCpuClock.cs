using System.Runtime.InteropServices;

namespace Layerwise.Benchmarking;

/// <summary>
/// CPU seconds consumed by the calling thread (Linux CLOCK_THREAD_CPUTIME_ID). With one intra-op thread libtorch
/// runs every kernel on the caller, so this compares kernels fairly even on a busy machine, where wall time does not.
/// </summary>
public static partial class ThreadCpuClock
{
    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    const int ThreadCpuTimeId = 3;

    public static bool IsAvailable => OperatingSystem.IsLinux();

    public static double Now()
    {
        if (ClockGetTime(ThreadCpuTimeId, out var t) != 0)
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        return t.Seconds + t.Nanoseconds * 1e-9;
    }
}
