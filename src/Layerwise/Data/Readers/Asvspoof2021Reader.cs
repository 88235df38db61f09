namespace Layerwise.Data.Readers;

/// <summary>ASVspoof 2021 LA or DF eval: the CM key keys/{LA,DF}/CM/trial_metadata.txt (from {LA,DF}-keys-full.tar.gz)
/// and audio ASVspoof2021_{LA,DF}_eval/flac/{UTT}.flac (DF ships in parts; every part folder is searched).
/// LA keys have 8 fields `SPEAKER UTT CODEC TRANSMISSION ATTACK KEY TRIM PHASE`; DF keys 13 fields
/// `SPEAKER UTT CODEC SOURCE ATTACK KEY TRIM PHASE VOCODER` + 4 tags. Trials are filtered by phase (default "eval").</summary>
public sealed class Asvspoof2021Reader : DatasetReaderBase
{
    public const string LaId = "asvspoof2021-la";
    public const string DfId = "asvspoof2021-df";
    static readonly string[] Phases = ["progress", "eval", "hidden_track"];

    readonly string _track;
    readonly string _phase;

    /// <param name="track">"LA" or "DF".</param>
    /// <param name="phase">progress, eval, hidden_track, or "all" (no filter).</param>
    public Asvspoof2021Reader(string track, string phase = "eval")
    {
        _track = track.ToUpperInvariant() switch
        {
            "LA" => "LA",
            "DF" => "DF",
            _ => throw new ArgumentException($"ASVspoof 2021 track must be LA or DF, got '{track}'", nameof(track)),
        };
        if (phase != "all" && !Phases.Contains(phase))
            throw new DatasetLayoutException($"ASVspoof 2021 phase must be one of {string.Join(", ", Phases)} or all, got '{phase}'");
        _phase = phase;
        Id = _track == "LA" ? LaId : DfId;
    }

    public override string Id { get; }
    public override IReadOnlyList<string> Splits { get; } = ["eval"];
    public string Phase => _phase;

    protected override DatasetSplit ReadSplit(string root, string split)
    {
        string t = _track;
        string key = Layout.RequireFile(Id, root, "CM key trial_metadata.txt",
        [
            $"keys/{t}/CM/trial_metadata.txt",
            $"{t}-keys-full/keys/{t}/CM/trial_metadata.txt",
            $"{t}-keys-stage-1/keys/{t}/CM/trial_metadata.txt",
            $"keys/CM/trial_metadata.txt",
            $"{t}/CM/trial_metadata.txt",
            "CM/trial_metadata.txt",
            "trial_metadata.txt",
        ]);
        string folder = $"ASVspoof2021_{t}_eval";
        var audio = new AudioIndex(Layout.Dirs(root,
        [
            $"{folder}/flac", $"{folder}_part*/{folder}/flac", $"{folder}_part*/flac", $"{folder}*/flac",
            $"{folder}/wav", folder,
        ]), ".flac", ".wav");

        int minFields = t == "LA" ? 8 : 9;
        var builder = new SplitBuilder(Id, split);
        foreach (var (line, f) in ProtocolText.Read(key))
        {
            if (f.Length < minFields)
            {
                builder.Error(line, $"expected at least {minFields} fields ({(t == "LA"
                    ? "SPEAKER UTT CODEC TRANSMISSION ATTACK KEY TRIM PHASE"
                    : "SPEAKER UTT CODEC SOURCE ATTACK KEY TRIM PHASE VOCODER ...")}), got {f.Length}: '{ProtocolText.Show(f)}'");
                continue;
            }
            if (!Labels.TryBonafideSpoof(f[5], out var label))
            {
                builder.Error(line, $"KEY (field 6) must be 'bonafide' or 'spoof', got '{f[5]}'");
                continue;
            }
            string phase = f[7];
            if (!Phases.Contains(phase))
            {
                builder.Error(line, $"PHASE (field 8) must be one of {string.Join(", ", Phases)}, got '{phase}'");
                continue;
            }
            if (_phase != "all" && phase != _phase)
                continue;
            var tags = new Dictionary<string, string>
            {
                [t == "LA" ? "transmission" : "source"] = f[3],
                ["trim"] = f[6],
            };
            if (t == "DF")
            {
                tags["vocoder"] = f[8];
                if (f.Length > 9)
                    tags["extra"] = string.Join(' ', f[9..]);
            }
            var (path, exists) = audio.Resolve(f[1]);
            builder.Add(line, new Utterance(f[1], path, label, f[4], f[0], split)
            {
                Codec = f[2],
                Phase = phase,
                Tags = tags,
            }, exists);
        }
        builder.ThrowIfErrors(key);
        return builder.Build();
    }
}
