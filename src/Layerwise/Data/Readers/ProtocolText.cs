namespace Layerwise.Data.Readers;

/// <summary>Whitespace-separated text files (dataset protocols, score and key files) as lines of fields with their
/// 1-based line numbers: the one line splitter of the readers and of <c>Metrics</c>. Fields are split as Python's
/// <c>str.split()</c> does (any whitespace), as the datasets' own tools read them. Blank lines are skipped (trailing
/// newlines are common); everything else is handed to the caller, which decides what is malformed.</summary>
internal static class ProtocolText
{
    public static IEnumerable<(int Line, string[] Fields)> Read(string path)
    {
        using var reader = File.OpenText(path);
        foreach (var line in Read(reader))
            yield return line;
    }

    /// <param name="skipComments">Also skip lines whose first non-blank character is '#' (score and key files as the
    /// ASVspoof tools write them; dataset protocols have no comments).</param>
    public static IEnumerable<(int Line, string[] Fields)> Read(TextReader reader, bool skipComments = false)
    {
        int number = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && !(skipComments && fields[0][0] == '#'))
                yield return (number, fields);
        }
    }

    /// <summary>Quotes a field for an error message so that odd whitespace or empty values are visible.</summary>
    public static string Show(string[] fields) => string.Join(' ', fields);
}
