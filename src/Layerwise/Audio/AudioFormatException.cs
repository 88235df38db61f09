namespace Layerwise.Audio;

/// <summary>A file that is not valid audio of a supported kind. The message names the file and what is wrong.</summary>
public sealed class AudioFormatException : LayerwiseInputException
{
    public string Path { get; }

    public AudioFormatException(string path, string what) : base($"{path}: {what}") => Path = path;

    public AudioFormatException(string path, string what, Exception inner) : base($"{path}: {what}", inner) => Path = path;
}
