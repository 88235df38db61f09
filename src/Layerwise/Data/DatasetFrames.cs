using Layerwise.Audio;
using Microsoft.Data.Analysis;

namespace Layerwise.Data;

/// <summary>DataFrame views of dataset splits for notebooks. Durations are optional because they need one header
/// read per file (through <see cref="AudioFile.Info"/>); without them nothing beyond the protocol is touched.</summary>
public static class DatasetFrames
{
    /// <summary>One row per utterance: dataset, split, id, speaker, label, attack, codec, phase, audio_path,
    /// audio_exists, and seconds (only with <paramref name="durations"/>; null where missing or unreadable).</summary>
    public static DataFrame Utterances(DatasetSplit split, bool durations = false)
    {
        var missing = new HashSet<string>(split.MissingAudio, StringComparer.Ordinal);
        var u = split.Utterances;
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("dataset", u.Select(_ => split.Dataset)),
            new StringDataFrameColumn("split", u.Select(x => x.Split)),
            new StringDataFrameColumn("id", u.Select(x => x.Id)),
            new StringDataFrameColumn("speaker", u.Select(x => x.Speaker)),
            new StringDataFrameColumn("label", u.Select(x => LabelName(x.Label))),
            new StringDataFrameColumn("attack", u.Select(x => x.Attack)),
            new StringDataFrameColumn("codec", u.Select(x => x.Codec)),
            new StringDataFrameColumn("phase", u.Select(x => x.Phase)),
            new StringDataFrameColumn("audio_path", u.Select(x => x.AudioPath)),
            new BooleanDataFrameColumn("audio_exists", u.Select(x => !missing.Contains(x.AudioPath))),
        };
        if (durations)
            columns.Add(new DoubleDataFrameColumn("seconds", Durations(split)));
        return new DataFrame(columns);
    }

    /// <summary>One row per (dataset, split, label, attack): utterances and missing_audio; with
    /// <paramref name="durations"/> also seconds_total, seconds_mean and unreadable (files without a duration).</summary>
    public static DataFrame Counts(IEnumerable<DatasetSplit> splits, bool durations = false)
    {
        var rows = new List<(string Dataset, string Split, string Label, string Attack, int N, int Missing, double Total, int Known)>();
        foreach (var split in splits)
        {
            var missing = new HashSet<string>(split.MissingAudio, StringComparer.Ordinal);
            double?[] seconds = durations ? Durations(split) : new double?[split.Utterances.Count];
            var groups = split.Utterances.Select((u, i) => (u, i))
                .GroupBy(x => (x.u.Label, x.u.Attack))
                .OrderByDescending(g => g.Key.Label).ThenBy(g => g.Key.Attack, StringComparer.Ordinal);
            foreach (var g in groups)
            {
                var known = g.Select(x => seconds[x.i]).Where(s => s.HasValue).Select(s => s!.Value).ToList();
                rows.Add((split.Dataset, split.Split, LabelName(g.Key.Label), g.Key.Attack, g.Count(),
                    g.Count(x => missing.Contains(x.u.AudioPath)), known.Sum(), known.Count));
            }
        }
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("dataset", rows.Select(r => r.Dataset)),
            new StringDataFrameColumn("split", rows.Select(r => r.Split)),
            new StringDataFrameColumn("label", rows.Select(r => r.Label)),
            new StringDataFrameColumn("attack", rows.Select(r => r.Attack)),
            new Int32DataFrameColumn("utterances", rows.Select(r => r.N)),
            new Int32DataFrameColumn("missing_audio", rows.Select(r => r.Missing)),
        };
        if (durations)
        {
            columns.Add(new DoubleDataFrameColumn("seconds_total", rows.Select(r => r.Total)));
            columns.Add(new DoubleDataFrameColumn("seconds_mean", rows.Select(r => r.Known > 0 ? r.Total / r.Known : (double?)null)));
            columns.Add(new Int32DataFrameColumn("unreadable", rows.Select(r => r.N - r.Known)));
        }
        return new DataFrame(columns);
    }

    /// <summary>One row per split: dataset, split, utterances, bonafide, spoof, attacks (distinct spoof attack ids),
    /// missing_audio.</summary>
    public static DataFrame Summary(IEnumerable<DatasetSplit> splits)
    {
        var s = splits.Select(DatasetSummary.Of).ToList();
        return new DataFrame(
            new StringDataFrameColumn("dataset", s.Select(x => x.Dataset)),
            new StringDataFrameColumn("split", s.Select(x => x.Split)),
            new Int32DataFrameColumn("utterances", s.Select(x => x.Utterances)),
            new Int32DataFrameColumn("bonafide", s.Select(x => x.Bonafide)),
            new Int32DataFrameColumn("spoof", s.Select(x => x.Spoof)),
            new Int32DataFrameColumn("attacks", s.Select(x => x.Attacks.Count)),
            new Int32DataFrameColumn("missing_audio", s.Select(x => x.MissingAudio)));
    }

    /// <summary>Seconds per utterance, in order; null where the audio is missing or cannot be read.
    /// <paramref name="probe"/> defaults to <c>AudioFile.Info(path).Seconds</c> (a header read).</summary>
    public static double?[] Durations(DatasetSplit split, Func<string, double>? probe = null)
    {
        probe ??= path => AudioFile.Info(path).Seconds;
        var missing = new HashSet<string>(split.MissingAudio, StringComparer.Ordinal);
        return split.Utterances.Select(u =>
        {
            if (missing.Contains(u.AudioPath))
                return (double?)null;
            try
            {
                return probe(u.AudioPath);
            }
            catch (Exception e) when (e is LayerwiseInputException or IOException or InvalidDataException
                                          or FormatException or NotSupportedException or ArgumentException)
            {
                return null;
            }
        }).ToArray();
    }

    public static string LabelName(Label label) => label == Label.Bonafide ? "bonafide" : "spoof";
}
