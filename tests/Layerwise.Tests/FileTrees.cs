namespace Layerwise.Tests;

/// <summary>Copies of committed fixture trees into a test's own folder (tests never write into the repository).</summary>
static class FileTrees
{
    public static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from))
            File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        foreach (var d in Directory.GetDirectories(from))
            Copy(d, Path.Combine(to, Path.GetFileName(d)));
    }
}
