namespace Layerwise.Data.Readers;

/// <summary>In-the-Wild: release_in_the_wild/meta.csv (header file,speaker,label; labels spoof / bona-fide) with the
/// audio next to it ({n}.wav). Columns are found by header name, so their order does not matter. Speaker names
/// may contain commas inside quotes, hence the real CSV parser. One split, "eval".</summary>
public sealed class InTheWildReader : DatasetReaderBase
{
    public const string CatalogId = "in-the-wild";

    public override string Id => CatalogId;
    public override IReadOnlyList<string> Splits { get; } = ["eval"];

    protected override DatasetSplit ReadSplit(string root, string split)
    {
        string meta = Layout.RequireFile(Id, root, "meta.csv",
            ["release_in_the_wild/meta.csv", "meta.csv", "in_the_wild/meta.csv", "InTheWild/release_in_the_wild/meta.csv",
             "*/release_in_the_wild/meta.csv"]);
        string dir = Path.GetDirectoryName(meta)!;
        var audio = new AudioIndex([dir, Path.Combine(dir, "wav"), Path.Combine(dir, "audio")], ".wav", ".flac");

        var builder = new SplitBuilder(Id, split);
        int fileCol = -1, speakerCol = -1, labelCol = -1, width = 0;
        bool header = true;
        foreach (var (line, f) in CsvReader.ReadFile(meta))
        {
            if (header)
            {
                header = false;
                var names = f.Select(h => h.Trim().ToLowerInvariant()).ToList();
                fileCol = names.IndexOf("file");
                speakerCol = names.IndexOf("speaker");
                labelCol = names.IndexOf("label");
                width = f.Length;
                if (fileCol < 0 || labelCol < 0)
                    throw new ProtocolFormatException(meta, line,
                        $"header must name the columns 'file' and 'label' (and 'speaker'), got '{string.Join(",", f)}'");
                continue;
            }
            if (f.Length != width)
            {
                builder.Error(line, $"expected {width} fields as in the header, got {f.Length}: '{string.Join("|", f)}'");
                continue;
            }
            string file = f[fileCol].Trim();
            if (file.Length == 0)
            {
                builder.Error(line, "empty file name");
                continue;
            }
            Label label;
            switch (f[labelCol].Trim().ToLowerInvariant())
            {
                case "bona-fide" or "bonafide" or "bona fide": label = Label.Bonafide; break;
                case "spoof": label = Label.Spoof; break;
                default:
                    builder.Error(line, $"label must be 'bona-fide' or 'spoof', got '{f[labelCol]}'");
                    continue;
            }
            string id = AudioIndex.StripAudioExtension(file);
            var (path, exists) = audio.Resolve(file);
            string speaker = speakerCol >= 0 ? f[speakerCol].Trim() : "-";
            builder.Add(line, new Utterance(id, path, label, Labels.NoAttack, speaker, split), exists);
        }
        if (header)
            throw new ProtocolFormatException(meta, 1, "the file is empty (expected the header file,speaker,label)");
        builder.ThrowIfErrors(meta);
        return builder.Build();
    }
}
