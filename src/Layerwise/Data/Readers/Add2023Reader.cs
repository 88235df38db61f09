namespace Layerwise.Data.Readers;

/// <summary>ADD 2023 Track 1.2: Track1.2/{train,dev,testR1,testR2}/label.txt (`FILE.wav genuine|fake`) with audio in
/// the wav/ folder beside it. Extra fields after the label are ignored (none are known; the test rounds' files
/// are not verified). There are no attack ids; spoofs count under "-".</summary>
public sealed class Add2023Reader : DatasetReaderBase
{
    public const string CatalogId = "add2023";

    public override string Id => CatalogId;
    public override IReadOnlyList<string> Splits { get; } = ["train", "dev", "testR1", "testR2"];
    public override string DefaultSplit => "testR1";

    protected override DatasetSplit ReadSplit(string root, string split)
    {
        string[] bases = ["Track1.2", "ADD2023/Track1.2", "ADD2023_Track1.2/Track1.2", "track1.2", "."];
        string labels = Layout.RequireFile(Id, root, $"label.txt for split '{split}'",
            bases.Select(b => $"{b}/{split}/label.txt").ToList());
        string dir = Path.GetDirectoryName(labels)!;
        var audio = new AudioIndex([Path.Combine(dir, "wav"), dir], ".wav", ".flac");

        var builder = new SplitBuilder(Id, split);
        foreach (var (line, f) in ProtocolText.Read(labels))
        {
            if (f.Length < 2)
            {
                builder.Error(line, $"expected 'FILE genuine|fake', got '{ProtocolText.Show(f)}'");
                continue;
            }
            Label label;
            switch (f[1])
            {
                case "genuine": label = Label.Bonafide; break;
                case "fake": label = Label.Spoof; break;
                default:
                    builder.Error(line, $"label must be 'genuine' or 'fake', got '{f[1]}'");
                    continue;
            }
            string id = AudioIndex.StripAudioExtension(f[0]);
            var (path, exists) = audio.Resolve(f[0]);
            builder.Add(line, new Utterance(id, path, label, Labels.NoAttack, "-", split), exists);
        }
        builder.ThrowIfErrors(labels);
        return builder.Build();
    }
}
