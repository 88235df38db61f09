namespace Layerwise.Data.Demo;

/// <summary>Counts of one split as written (attacks: attack id → spoofed utterances, in id order).</summary>
public sealed record DemoSplitSummary(string Split, int Utterances, int Bonafide, int Spoof, IReadOnlyDictionary<string, int> Attacks);

/// <summary>A demo corpus on disk. <see cref="DatasetId"/> names the catalog reader for its layout
/// (asvspoof2019-la, partialspoof, ctrsvdd, scenefake); hand that reader <see cref="Root"/>.</summary>
public sealed record DemoCorpusInfo(
    string Root,
    DemoCorpusOptions Options,
    string DatasetId,
    IReadOnlyList<DemoSplitSummary> Splits,
    string OptionsHash,
    string TreeHash,
    int Files,
    long Bytes,
    bool Reused);
