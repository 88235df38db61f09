namespace Layerwise.Data.Demo;

/// <summary>Bad demo-corpus options, or a target folder that is not a demo corpus and must not be overwritten.</summary>
public sealed class DemoCorpusException : LayerwiseInputException
{
    public DemoCorpusException(string message) : base(message) { }
}
