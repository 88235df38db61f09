namespace Layerwise.Benchmarking;

/// <summary>A bad benchmark setting (unknown architecture, layer count out of range, non-positive sizes).</summary>
public sealed class BenchInputException(string message) : LayerwiseInputException(message);
