namespace Layerwise.Training;

/// <summary>A results or layer-weight file cannot be read: the message names the file, the line (when there is
/// one; 0 = the whole file) and what is wrong.</summary>
public sealed class ResultsFormatException(string filePath, int lineNumber, string message)
    : LayerwiseInputException(lineNumber > 0 ? $"{filePath}:{lineNumber}: {message}" : $"{filePath}: {message}")
{
    public string FilePath { get; } = filePath;
    public int LineNumber { get; } = lineNumber;
}
