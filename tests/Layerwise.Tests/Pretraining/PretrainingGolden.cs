using System.Text.Json;

namespace Layerwise.Tests.Pretraining;

/// <summary>fixtures/pretraining/golden.json, written by make_golden.py (PyTorch 1.13 / scikit-learn 1.2 references).</summary>
internal static class PretrainingGolden
{
    static readonly Lazy<JsonDocument> Doc = new(() => JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixtures("pretraining", "golden.json"))));

    public static JsonElement Root => Doc.Value.RootElement;

    public static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
    public static long[] Longs(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt64()).ToArray();

    public static double[][] Rows(JsonElement flat, int dim)
    {
        var v = Doubles(flat);
        return Enumerable.Range(0, v.Length / dim).Select(i => v.AsSpan(i * dim, dim).ToArray()).ToArray();
    }
}
