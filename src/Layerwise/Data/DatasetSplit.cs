namespace Layerwise.Data;

/// <summary>A split as read from disk. Utterances whose audio is missing stay in <see cref="Utterances"/>
/// (so ids never silently misalign) and are also listed in <see cref="MissingAudio"/>.</summary>
public sealed record DatasetSplit(string Dataset, string Split, IReadOnlyList<Utterance> Utterances, IReadOnlyList<string> MissingAudio);
