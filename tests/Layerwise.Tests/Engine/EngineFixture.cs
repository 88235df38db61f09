using Layerwise.Data;

namespace Layerwise.Tests.Engine;

/// <summary>The engine's tests share the process-wide SSL forward counter, so they run one at a time.</summary>
[CollectionDefinition("Engine", DisableParallelization = true)]
public sealed class EngineCollection;

/// <summary>Synthetic utterances: bona fide = two harmonics, spoof = one tone plus noise whose level depends
/// on the attack; every waveform is a deterministic function of its id.</summary>
internal static class SyntheticData
{
    public const int Samples = 6400; // 0.4 s at 16 kHz → 19 frames of the fake SSL

    public static List<Utterance> Make(string split, int bona, int spoof, string[] attacks)
    {
        var list = new List<Utterance>();
        for (int i = 0; i < bona; i++)
            list.Add(new Utterance($"{split}_{i:D4}b", $"/nowhere/{split}_{i}b.wav", Label.Bonafide, "-", "spk", split));
        for (int i = 0; i < spoof; i++)
            list.Add(new Utterance($"{split}_{i:D4}s", $"/nowhere/{split}_{i}s.wav", Label.Spoof, attacks[i % attacks.Length], "spk", split));
        return list;
    }

    public static float[] Load(Utterance u)
    {
        var rng = new Random(StableHash(u.Id));
        var w = new float[Samples];
        double f = 150 + rng.NextDouble() * 100;
        double noise = u.Label == Label.Bonafide ? 0.02 : 0.05 + 0.05 * (u.Attack.Length > 0 ? u.Attack[^1] % 3 : 0);
        for (int t = 0; t < w.Length; t++)
        {
            double s = Math.Sin(2 * Math.PI * f * t / 16000);
            if (u.Label == Label.Bonafide)
                s += 0.5 * Math.Sin(2 * Math.PI * 2 * f * t / 16000);
            w[t] = (float)(0.3 * s + noise * (rng.NextDouble() * 2 - 1));
        }
        return w;
    }

    static int StableHash(string s)
    {
        unchecked
        {
            int h = (int)2166136261;
            foreach (char c in s)
                h = (h ^ c) * 16777619;
            return h;
        }
    }
}

internal sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lw-engine-{Guid.NewGuid():N}");

    public TempDir() => Directory.CreateDirectory(Path);

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
