namespace Layerwise.Data.Readers;

/// <summary>CtrSVDD (SVDD 2024): {train,dev,test}.txt with 6 fields `CORPUS SINGER FILE - ATTACK KEY` (the file id is
/// the THIRD field, KEY bonafide|deepfake) and audio {train,dev,test}_set/{FILE}.flac (a doubled folder from
/// unzipping, {split}_set/{split}_set, is also searched).</summary>
public sealed class CtrSvddReader : DatasetReaderBase
{
    public const string CatalogId = "ctrsvdd";

    public override string Id => CatalogId;
    public override IReadOnlyList<string> Splits { get; } = ["train", "dev", "test"];

    protected override DatasetSplit ReadSplit(string root, string split)
    {
        string[] bases = [".", "CtrSVDD", "CtrSVDD2024"];
        string meta = Layout.RequireFile(Id, root, $"metadata {split}.txt",
            bases.SelectMany(b => new[] { $"{b}/{split}.txt", $"{b}/{split}_set/{split}.txt", $"{b}/metadata/{split}.txt" }).ToList());
        var audio = new AudioIndex(Layout.Dirs(root, bases.SelectMany(b => new[]
        {
            $"{b}/{split}_set", $"{b}/{split}_set/{split}_set", $"{b}/{split}_set/flac", $"{b}/{split}",
        })), ".flac", ".wav");

        var builder = new SplitBuilder(Id, split);
        foreach (var (line, f) in ProtocolText.Read(meta))
        {
            if (f.Length != 6)
            {
                builder.Error(line, $"expected 6 fields 'CORPUS SINGER FILE - ATTACK KEY', got {f.Length}: '{ProtocolText.Show(f)}'");
                continue;
            }
            Label label;
            switch (f[5])
            {
                case "bonafide": label = Label.Bonafide; break;
                case "deepfake": label = Label.Spoof; break;
                default:
                    builder.Error(line, $"KEY must be 'bonafide' or 'deepfake', got '{f[5]}'");
                    continue;
            }
            var (path, exists) = audio.Resolve(f[2]);
            builder.Add(line, new Utterance(f[2], path, label, f[4], f[1], split)
            {
                Tags = new Dictionary<string, string> { ["corpus"] = f[0] },
            }, exists);
        }
        builder.ThrowIfErrors(meta);
        return builder.Build();
    }
}
