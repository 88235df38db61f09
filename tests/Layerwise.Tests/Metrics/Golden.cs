using System.Text.Json;
using Layerwise.Data;
using Layerwise.Metrics;

namespace Layerwise.Tests.Metrics;

/// <summary>Access to fixtures/metrics: score sets and golden.json written by make_golden.py (numpy + sklearn).</summary>
internal static class Golden
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "fixtures", "metrics");

    public static string PathOf(string file) => Path.Combine(Dir, file);

    static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(PathOf("golden.json"))).RootElement);

    public static JsonElement Json => Root.Value;

    public static JsonElement Set(string name) => Json.GetProperty("sets").GetProperty(name);

    public static (List<double> Bona, List<double> Spoof) Scores(string name)
    {
        var labelled = ProtocolJoin.FromLabelledLines(ScoreFile.Read(PathOf($"{name}.scores.txt")));
        return (labelled.Where(s => s.Label == Label.Bonafide).Select(s => s.Score).ToList(),
                labelled.Where(s => s.Label == Label.Spoof).Select(s => s.Score).ToList());
    }

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static IEnumerable<object[]> SetNames() =>
        new[] { "continuous", "ties", "separated", "imbalanced", "inverted", "all_equal" }.Select(n => new object[] { n });
}
