using Layerwise.Models.Ssl;

namespace Layerwise.Benchmarking;

/// <summary>The architectures `layerwise bench` times, with random weights: wav2vec2-style base and large.</summary>
public static class BenchArch
{
    /// <summary>base = 12 × 768 post-LN (facebook/wav2vec2-base), large = 24 × 1024 pre-LN (XLS-R 300M), tiny = the test-sized model.</summary>
    public static SslConfig Config(string arch) => arch.Trim().ToLowerInvariant() switch
    {
        "base" => SslConfig.Wav2Vec2Base,
        "large" => SslConfig.XlsR300M,
        "tiny" => SslConfig.Tiny(),
        _ => throw new BenchInputException($"--arch '{arch}': expected base or large"),
    };

    /// <summary>The default --layers list: the paper's grid, capped at the model's depth.</summary>
    public static IReadOnlyList<int> DefaultLayers(string arch)
    {
        int depth = Config(arch).NumHiddenLayers;
        int[] grid = depth >= 24 ? [0, 1, 2, 4, 8, 12, 16, 24] : [0, 1, 2, 4, 6, 8, 12];
        return grid.Where(n => n <= depth).ToArray();
    }

    /// <summary>Parses "0,4,12" (or "all") against the model's depth; errors name the bad entry.</summary>
    public static IReadOnlyList<int> ParseLayers(string text, string arch)
    {
        int depth = Config(arch).NumHiddenLayers;
        var result = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int n = part.Equals("all", StringComparison.OrdinalIgnoreCase) ? depth
                : int.TryParse(part, out int v) ? v
                : throw new BenchInputException($"--layers '{text}': '{part}' is not a number");
            if (n < 0 || n > depth)
                throw new BenchInputException($"--layers '{text}': {n} is outside 0..{depth} for --arch {arch}");
            result.Add(n);
        }
        if (result.Count == 0)
            throw new BenchInputException($"--layers '{text}': no layer counts given");
        return result;
    }
}
