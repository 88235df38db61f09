using Layerwise.Data;
using Layerwise.Metrics;

namespace Layerwise.Tests.Metrics;

public class TdcfTests
{
    // Hand-checked case. ASV: target {2,3,4,5}, non-target {-1,0,1,6}: official ASV EER ¼ at threshold 2, so
    // Pfa_asv = ¼ (only 6 ≥ 2), Pmiss_asv = 0; ASV spoof {0,1,2.5,3}: Pmiss_spoof_asv = Pfa_spoof_asv = ½.
    // CM: bona fide {0.9,0.8,0.3}, spoof {0.1,0.2,0.5,0.05}; the per-trial DET points (Pmiss, Pfa) are
    // (0,1) (0,¾) (0,½) (0,¼)@0.2 (⅓,¼)@0.3 (⅓,0)@0.5 (⅔,0) (1,0).
    static readonly AsvScores Asv = new([2, 3, 4, 5], [-1, 0, 1, 6], [0, 1, 2.5, 3]);
    static readonly double[] CmBona = [0.9, 0.8, 0.3], CmSpoof = [0.1, 0.2, 0.5, 0.05];
    const double Ptar = 0.95 * 0.99, Pnon = 0.95 * 0.01;

    [Fact]
    public void Asv_rates_at_the_asv_eer_threshold()
    {
        var r = AsvErrorRates.From(Asv);
        Assert.Equal(2, r.Threshold);
        Assert.Equal(0.25, r.Eer);
        Assert.Equal(0.25, r.PfaAsv);
        Assert.Equal(0, r.PmissAsv);
        Assert.Equal(0.5, r.PmissSpoofAsv);
        Assert.Equal(0.5, r.PfaSpoofAsv);
    }

    [Fact]
    public void Legacy_2019_by_hand()
    {
        // C1 = Ptar·(1 − 0) − Pnon·10·¼ = 0.91675, C2 = 10·0.05·(1 − ½) = 0.25 → t-DCF = (C1·Pmiss + C2·Pfa)/C2;
        // at (0, ¼): 0.25; at (⅓, 0): 1.22; start: 1 → min 0.25 at threshold 0.2.
        var r = Tdcf.MinTdcf(CmBona, CmSpoof, AsvErrorRates.From(Asv), TdcfFormulation.Asvspoof2019Legacy);
        Assert.Equal(Ptar - Pnon * 10 * 0.25, r.C1, 14);
        Assert.Equal(0.25, r.C2, 15);
        Assert.Equal(0.25, r.MinTdcf, 14);
        Assert.Equal(0.2, r.Threshold);
    }

    [Fact]
    public void Revised_2021_by_hand()
    {
        // C0 = Pnon·10·¼ = 0.02375, C1 = Ptar − C0 = 0.91675, C2 = 0.05·10·½ = 0.25, norm = C0 + min(C1, C2) = 0.27375;
        // at (0, ¼): (0.02375 + 0.0625)/0.27375.
        var r = Tdcf.MinTdcf(CmBona, CmSpoof, AsvErrorRates.From(Asv), TdcfFormulation.Asvspoof2021Revised);
        Assert.Equal(0.02375, r.C0, 15);
        Assert.Equal(0.91675, r.C1, 14);
        Assert.Equal(0.25, r.C2, 15);
        Assert.Equal(0.27375, r.Norm, 15);
        Assert.Equal(0.08625 / 0.27375, r.MinTdcf, 14);
        Assert.Equal(0.2, r.Threshold);
    }

    [Fact]
    public void Asvspoof2019_like_evaluation_matches_the_reference_script()
    {
        var g = Golden.Json.GetProperty("la19");
        var scores = ProtocolJoin.Join(
            ScoreFile.Read(Golden.PathOf("la19_eval.cm_scores.txt")),
            ProtocolFile.Read(Golden.PathOf("la19_eval.protocol.txt")));
        var bona = scores.Where(s => s.Label == Label.Bonafide).Select(s => s.Score).ToList();
        var spoof = scores.Where(s => s.Label == Label.Spoof).Select(s => s.Score).ToList();
        var asv = AsvScoreFile.Read(Golden.PathOf("la19_eval.asv_scores.txt"));
        var rates = AsvErrorRates.From(asv);
        var ga = g.GetProperty("asv");
        Assert.Equal(ga.GetProperty("threshold").GetDouble(), rates.Threshold);
        Assert.Equal(ga.GetProperty("eer").GetDouble(), rates.Eer);
        Assert.Equal(ga.GetProperty("pfa").GetDouble(), rates.PfaAsv);
        Assert.Equal(ga.GetProperty("pmiss").GetDouble(), rates.PmissAsv);
        Assert.Equal(ga.GetProperty("pmiss_spoof").GetDouble(), rates.PmissSpoofAsv);
        Assert.Equal(ga.GetProperty("pfa_spoof").GetDouble(), rates.PfaSpoofAsv);

        var legacy = Tdcf.MinTdcf(bona, spoof, rates, TdcfFormulation.Asvspoof2019Legacy);
        var revised = Tdcf.MinTdcf(bona, spoof, rates, TdcfFormulation.Asvspoof2021Revised);
        var gl = g.GetProperty("min_tdcf_legacy");
        var gr = g.GetProperty("min_tdcf_revised");
        Assert.Equal(gl.GetProperty("min_tdcf").GetDouble(), legacy.MinTdcf);
        Assert.Equal(gl.GetProperty("threshold").GetDouble(), legacy.Threshold);
        Assert.Equal(gr.GetProperty("min_tdcf").GetDouble(), revised.MinTdcf);
        Assert.Equal(gr.GetProperty("threshold").GetDouble(), revised.Threshold);
        Assert.Equal(gr.GetProperty("c0").GetDouble(), revised.C0);
    }

