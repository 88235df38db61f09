using System.Text;

namespace Layerwise.IO;

/// <summary>
/// Whole-file writes that never leave a half-written file: write a temporary sibling, then rename it over the target
/// (rename(2): readers see the old file or the new one, never a part). The one implementation for results, runs,
/// cache entries and manifests, hub refs, reports and images. No fsync: a killed process cannot lose what the kernel
/// already has, and an fsync per file is slow on cluster file systems; after a power loss the readers' size and
/// hash checks refuse a torn file. The one exception is the hub download, which keeps its partial
/// <c>.incomplete</c> file to resume it (see <c>Hub.HubSession</c>).
/// </summary>
public static class AtomicFile
{
    /// <summary>What every temporary name contains (<c>&lt;target&gt;.tmp-&lt;pid&gt;-&lt;random&gt;</c>), for cleaning up
    /// the leftovers of killed writers.</summary>
    public const string TempPattern = "*.tmp-*";

    public static void WriteAllText(string path, string text) =>
        Write(path, temp => File.WriteAllText(temp, text, new UTF8Encoding(false)));

    /// <summary><paramref name="writeTemp"/> writes the whole file to the temporary path it is given; then it is
    /// renamed over <paramref name="path"/>. The temporary name is unique per call (processes and threads never share
    /// one) and, with <paramref name="keepExtension"/>, ends in the target's extension, for writers that choose the
    /// format by it; without, it never matches a pattern like <c>*.ext</c> that lists finished files.
    /// With <paramref name="overwrite"/> false an existing target is kept (the first writer wins) and false returned.</summary>
    public static bool Write(string path, Action<string> writeTemp, bool keepExtension = true, bool overwrite = true)
    {
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
            Directory.CreateDirectory(dir);
        string temp = $"{full}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}" + (keepExtension ? Path.GetExtension(full) : "");
        try
        {
            writeTemp(temp);
            if (!overwrite && File.Exists(full))
                return false;
            try
            {
                File.Move(temp, full, overwrite);
            }
            catch (IOException) when (!overwrite && File.Exists(full))
            {
                return false; // another writer renamed its file first
            }
            return true;
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }
}
