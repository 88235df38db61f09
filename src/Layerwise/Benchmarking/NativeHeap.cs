using System.Runtime.InteropServices;

namespace Layerwise.Benchmarking;

/// <summary>
/// glibc malloc tuning for repeated forward passes. By default glibc serves blocks above a (dynamic) threshold
/// with fresh mmap'd pages and trims the heap top when freed, so every pass page-faults its activations anew
/// (about 10% of a base forward on 2 cores). Keeping freed memory in the heap reuses it instead; the peak RSS
/// hardly changes because the same sizes come back each pass. Process-wide: call it in processes that only infer.
/// </summary>
public static partial class NativeHeap
{
    const int TrimThreshold = -1, TopPad = -2, MmapThreshold = -3;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    /// <summary>Blocks up to 32 MiB from the heap, no trimming below 1 GiB, 64 MiB top pad. False when not glibc/Linux.</summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux())
            return false;
        try
        {
            return MallOpt(MmapThreshold, 32 << 20) == 1
                & MallOpt(TrimThreshold, 1 << 30) == 1
                & MallOpt(TopPad, 64 << 20) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // e.g. musl
        }
    }
}
