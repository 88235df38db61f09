using System.Globalization;

namespace Layerwise.Data.Readers;

/// <summary>HAD (Half-truth Audio Detection): HAD/HAD_{train,dev,test}/HAD_{split}_label.txt with lines
/// `STEM start-end-T/start-end-F/... UTT_LABEL` (T genuine, F fake) and audio in a "conbine" (sic) folder; copies
/// disagree on the nesting, so HAD_{split}/conbine, HAD_{split}/{split}/conbine, HAD_{split}/{split} and HAD_{split}
/// are all searched. The utterance label is taken from the segments (any F = spoof) because the meaning of the
/// last field (1 = real per one loader) is not verified; that field must still be 0 or 1.</summary>
public sealed class HadReader : DatasetReaderBase
{
    public const string CatalogId = "had";

    public override string Id => CatalogId;
    public override IReadOnlyList<string> Splits { get; } = ["train", "dev", "test"];

    protected override DatasetSplit ReadSplit(string root, string split)
    {
        string folder = $"HAD_{split}";
        string name = $"HAD_{split}_label.txt";
        string[] bases = ["HAD", ".", "Half-Truth/HAD"];
        string labels = Layout.RequireFile(Id, root, $"label file {name}",
            bases.SelectMany(b => new[] { $"{b}/{folder}/{name}", $"{b}/{name}", $"{b}/{folder}/{split}/{name}" }).ToList());
        string splitDir = Layout.FirstDir(root, bases.Select(b => $"{b}/{folder}")) ?? Path.GetDirectoryName(labels)!;
        var audio = new AudioIndex(
        [
            Path.Combine(splitDir, "conbine"), Path.Combine(splitDir, split, "conbine"), Path.Combine(splitDir, split),
            Path.Combine(splitDir, "wav"), splitDir,
        ], ".wav", ".flac");

        var builder = new SplitBuilder(Id, split);
        foreach (var (line, f) in ProtocolText.Read(labels))
        {
            if (f.Length != 3)
            {
                builder.Error(line, $"expected 3 fields 'STEM SEGMENTS LABEL', got {f.Length}: '{ProtocolText.Show(f)}'");
                continue;
            }
            if (f[2] is not ("0" or "1"))
            {
                builder.Error(line, $"utterance label must be 0 or 1, got '{f[2]}'");
                continue;
            }
            var segments = ParseSegments(f[1], out string? problem);
            if (segments is null)
            {
                builder.Error(line, problem!);
                continue;
            }
            var label = segments.Any(s => s.Label == Label.Spoof) ? Label.Spoof : Label.Bonafide;
            string id = AudioIndex.StripAudioExtension(f[0]);
            var (path, exists) = audio.Resolve(id);
            builder.Add(line, new Utterance(id, path, label, Labels.NoAttack, "-", split)
            {
                Segments = segments,
                Tags = new Dictionary<string, string> { ["utt_label"] = f[2] },
            }, exists);
        }
        builder.ThrowIfErrors(labels);
        return builder.Build();
    }

    /// <summary>"0.00-4.96-T/4.96-5.65-F" -> segments; null (with a reason) when malformed.</summary>
    public static IReadOnlyList<Segment>? ParseSegments(string text, out string? problem)
    {
        var result = new List<Segment>();
        foreach (string part in text.Split('/'))
        {
            var p = part.Split('-');
            if (p.Length != 3
                || !double.TryParse(p[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double start)
                || !double.TryParse(p[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double end)
                || p[2] is not ("T" or "F"))
            {
                problem = $"segment '{part}' is not 'start-end-T' or 'start-end-F'";
                return null;
            }
            if (end < start)
            {
                problem = $"segment '{part}' ends before it starts";
                return null;
            }
            result.Add(new Segment(start, end, p[2] == "T" ? Label.Bonafide : Label.Spoof));
        }
        problem = null;
        return result;
    }
}
