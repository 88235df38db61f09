namespace Layerwise.Data.Readers;

/// <summary>SceneFake: SceneFake/{train,dev,eval}/{real,fake}/*.wav (a third-party description; the official label
/// file format is not verified, so the label comes from the folder). Also reads the paper author's re-organised
/// form: a 5-column protocol {split}.txt with audio in {split}/wav/. Other split folders (e.g. an unseen-scene test
/// set) are accepted by name when they exist.</summary>
public sealed class SceneFakeReader : DatasetReaderBase
{
    public const string CatalogId = "scenefake";
    static readonly string[] Bases = ["SceneFake", "."];

    public override string Id => CatalogId;
    public override IReadOnlyList<string> Splits { get; } = ["train", "dev", "eval"];

    protected override string? AcceptOtherSplit(string root, string split) =>
        split.IndexOfAny(['/', '\\']) < 0 && split != ".." && Layout.FirstDir(root, Bases.Select(b => $"{b}/{split}")) is not null
            ? split : null;

    protected override DatasetSplit ReadSplit(string root, string split)
    {
        var splitDir = Layout.FirstDir(root, Bases.Select(b => $"{b}/{split}"));
        var classDirs = splitDir is null ? [] : Directory.EnumerateDirectories(splitDir)
            .Where(d => Path.GetFileName(d).ToLowerInvariant() is "real" or "fake")
            .Order(StringComparer.Ordinal).ToList();
        if (classDirs.Count > 0)
            return FromFolders(split, classDirs);

        string? protocol = Layout.FirstFile(root, Bases.SelectMany(b => new[] { $"{b}/{split}.txt", $"{b}/protocols/{split}.txt" }));
        if (protocol is null)
            throw new DatasetLayoutException(
                $"{Id}: neither {split}/real|fake folders nor a protocol {split}.txt found under '{root}' (looked in SceneFake/ and .)");
        string baseDir = Path.GetDirectoryName(protocol)!;
        if (Path.GetFileName(baseDir) == "protocols")
            baseDir = Path.GetDirectoryName(baseDir)!;
        var audio = new AudioIndex([Path.Combine(baseDir, split, "wav"), Path.Combine(baseDir, split)], ".wav", ".flac");
        return FivePartProtocol.Read(Id, split, protocol, audio);
    }

    DatasetSplit FromFolders(string split, List<string> classDirs)
    {
        var builder = new SplitBuilder(Id, split);
        int n = 0;
        foreach (string dir in classDirs)
        {
            var label = Path.GetFileName(dir).Equals("real", StringComparison.OrdinalIgnoreCase) ? Label.Bonafide : Label.Spoof;
            foreach (string file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
            {
                if (Path.GetExtension(file).ToLowerInvariant() is not (".wav" or ".flac"))
                    continue;
                string id = Path.GetFileNameWithoutExtension(file);
                builder.Add(++n, new Utterance(id, file, label, Labels.NoAttack, "-", split), audioExists: true);
            }
        }
        builder.ThrowIfErrors(Path.GetDirectoryName(classDirs[0])!);
        return builder.Build();
    }
}
