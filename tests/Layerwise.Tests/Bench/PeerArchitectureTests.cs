using System.Text.Json;
using Layerwise.Benchmarking;
using Layerwise.Models.Ssl;

namespace Layerwise.Tests.Bench;

/// <summary>
/// The peer script's torchaudio models have our architecture: parameter counts per truncation depth, as printed by
/// `benchmarks/peer_torchaudio.py --count-only` (torchaudio 0.13; fixture fixtures/bench/torchaudio-parameters.jsonl),
/// equal ours up to what each side keeps that the other does not.
/// </summary>
public sealed class PeerArchitectureTests
{
    public static TheoryData<string, int, long> Counts()
    {
        var data = new TheoryData<string, int, long>();
        foreach (var line in File.ReadLines(RepoPaths.Fixtures("bench", "torchaudio-parameters.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            data.Add(root.GetProperty("arch").GetString()!, root.GetProperty("layers").GetInt32(), root.GetProperty("parameters").GetInt64());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Counts))]
    public void ParameterCountsMatchTorchaudio(string arch, int layers, long torchaudio)
    {
        var config = BenchArch.Config(arch);
        // torchaudio keeps the positional conv weight-normed (weight_g [1, 1, K] besides weight_v; we fold it into one
        // weight) and builds the encoder's final layer norm of pre-LN models, which fairseq layer_results never use.
        long extra = config.NumConvPosEmbeddings + (config.DoStableLayerNorm ? 2L * config.HiddenSize : 0);
        Assert.Equal(torchaudio, SslModels.ParameterCount(config, layers) + extra);
    }
}
