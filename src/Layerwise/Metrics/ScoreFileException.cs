namespace Layerwise.Metrics;

/// <summary>A score, protocol or ASV score file that is malformed or does not match its partner file.
/// The message starts with "path:line:" (line 0 when the problem is not on one line).</summary>
public sealed class ScoreFileException : LayerwiseInputException
{
    public string Path { get; }
    public int Line { get; }

    public ScoreFileException(string path, int line, string what)
        : base(line > 0 ? $"{path}:{line}: {what}" : $"{path}: {what}")
    {
        Path = path;
        Line = line;
    }
}
