namespace Layerwise.Data;

/// <summary>Counts over the protocol entries of one split. Utterances whose audio is missing are counted in
/// <see cref="Utterances"/> (and the label counts) and also in <see cref="MissingAudio"/>. <see cref="Attacks"/>
/// counts spoofed utterances per attack id (ordinal order); "-" where the dataset gives no attack id.</summary>
public sealed record DatasetSummary(
    string Dataset,
    string Split,
    int Utterances,
    int Bonafide,
    int Spoof,
    IReadOnlyDictionary<string, int> Attacks,
    int MissingAudio,
    IReadOnlyList<string> MissingExamples)
{
    public const int ExampleCount = 5;

    public static DatasetSummary Of(DatasetSplit split)
    {
        var attacks = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int bona = 0, spoof = 0;
        foreach (var u in split.Utterances)
        {
            if (u.Label == Label.Bonafide)
            {
                bona++;
                continue;
            }
            spoof++;
            attacks[u.Attack] = attacks.GetValueOrDefault(u.Attack) + 1;
        }
        return new DatasetSummary(split.Dataset, split.Split, split.Utterances.Count, bona, spoof, attacks,
            split.MissingAudio.Count, split.MissingAudio.Take(ExampleCount).ToList());
    }
}
