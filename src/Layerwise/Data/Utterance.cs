namespace Layerwise.Data;

/// <summary>One protocol entry. <see cref="Attack"/> is the attack/system id ("-" or "bonafide" for bona fide
/// where the dataset says so). Extras are null where a dataset has none.</summary>
public sealed record Utterance(
    string Id,
    string AudioPath,
    Label Label,
    string Attack,
    string Speaker,
    string Split)
{
    public string? Codec { get; init; }
    public string? Phase { get; init; }
    public IReadOnlyList<Segment>? Segments { get; init; }

    /// <summary>Other per-dataset fields worth keeping (e.g. "transmission", "source", "vocoder", "corpus",
    /// "country"); null where the dataset has none.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}
