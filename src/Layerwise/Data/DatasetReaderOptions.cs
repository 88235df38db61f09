namespace Layerwise.Data;

/// <summary>Reader settings that some datasets need; every reader ignores the ones that do not apply.</summary>
public sealed record DatasetReaderOptions
{
    public static DatasetReaderOptions Default { get; } = new();

    /// <summary>ASVspoof 2021 LA/DF: keep trials of this phase (progress, eval, hidden_track) or "all".
    /// The paper scores every trial but reports EER over phase "eval".</summary>
    public string Phase { get; init; } = "eval";

    /// <summary>Generic 5-column protocol: the audio folder (absolute or relative to the root). Null: look in
    /// root/&lt;split&gt;/flac, root/&lt;split&gt;/wav, root/&lt;split&gt;, root/flac, root/wav, root/audio, root.</summary>
    public string? AudioFolder { get; init; }

    /// <summary>Generic 5-column protocol: the audio file extension (with or without the dot). Default "wav".</summary>
    public string Extension { get; init; } = "wav";

    /// <summary>PartialSpoof: what a '1' in the segment labels means. Sources disagree and it is not verified;
    /// the default is 1 = bona fide.</summary>
    public Label SegmentLabelOne { get; init; } = Label.Bonafide;

    /// <summary>PartialSpoof: the segment-label resolution in seconds (file {split}_seglab_{res}.npy).</summary>
    public double SegmentResolution { get; init; } = 0.16;
}
