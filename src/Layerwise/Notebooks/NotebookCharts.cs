using Layerwise.Analysis;
using Layerwise.Models.Backends;
using Layerwise.Training;
using Microsoft.Data.Analysis;

namespace Layerwise.Notebooks;

/// <summary>Charts the notebooks draw from their tables (<see cref="NotebookSsl"/>'s frames and a sweep's results),
/// so that the cells hold calls rather than array plumbing.</summary>
public static class NotebookCharts
{
    /// <summary>Per-layer statistics from <see cref="NotebookSsl.LayerStatistics"/>: standard deviation, frame norm / 10
    /// (to share the axis) and class separation vs layer.</summary>
    public static Figure LayerStatistics(DataFrame stats)
    {
        var layer = stats.Columns["layer"].Cast<int>().Select(l => (double)l).ToArray();
        double[] Column(string name) => stats.Columns[name].Cast<double?>().Select(v => v ?? double.NaN).ToArray();
        return Figure.Lines("Per-layer statistics", "layer", "value", ["std", "frame norm / 10", "class separation"],
            [layer, layer, layer], [Column("std"), Column("frame_norm").Select(v => v / 10).ToArray(), Column("class_separation")]);
    }

    /// <summary>EER on the first eval set vs the SSL's median seconds per utterance at the same depth (from
    /// <see cref="NotebookSsl.TruncationCost"/>), one point per depth of <paramref name="backend"/> (seed mean), labelled
    /// by n_layers: what truncation buys and costs.</summary>
    public static Figure TradeOff(SweepResults results, DataFrame cost, BackendKind backend = BackendKind.Ffn)
    {
        var ns = cost.Columns["n_layers"].Cast<int>().ToArray();
        var seconds = cost.Columns["seconds_per_utterance"].Cast<double?>().Select(v => v ?? double.NaN).ToArray(); // medians
        var depths = results.Runs.Where(r => r.Config.Spec.Backend == backend).GroupBy(r => r.Config.Spec.NumLayers)
            .Where(g => Array.IndexOf(ns, g.Key) >= 0).OrderBy(g => g.Key).ToList();
        string label = Training.Sweep.BackendLabel(backend);
        return StudyCharts.TradeOff([label],
            [depths.Select(g => seconds[Array.IndexOf(ns, g.Key)]).ToArray()],
            [depths.Select(g => g.Average(r => r.Metrics.Eval[0].EerPercent)).ToArray()],
            [depths.Select(g => g.Key).ToArray()], title: $"EER vs inference time ({label})"); // one series: no legend, so the title names it
    }
}
