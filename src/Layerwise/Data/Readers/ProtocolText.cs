namespace Layerwise.Data.Readers;

/// <summary>Whitespace-separated protocol lines with their 1-based line numbers. Blank lines are skipped
/// (trailing newlines are common); everything else is handed to the reader, which decides what is malformed.</summary>
internal static class ProtocolText
{
    public static IEnumerable<(int Line, string[] Fields)> Read(string path)
    {
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0)
                yield return (number, fields);
        }
    }

    /// <summary>Quotes a field for an error message so that odd whitespace or empty values are visible.</summary>
    public static string Show(string[] fields) => string.Join(' ', fields);
}
