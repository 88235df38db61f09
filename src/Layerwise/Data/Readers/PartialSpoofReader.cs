using System.Globalization;

namespace Layerwise.Data.Readers;

/// <summary>PartialSpoof (Zenodo 5766198): CM protocols
/// database/protocols/PartialSpoof_LA_cm_protocols/PartialSpoof.LA.cm.{train.trn,dev.trl,eval.trl}.txt (".trl" for
/// train is also accepted; the names are from third-party loaders), 5 fields `SPEAKER UTT - SYSTEM KEY`, audio
/// database/{split}/con_wav/{UTT}.wav. Segment labels database/segment_labels/{split}_seglab_{res}.npy (a pickled
/// dict id -> array of '0'/'1'), or the same as text (`ID l1 l2 …`, .txt, as the demo corpus writes it), are
/// attached when the file is present.</summary>
public sealed class PartialSpoofReader(DatasetReaderOptions? options = null) : DatasetReaderBase
{
    public const string CatalogId = "partialspoof";
    readonly DatasetReaderOptions _options = options ?? DatasetReaderOptions.Default;

    public override string Id => CatalogId;
    public override IReadOnlyList<string> Splits { get; } = ["train", "dev", "eval"];

    protected override DatasetSplit ReadSplit(string root, string split)
    {
        string[] bases = ["database", "PartialSpoof/database", "."];
        string[] names = split == "train"
            ? ["PartialSpoof.LA.cm.train.trn.txt", "PartialSpoof.LA.cm.train.trl.txt"]
            : [$"PartialSpoof.LA.cm.{split}.trl.txt"];
        var candidates = bases.SelectMany(b => names.SelectMany(n => new[]
        {
            $"{b}/protocols/PartialSpoof_LA_cm_protocols/{n}", $"{b}/PartialSpoof_LA_cm_protocols/{n}", $"{b}/protocols/{n}", $"{b}/{n}",
        })).ToList();
        string protocol = Layout.RequireFile(Id, root, $"CM protocol for split '{split}'", candidates);
        var audio = new AudioIndex(Layout.Dirs(root, bases.SelectMany(b => new[] { $"{b}/{split}/con_wav", $"{b}/{split}/wav", $"{b}/{split}" })),
            ".wav", ".flac");
        var read = FivePartProtocol.Read(Id, split, protocol, audio);

        string res = _options.SegmentResolution.ToString(CultureInfo.InvariantCulture);
        string? seglab = Layout.FirstFile(root, bases.SelectMany(b => new[]
        {
            $"{b}/segment_labels/{split}_seglab_{res}.npy", $"{b}/segment_labels/{split}_seglab_{res}.txt",
        }));
        if (seglab is null)
            return read;
        var labels = seglab.EndsWith(".txt", StringComparison.Ordinal) ? SegmentLabelFile.ReadText(seglab) : SegmentLabelFile.Read(seglab);
        var one = _options.SegmentLabelOne;
        var zero = one == Label.Bonafide ? Label.Spoof : Label.Bonafide;
        var withSegments = read.Utterances.Select(u => labels.TryGetValue(u.Id, out var frames)
            ? u with { Segments = ToSegments(frames, _options.SegmentResolution, one, zero, seglab, u.Id) }
            : u).ToList();
        return read with { Utterances = withSegments };
    }

    /// <summary>Runs of equal frame labels become segments of whole frames.</summary>
    static IReadOnlyList<Segment> ToSegments(IReadOnlyList<string> frames, double resolution, Label one, Label zero, string file, string id)
    {
        var result = new List<Segment>();
        int start = 0;
        for (int i = 1; i <= frames.Count; i++)
        {
            if (i < frames.Count && frames[i] == frames[start])
                continue;
            var label = frames[start] switch
            {
                "1" => one,
                "0" => zero,
                var other => throw new ProtocolFormatException(file, 0, $"segment label of '{id}' at frame {start} is '{other}', expected 0 or 1"),
            };
            result.Add(new Segment(Math.Round(start * resolution, 6), Math.Round(i * resolution, 6), label));
            start = i;
        }
        return result;
    }
}
