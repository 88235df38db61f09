using Layerwise.Models.Backends;
using TorchSharp;

namespace Layerwise.Tests.Backends;

/// <summary>Access to the committed backend-parity fixtures (copied from the shared reference fixtures).</summary>
internal static class BackendFixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", "backend-parity", name);

    public static string Prefix(BackendKind kind) => kind == BackendKind.Ffn ? "ffn" : "aasist";

    public static string Weights(BackendKind kind) => Path($"{Prefix(kind)}_weights.safetensors");

    /// <summary>input [2, 4, 201, 64], logits [2, 2], layer_weights [4] produced by the reference in eval mode.</summary>
    public static Dictionary<string, torch.Tensor> Io(BackendKind kind) => ReferenceStateDict.Read(Path($"{Prefix(kind)}_io.safetensors"));

    public static double MaxAbsDiff(torch.Tensor expected, torch.Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        return (expected - actual).abs().max().ToDouble();
    }
}
