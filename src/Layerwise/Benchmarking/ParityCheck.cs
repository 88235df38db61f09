using Layerwise.Models.Ssl;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Layerwise.Benchmarking;

/// <summary>
/// The SSL parity fixtures (a tiny HF-format model folder with expected_single/expected_batch.safetensors: input,
/// extract_features, hidden_0..hidden_N from the reference implementation) run on any device: the largest absolute
/// difference per output. The tests assert the same on the CPU; this runs them where no test runner exists
/// (benchmarks/gpu-check.sh on a CUDA machine).
/// </summary>
public static class ParityCheck
{
    /// <summary>Max |ours − reference| per output name ("single/extract_features", "batch/hidden_3", ...).</summary>
    public static IReadOnlyDictionary<string, double> Run(string folder, Device device)
    {
        using var scope = NewDisposeScope();
        using var model = SslModels.Load(folder, device: device);
        var diffs = new Dictionary<string, double>();
        foreach (var kind in new[] { "single", "batch" })
        {
            var expected = Safetensors.LoadStateDict(Path.Combine(folder, $"expected_{kind}.safetensors"));
            using var output = model.Forward(expected["input"].to(device));
            diffs[$"{kind}/extract_features"] = MaxAbsDiff(output.ExtractFeatures, expected["extract_features"]);
            for (int k = 0; k < output.Hidden.Count; k++)
                diffs[$"{kind}/hidden_{k}"] = MaxAbsDiff(output.Hidden[k], expected[$"hidden_{k}"]);
        }
        return diffs;
    }

    static double MaxAbsDiff(Tensor ours, Tensor reference)
    {
        if (!ours.shape.SequenceEqual(reference.shape))
            return double.PositiveInfinity;
        return (ours.cpu() - reference.cpu()).abs().max().item<float>();
    }
}
