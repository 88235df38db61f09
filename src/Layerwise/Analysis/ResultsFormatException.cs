namespace Layerwise.Analysis;

/// <summary>A results or layer-weight file cannot be read: the message names the file, the line and what is wrong.</summary>
public sealed class ResultsFormatException(string filePath, int lineNumber, string message)
    : LayerwiseInputException($"{filePath}:{lineNumber}: {message}")
{
    public string FilePath { get; } = filePath;
    public int LineNumber { get; } = lineNumber;
}
