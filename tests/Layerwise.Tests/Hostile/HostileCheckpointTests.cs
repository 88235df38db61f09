using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Layerwise.Models.Ssl;
using Layerwise.Tests.Ssl;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Layerwise.Tests.Hostile;

/// <summary>Issue 16, checkpoints and configs: NaN weights, absurd sizes and config/checkpoint mismatches are input
/// errors raised before allocation, never NaN features, native frames or std::bad_alloc.</summary>
public sealed class HostileCheckpointTests : IDisposable
{
    readonly List<string> temps = [];

    string Temp()
    {
        var dir = SslFixtures.CopyToTemp("wav2vec2-base-tiny");
        temps.Add(dir);
        return dir;
    }

    public void Dispose()
    {
        foreach (var d in temps)
            Directory.Delete(d, recursive: true);
    }

    static void EditConfig(string dir, Action<JsonObject> edit)
    {
        string path = Path.Combine(dir, "config.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.NegativeInfinity)]
    public void NonFiniteWeightsAreRefused(float bad)
    {
        var dir = Temp();
        var path = Path.Combine(dir, "model.safetensors");
        var dict = Safetensors.LoadStateDict(path);
        var key = dict.Keys.First(k => k.EndsWith("encoder.layers.2.attention.k_proj.weight", StringComparison.Ordinal));
        dict[key][0, 3] = tensor(bad);
        Safetensors.SaveStateDict(path, dict);
        var e = Assert.Throws<SslInputException>(() => SslModels.Load(dir));
        Assert.Contains("encoder.layers.2.attention.k_proj.weight", e.Message);
        Assert.Contains("non-finite", e.Message);
        using var truncated = SslModels.Load(dir, numLayers: 2); // blocks above 2 are never read
    }

    [Theory]
    [InlineData("num_hidden_layers", 100000, "above the bound")]
    [InlineData("num_hidden_layers", 8, "the weights hold 4")]
    [InlineData("hidden_size", 1000000, "above the bound")]
    [InlineData("intermediate_size", 128, "do not fit the weights")]
    public void AbsurdOrMismatchedConfigIsRefusedBeforeAllocation(string field, int value, string expected)
    {
        var dir = Temp();
        EditConfig(dir, c => c[field] = value);
        var e = Assert.Throws<SslInputException>(() => SslModels.Load(dir));
        Assert.Contains(expected, e.Message);
        Assert.Contains("config.json", e.Message);
    }

    [Fact]
    public void AMemoryEstimateAboveWhatTheProcessMayUseIsRefused()
    {
        var dir = Temp();
        // 1,024 layers of 16,384 (each ~3.2 G parameters): far above any machine this runs on
        EditConfig(dir, c => { c["num_hidden_layers"] = 1024; c["hidden_size"] = 16384; c["num_attention_heads"] = 16; c["intermediate_size"] = 65536; c["num_conv_pos_embedding_groups"] = 16; });
        var e = Assert.Throws<SslInputException>(() => SslModels.Load(dir));
        Assert.Contains("GiB", e.Message);
    }

    [Fact]
    public void AHeaderShapeLargerThanItsDataIsRefused()
    {
        var dir = Temp();
        var path = Path.Combine(dir, "model.safetensors");
        var bytes = File.ReadAllBytes(path);
        int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, n))!.AsObject();
        var name = header.Select(p => p.Key).First(k => k.EndsWith("encoder.layers.0.attention.q_proj.weight", StringComparison.Ordinal));
        header[name]!["shape"] = new JsonArray(2147483648L, 2147483648L);
        var text = Encoding.UTF8.GetBytes(header.ToJsonString());
        var rewritten = new byte[8 + text.Length + bytes.Length - 8 - n];
        BinaryPrimitives.WriteUInt64LittleEndian(rewritten, (ulong)text.Length);
        text.CopyTo(rewritten, 8);
        bytes.AsSpan(8 + n).CopyTo(rewritten.AsSpan(8 + text.Length));
        File.WriteAllBytes(path, rewritten);
        var e = Assert.Throws<SslInputException>(() => SslModels.Load(dir));
        Assert.Contains("2147483648, 2147483648", e.Message);
        Assert.DoesNotContain("frame #", e.Message);
    }

    /// <summary>Fuzz (fixed seed, bounded): random numeric fields of config.json and random header bytes of the
    /// weights either load or fail with an input error; no other exception, no native abort.</summary>
    [Fact]
    public void MutatedConfigsAndHeadersLoadOrFailWithAnInputError()
    {
        var rng = new Random(1603);
        string[] fields = ["hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "num_conv_pos_embeddings", "num_conv_pos_embedding_groups"];
        long[] values = [-1, 0, 1, 3, 5, 63, 65, 1 << 20, int.MaxValue];
        var failures = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int it = 0; it < 30 && clock.Elapsed < TimeSpan.FromSeconds(40); it++)
        {
            var dir = Temp();
            if (rng.Next(2) == 0)
                EditConfig(dir, c => c[fields[rng.Next(fields.Length)]] = values[rng.Next(values.Length)]);
            else
            {
                var path = Path.Combine(dir, "model.safetensors");
                var bytes = File.ReadAllBytes(path);
                int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
                for (int k = rng.Next(1, 4); k > 0; k--)
                    bytes[8 + rng.Next(n)] = (byte)"0123456789[],\"x"[rng.Next(15)];
                File.WriteAllBytes(path, bytes);
            }
            try { using var m = SslModels.Load(dir); }
            catch (Layerwise.LayerwiseInputException) { }
            catch (ArgumentOutOfRangeException) { } // --layers outside the config's range: also a CLI input error (exit 2)
            catch (Exception e) { failures.Add($"iteration {it}: {e.GetType().Name}: {e.Message}"); }
            Directory.Delete(dir, recursive: true);
            temps.Remove(dir);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
