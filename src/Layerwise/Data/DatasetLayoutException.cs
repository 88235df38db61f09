namespace Layerwise.Data;

/// <summary>The expected files of a dataset were not found under the given root (wrong folder, wrong dataset id,
/// unknown split). The message says where the reader looked.</summary>
public sealed class DatasetLayoutException : LayerwiseInputException
{
    public DatasetLayoutException(string message) : base(message) { }
}
