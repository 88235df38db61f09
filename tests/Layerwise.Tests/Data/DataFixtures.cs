using Layerwise.Data;

namespace Layerwise.Tests.Data;

/// <summary>Paths into the miniature dataset layouts written by fixtures/data/make_fixtures.py.</summary>
internal static class DataFixtures
{
    public static string Root(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "fixtures", "data", .. parts]);

    public static Utterance ById(this DatasetSplit split, string id) => split.Utterances.Single(u => u.Id == id);

    public static string[] Ids(this DatasetSplit split) => split.Utterances.Select(u => u.Id).ToArray();

    public static int Count(this DatasetSplit split, Label label) => split.Utterances.Count(u => u.Label == label);

    /// <summary>durations.tsv: fixture-relative path -> seconds, as written by Python's wave module.</summary>
    public static Dictionary<string, double> Durations() =>
        File.ReadLines(Root("durations.tsv"))
            .Select(l => l.Split('\t'))
            .ToDictionary(f => Path.GetFullPath(Root(f[0])), f => double.Parse(f[1]) / double.Parse(f[2]));
}
