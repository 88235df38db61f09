namespace Layerwise.Data;

/// <summary>A protocol/label file has lines the reader cannot trust. <see cref="LineNumber"/> is the first bad line
/// (1-based); the message lists the first few problems and how many there were in total.</summary>
public sealed class ProtocolFormatException : LayerwiseInputException
{
    public ProtocolFormatException(string filePath, int lineNumber, string message)
        : this(filePath, [new ProtocolError(lineNumber, message)]) { }

    public ProtocolFormatException(string filePath, IReadOnlyList<ProtocolError> errors)
        : base(Describe(filePath, errors))
    {
        FilePath = filePath;
        Errors = errors;
        LineNumber = errors.Count > 0 ? errors[0].LineNumber : 0;
    }

    public string FilePath { get; }
    public int LineNumber { get; }
    public IReadOnlyList<ProtocolError> Errors { get; }

    static string Describe(string file, IReadOnlyList<ProtocolError> errors)
    {
        const int shown = 3;
        var parts = errors.Take(shown).Select(e => $"{file}:{e.LineNumber}: {e.Message}");
        string more = errors.Count > shown ? $" (and {errors.Count - shown} more malformed lines)" : "";
        return string.Join("; ", parts) + more;
    }
}

/// <summary>One malformed line of a protocol file.</summary>
public sealed record ProtocolError(int LineNumber, string Message);
