using System.Text;

namespace Layerwise.IO;

/// <summary>Whole-file writes that never leave a half-written file: write a temporary sibling, then rename over.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text) =>
        Write(path, temp => File.WriteAllText(temp, text, new UTF8Encoding(false)));

    /// <summary><paramref name="writeTemp"/> writes the whole file to the temporary path it is given (which ends in
    /// the target's extension, for writers that choose the format by it); then it is renamed over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> writeTemp)
    {
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
            Directory.CreateDirectory(dir);
        string temp = full + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp" + Path.GetExtension(full);
        try
        {
            writeTemp(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }
}
