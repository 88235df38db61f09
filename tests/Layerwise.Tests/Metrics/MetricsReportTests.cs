using Layerwise.Data;
using Layerwise.Metrics;

namespace Layerwise.Tests.Metrics;

public class MetricsReportTests
{
    [Fact]
    public void Report_collects_all_metrics_of_the_reference_evaluation()
    {
        var g = Golden.Json.GetProperty("la19");
        var scores = ProtocolJoin.Join(
            ScoreFile.Read(Golden.PathOf("la19_eval.cm_scores.txt")),
            ProtocolFile.Read(Golden.PathOf("la19_eval.protocol.txt")));
        var r = MetricsReport.Compute(scores, AsvScoreFile.Read(Golden.PathOf("la19_eval.asv_scores.txt")), 50, seed: 1);
        Assert.Equal(g.GetProperty("n_bonafide").GetInt32(), r.NBonafide);
        Assert.Equal(g.GetProperty("n_spoof").GetInt32(), r.NSpoof);
        Assert.Equal(g.GetProperty("eer").GetDouble(), r.Eer.Eer);
        Assert.Equal(g.GetProperty("eer_threshold").GetDouble(), r.Eer.Threshold);
        Assert.Equal(g.GetProperty("eer_sklearn").GetDouble(), r.EerSklearn.Eer);
        Assert.Equal(3, r.PerAttack.Count);
        Assert.Equal(g.GetProperty("min_tdcf_legacy").GetProperty("min_tdcf").GetDouble(), r.MinTdcfLegacy!.MinTdcf);
        Assert.Equal(g.GetProperty("min_tdcf_revised").GetProperty("min_tdcf").GetDouble(), r.MinTdcfRevised!.MinTdcf);
        Assert.Equal(EerBootstrap.Compute(
            scores.Where(s => s.Label == Label.Bonafide).Select(s => s.Score).ToList(),
            scores.Where(s => s.Label == Label.Spoof).Select(s => s.Score).ToList(), 50, 1), r.EerCi);

        var bare = MetricsReport.Compute(scores);
        Assert.Null(bare.Asv);
        Assert.Null(bare.EerCi);
        Assert.Throws<ArgumentException>(() => MetricsReport.Compute(scores.Where(s => s.Label == Label.Spoof).ToList()));
    }
}
