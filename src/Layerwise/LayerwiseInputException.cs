namespace Layerwise;

/// <summary>
/// Base of every error caused by the user's input (a malformed file, a missing key, a bad argument),
/// as opposed to an internal failure. The CLI prints its message on one line and exits with code 2.
/// Messages name the file (and line or offset when known) and what is wrong.
/// </summary>
public class LayerwiseInputException : Exception
{
    public LayerwiseInputException(string message) : base(message) { }
    public LayerwiseInputException(string message, Exception inner) : base(message, inner) { }
}
