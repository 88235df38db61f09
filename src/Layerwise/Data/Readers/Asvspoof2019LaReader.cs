namespace Layerwise.Data.Readers;

/// <summary>ASVspoof 2019 LA: CM protocols `SPEAKER UTT - SYSTEM KEY` and audio
/// LA/ASVspoof2019_LA_{split}/flac/{UTT}.flac. Also serves the synthetic demo corpus (id "demo"), which is
/// written in this layout. The root may be the folder holding LA/ or LA/ itself; .wav is accepted next to .flac.</summary>
public sealed class Asvspoof2019LaReader(string id = Asvspoof2019LaReader.CatalogId) : DatasetReaderBase
{
    public const string CatalogId = "asvspoof2019-la";

    public override string Id { get; } = id;
    public override IReadOnlyList<string> Splits { get; } = ["train", "dev", "eval"];
    public override string DefaultSplit => "eval";

    public static string ProtocolFileName(string split) => split switch
    {
        "train" => "ASVspoof2019.LA.cm.train.trn.txt",
        "dev" => "ASVspoof2019.LA.cm.dev.trl.txt",
        _ => "ASVspoof2019.LA.cm.eval.trl.txt",
    };

    protected override DatasetSplit ReadSplit(string root, string split)
    {
        string name = ProtocolFileName(split);
        string protocol = Layout.RequireFile(Id, root, $"CM protocol for split '{split}'",
        [
            $"LA/ASVspoof2019_LA_cm_protocols/{name}",
            $"ASVspoof2019_LA_cm_protocols/{name}",
            $"LA/{name}",
            name,
            $"protocols/{name}",
        ]);
        string folder = $"ASVspoof2019_LA_{split}";
        var audio = new AudioIndex(Layout.Dirs(root,
        [
            $"LA/{folder}/flac", $"{folder}/flac", $"LA/{folder}/wav", $"{folder}/wav", $"LA/{folder}", folder,
        ]), ".flac", ".wav");

        var builder = new SplitBuilder(Id, split);
        foreach (var (line, f) in ProtocolText.Read(protocol))
        {
            if (f.Length != 5)
            {
                builder.Error(line, $"expected 5 fields 'SPEAKER UTT - SYSTEM KEY', got {f.Length}: '{ProtocolText.Show(f)}'");
                continue;
            }
            if (!Labels.TryBonafideSpoof(f[4], out var label))
            {
                builder.Error(line, $"KEY must be 'bonafide' or 'spoof', got '{f[4]}'");
                continue;
            }
            var (path, exists) = audio.Resolve(f[1]);
            builder.Add(line, new Utterance(f[1], path, label, f[3], f[0], split), exists);
        }
        builder.ThrowIfErrors(protocol);
        return builder.Build();
    }
}