    [Fact]
    public void Per_attack_eer_matches_the_reference_script()
    {
        var g = Golden.Json.GetProperty("la19").GetProperty("per_attack");
        var scores = ProtocolJoin.Join(
            ScoreFile.Read(Golden.PathOf("la19_eval.cm_scores.txt")),
            ProtocolFile.Read(Golden.PathOf("la19_eval.protocol.txt")));
        var perAttack = PerAttackEer.Compute(scores);
        Assert.Equal(["A07", "A08", "A09"], perAttack.Select(a => a.Attack));
        foreach (var a in perAttack)
        {
            var e = g.GetProperty(a.Attack);
            Assert.Equal(e.GetProperty("n_spoof").GetInt32(), a.NSpoof);
            Assert.Equal(e.GetProperty("eer").GetDouble(), a.Eer.Eer);
            Assert.Equal(e.GetProperty("eer_threshold").GetDouble(), a.Eer.Threshold);
            Assert.Equal(e.GetProperty("eer_sklearn").GetDouble(), a.EerSklearn.Eer);
        }
    }

    [Fact]
    public void Official_sanity_checks_are_kept()
    {
        var rates = AsvErrorRates.From(Asv);
        // Hard decisions (two distinct scores) are refused, as by the official package.
        Assert.Throws<ArgumentException>(() => Tdcf.MinTdcf([1, 1, 1], [0, 0], rates, TdcfFormulation.Asvspoof2021Revised));
        Assert.Throws<ArgumentException>(() => Tdcf.MinTdcf(CmBona, CmSpoof, rates, TdcfFormulation.Asvspoof2019Legacy,
            TdcfCostModel.Official with { Pspoof = 0.5 }));
        Assert.Throws<ArgumentException>(() => AsvErrorRates.From(new AsvScores([1, 2], [0, 1], [])));
    }

    [Fact]
    public void Asvspoof2021_asv_scores_are_keyed_line_by_line_and_filtered_by_phase()
    {
        var scores = new StringReader("""
            - LA_E_1 5.0
            - LA_E_2 -3.0
            - LA_E_3 1.0
            - LA_E_4 6.0
            - LA_E_5 -2.0
            - LA_E_6 2.0
            """);
        var keys = new StringReader("""
            LA_0001 LA_E_1 alaw ita_tx bonafide target notrim eval
            LA_0001 LA_E_2 alaw ita_tx bonafide nontarget notrim eval
            LA_0001 LA_E_3 alaw ita_tx A07 spoof notrim eval
            LA_0001 LA_E_4 alaw ita_tx bonafide target notrim progress
            LA_0001 LA_E_5 alaw ita_tx bonafide nontarget notrim progress
            LA_0001 LA_E_6 alaw ita_tx A08 spoof notrim progress
            """);
        var asv = AsvScoreFile.Parse(scores, "score.txt", keys, "trial_metadata.txt", "eval");
        Assert.Equal([5.0], asv.Target);
        Assert.Equal([-3.0], asv.Nontarget);
        Assert.Equal([1.0], asv.Spoof);

        var misaligned = Assert.Throws<ScoreFileException>(() => AsvScoreFile.Parse(
            new StringReader("- LA_E_1 1\n- LA_E_9 2\n"), "score.txt",
            new StringReader("S LA_E_1 a b bonafide target notrim eval\nS LA_E_2 a b bonafide nontarget notrim eval\n"),
            "trial_metadata.txt"));
        Assert.Equal("score.txt", misaligned.Path);
        Assert.Equal(2, misaligned.Line);
    }

    [Fact]
    public void Asvspoof2019_asv_score_file_errors_name_the_line()
    {
        var e = Assert.Throws<ScoreFileException>(() => AsvScoreFile.Parse(
            new StringReader("bonafide target 1.0\nbonafide impostor 2.0\n"), "asv.txt"));
        Assert.Equal(2, e.Line);
        Assert.StartsWith("asv.txt:2:", e.Message);
    }
}
