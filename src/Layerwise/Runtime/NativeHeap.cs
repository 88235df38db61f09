using System.Runtime.InteropServices;

namespace Layerwise.Runtime;

/// <summary>
/// glibc malloc tuning for processes that run many forward passes. By default glibc serves blocks above a (dynamic)
/// threshold with fresh mmap'd pages and trims the heap top when freed, so every pass page-faults its activations
/// anew (about 10% of a base forward on 2 cores; base's first conv layer, 26 MB of output: 47 ms, tuned 16 ms).
/// Keeping freed memory in the heap reuses it instead; the peak RSS hardly changes because the same sizes come back
/// each pass. Process-wide: the `layerwise` executable calls it at start (set
/// <see cref="EnvironmentVariable"/>=0 to keep glibc's defaults); in-process hosts (the notebook kernel, tests) are
/// left alone unless they call it.
/// </summary>
public static partial class NativeHeap
{
    /// <summary>"0" keeps glibc's defaults in the `layerwise` executable (and in `bench`'s child processes).</summary>
    public const string EnvironmentVariable = "LAYERWISE_KEEP_FREED_MEMORY";

    const int TrimThreshold = -1, TopPad = -2, MmapThreshold = -3;
    static int tuned; // 1 once KeepFreedMemory succeeded in this process

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    /// <summary>Whether this process's heap has been tuned (glibc keeps freed memory).</summary>
    public static bool IsTuned => Volatile.Read(ref tuned) == 1;

    /// <summary>Whether <see cref="EnvironmentVariable"/> asks for glibc's defaults ("0" or "false").</summary>
    public static bool DisabledByEnvironment()
    {
        string? value = Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim();
        return value is "0" || string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Blocks up to 32 MiB from the heap, no trimming below 1 GiB, 64 MiB top pad. False when not glibc/Linux.</summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux())
            return false;
        try
        {
            bool ok = MallOpt(MmapThreshold, 32 << 20) == 1
                & MallOpt(TrimThreshold, 1 << 30) == 1
                & MallOpt(TopPad, 64 << 20) == 1;
            if (ok)
                Volatile.Write(ref tuned, 1);
            return ok;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // e.g. musl
        }
    }
}
