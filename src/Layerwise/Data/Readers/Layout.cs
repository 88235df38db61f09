namespace Layerwise.Data.Readers;

/// <summary>Looks for a dataset's files below the folder its archive(s) extract into. Candidate paths are relative
/// to the root and may contain '*' in a segment (e.g. the four DF eval parts); they are tried in order.</summary>
internal static class Layout
{
    public static IEnumerable<string> Expand(string root, string relative)
    {
        IEnumerable<string> current = [root];
        foreach (string segment in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
                continue;
            if (segment.Contains('*'))
                current = current.Where(Directory.Exists)
                    .SelectMany(d => Directory.EnumerateFileSystemEntries(d, segment).Order(StringComparer.Ordinal))
                    .ToList();
            else
                current = current.Select(d => Path.Combine(d, segment)).ToList();
        }
        return current;
    }

    public static string? FirstFile(string root, IEnumerable<string> candidates) =>
        candidates.SelectMany(c => Expand(root, c)).FirstOrDefault(File.Exists);

    public static string? FirstDir(string root, IEnumerable<string> candidates) =>
        candidates.SelectMany(c => Expand(root, c)).FirstOrDefault(Directory.Exists);

    /// <summary>Every candidate as a path (existing or not) for the audio index, in order, without duplicates.</summary>
    public static IEnumerable<string> Dirs(string root, IEnumerable<string> candidates) =>
        candidates.SelectMany(c => Expand(root, c)).Distinct(StringComparer.Ordinal);

    public static string RequireFile(string dataset, string root, string what, IReadOnlyList<string> candidates) =>
        FirstFile(root, candidates) ?? throw new DatasetLayoutException(
            $"{dataset}: {what} not found under '{root}'; looked for: {string.Join(", ", candidates)}");

    public static string RequireDir(string dataset, string root, string what, IReadOnlyList<string> candidates) =>
        FirstDir(root, candidates) ?? throw new DatasetLayoutException(
            $"{dataset}: {what} not found under '{root}'; looked for: {string.Join(", ", candidates)}");
}
