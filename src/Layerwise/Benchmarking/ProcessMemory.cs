namespace Layerwise.Benchmarking;

/// <summary>Peak resident memory of the current process.</summary>
public static class ProcessMemory
{
    /// <summary>
    /// VmHWM from /proc/self/status in MiB (the kernel's high-water mark of the resident set, native
    /// allocations included); elsewhere the managed runtime's peak working set.
    /// </summary>
    public static double PeakRssMb() => Read("VmHWM:", p => p.PeakWorkingSet64);

    /// <summary>The current resident set (VmRSS) in MiB.</summary>
    public static double RssMb() => Read("VmRSS:", p => p.WorkingSet64);

    static double Read(string key, Func<System.Diagnostics.Process, long> fallback)
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
            foreach (var line in File.ReadLines(status))
                if (line.StartsWith(key, StringComparison.Ordinal))
                    return ParseKb(line) / 1024.0;
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return fallback(process) / (1024.0 * 1024.0);
    }

    /// <summary>"VmHWM:   123456 kB" → 123456.</summary>
    internal static long ParseKb(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3 || parts[^1] != "kB" || !long.TryParse(parts[1], out long kb))
            throw new FormatException($"/proc/self/status: unexpected line '{line}'");
        return kb;
    }
}
