namespace Layerwise.Data.Readers;

/// <summary>HABLA: HABLA/FinalDataset_16khz/{Real, CycleGAN, Diff, ...}/&lt;country&gt;/&lt;speaker&gt;/*.wav. The attack is the
/// top folder, "Real" is bona fide. No official split is known: split "all" walks the folders; "train", "dev", "test"
/// read split files (the paper's train_out.txt / val_out.txt / test_out.txt, `ID ID _ _ LABEL`, or `ID LABEL`)
/// and take each id's audio and attack from the walk (or from a flattened wav/ folder).</summary>
public sealed class HablaReader : DatasetReaderBase
{
    public const string CatalogId = "habla";
    const string Real = "Real";

    public override string Id => CatalogId;
    public override IReadOnlyList<string> Splits { get; } = ["all", "train", "dev", "test"];
    public override string DefaultSplit => "all";

    sealed record Found(string Path, string Attack, string Speaker, string Country);

    protected override DatasetSplit ReadSplit(string root, string split)
    {
        string? walkRoot = Layout.Dirs(root, ["HABLA/FinalDataset_16khz", "FinalDataset_16khz", "HABLA", "."])
            .FirstOrDefault(d => Directory.Exists(d) && Directory.EnumerateDirectories(d)
                .Any(s => Path.GetFileName(s).Equals(Real, StringComparison.OrdinalIgnoreCase)));
        var walk = walkRoot is null ? [] : Walk(walkRoot);
        return split == "all" ? FromWalk(root, walkRoot, walk) : FromSplitFile(root, split, walkRoot, walk);
    }

    DatasetSplit FromWalk(string root, string? walkRoot, List<(string Id, Found F)> walk)
    {
        if (walkRoot is null)
            throw new DatasetLayoutException(
                $"{Id}: no folder with a 'Real' sub-folder under '{root}'; looked in HABLA/FinalDataset_16khz, FinalDataset_16khz, HABLA, .");
        var builder = new SplitBuilder(Id, "all");
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, f) in walk)
        {
            if (!seen.TryAdd(id, f.Path))
                throw new DatasetLayoutException($"{Id}: two audio files share the id '{id}': '{seen[id]}' and '{f.Path}'");
            var label = f.Attack == Labels.NoAttack ? Label.Bonafide : Label.Spoof;
            builder.Add(seen.Count, new Utterance(id, f.Path, label, f.Attack, f.Speaker, "all")
            {
                Tags = new Dictionary<string, string> { ["country"] = f.Country },
            }, audioExists: true);
        }
        return builder.Build();
    }

    DatasetSplit FromSplitFile(string root, string split, string? walkRoot, List<(string Id, Found F)> walk)
    {
        string[] names = split switch
        {
            "train" => ["train_out.txt", "train.txt"],
            "dev" => ["val_out.txt", "dev_out.txt", "val.txt", "dev.txt"],
            _ => ["test_out.txt", "test.txt", "eval.txt"],
        };
        string[] dirs = [".", "HABLA", "splits", "protocols", "HABLA/splits", "HABLA/protocols"];
        string file = Layout.RequireFile(Id, root, $"split file for '{split}'",
            dirs.SelectMany(d => names.Select(n => $"{d}/{n}")).ToList());

        var byId = new Dictionary<string, Found>(StringComparer.Ordinal);
        foreach (var (id, f) in walk)
            byId.TryAdd(id, f);
        var flat = new AudioIndex(Layout.Dirs(root, ["wav", "HABLA/wav", walkRoot ?? "."]), ".wav", ".flac");

        var builder = new SplitBuilder(Id, split);
        foreach (var (line, f) in ProtocolText.Read(file))
        {
            string id;
            Label label;
            if (f.Length == 2 && Labels.TryBonafideSpoof(f[1], out label))
                id = f[0];
            else if (f.Length >= 5 && Labels.TryPaperKey(f, out label))
                id = f[1];
            else
            {
                builder.Error(line, $"expected 'ID ID _ _ bonafide|spoof' or 'ID bonafide|spoof', got '{ProtocolText.Show(f)}'");
                continue;
            }
            id = AudioIndex.StripAudioExtension(id);
            if (byId.TryGetValue(id, out var found))
            {
                builder.Add(line, new Utterance(id, found.Path, label, label == Label.Bonafide ? Labels.NoAttack : found.Attack,
                    found.Speaker, split) { Tags = new Dictionary<string, string> { ["country"] = found.Country } }, true);
                continue;
            }
            var (path, exists) = flat.Resolve(id);
            builder.Add(line, new Utterance(id, path, label, Labels.NoAttack, "-", split), exists);
        }
        builder.ThrowIfErrors(file);
        return builder.Build();
    }

    static List<(string Id, Found F)> Walk(string walkRoot)
    {
        var result = new List<(string, Found)>();
        foreach (string top in Directory.EnumerateDirectories(walkRoot).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(top);
            string attack = name.Equals(Real, StringComparison.OrdinalIgnoreCase) ? Labels.NoAttack : name;
            foreach (string file in Directory.EnumerateFiles(top, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                string ext = Path.GetExtension(file).ToLowerInvariant();
                if (ext is not (".wav" or ".flac"))
                    continue;
                var parts = Path.GetRelativePath(top, file).Split(Path.DirectorySeparatorChar);
                string country = parts.Length >= 3 ? parts[0] : "-";
                string speaker = parts.Length >= 2 ? parts[^2] : "-";
                result.Add((Path.GetFileNameWithoutExtension(file), new Found(file, attack, speaker, country)));
            }
        }
        return result;
    }
}
