using Layerwise.Analysis;
using Layerwise.Data;

namespace Layerwise.Tests.Analysis;

/// <summary>The domain charts, checked by the data they draw (<see cref="Figure"/>'s series, axes and cells)
/// against values computed by hand or taken from the paper's files.</summary>
public class StudyChartsTests
{
    static void Rows(double[][] expected, IReadOnlyList<IReadOnlyList<double>> z)
    {
        Assert.Equal(expected.Length, z.Count);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], z[i]);
    }

    [Fact]
    public void LayerWeightHeatmapIsMinMaxNormalisedWithAverageRowOnTop()
    {
        var table = new LayerWeightTable(
        [
            new("LA19", "wav2vec2", "FFN", [1.0, 3.0, 2.0]),
            new("HAD", "wav2vec2", "FFN", [10.0, 0.0, 5.0]),
        ]);
        var f = StudyCharts.LayerWeightHeatmap(table, "Wav2Vec2-Small FFN");
        Assert.Equal(FigureKind.Heatmap, f.Kind);
        Assert.Equal(("Wav2Vec2-Small FFN", "layer"), (f.Title, f.XTitle));
        Assert.Equal(["1", "2", "3"], f.XLabels);
        // Rows bottom-up (Plotly draws the first row at the bottom): AVERAGE, HAD, LA19.
        Assert.Equal(["AVERAGE", "HAD", "LA19"], f.YLabels);
        // LA19 (1, 3, 2) → (0, 1, 0.5); HAD (10, 0, 5) → (1, 0, 0.5); their average (0.5, 0.5, 0.5).
        Rows([[0.5, 0.5, 0.5], [1, 0, 0.5], [0, 1, 0.5]], f.Z);
    }

    [Fact]
    public void HeatmapPadsShorterRowsWithGaps()
    {
        var f = StudyCharts.LayerWeightHeatmap(["n=2", "n=4"], [[0.2, 0.8], [0.1, 0.4, 0.3, 0.2]]);
        Assert.Equal(["n=4", "n=2"], f.YLabels);
        Assert.Equal(["1", "2", "3", "4"], f.XLabels);
        // (0.3 − 0.1) / 0.3 and (0.2 − 0.1) / 0.3, rounded to 4 decimals; n=2 has no layers 3 and 4 (NaN: empty cells).
        Rows([[0, 1, 0.6667, 0.3333], [0, 1, double.NaN, double.NaN]], f.Z);
    }

    [Fact]
    public void EerVsLayersFromPaperResults()
    {
        var f = StudyCharts.EerVsLayers(PaperResults.Table.Where(r => r.ModelFamily == "wav2vec2" && r.Size == "small"));
        Assert.Equal(FigureKind.Lines, f.Kind);
        Assert.Equal(("Average EER vs number of layers", "n_layers", "Average EER (%)"), (f.Title, f.XTitle, f.YTitle));
        Assert.Equal(["wav2vec2-small FFN", "wav2vec2-small AASIST"], f.Series.Select(s => s.Name));
        Assert.All(f.Series, s => Assert.Equal([2.0, 4, 6, 12], s.X));
        // avg_small.txt's AVG column (seed means) for wav2vec2 FFN and AASIST at n_layers 2, 4, 6, 12.
        Assert.Equal([21.53, 21.45, 21.68, 21.85], f.Series[0].Y);
        Assert.Equal([22.89, 21.61, 21.78, 21.42], f.Series[1].Y);
    }

    [Fact]
    public void EerVsLayersRecomputesTheAverageOfTheTestSets()
    {
        var t = new ResultsTable(
        [
            new("demo", "tiny", "FFN", 1, 1, "LA19", 10), new("demo", "tiny", "FFN", 1, 1, "DF21", 20),
            new("demo", "tiny", "FFN", 2, 1, "LA19", 4), new("demo", "tiny", "FFN", 2, 1, "DF21", 5),
            new("demo", "tiny", "FFN", 1, 2, "LA19", 12), new("demo", "tiny", "FFN", 1, 2, "DF21", 30),
        ]);
        var avg = StudyCharts.EerVsLayers(t);
        // Seed means: n=1 LA19 (10 + 12) / 2 = 11, DF21 25 → 18; n=2 (4 + 5) / 2 = 4.5.
        Assert.Equal([1.0, 2], avg.Series.Single().X);
        Assert.Equal([18, 4.5], avg.Series.Single().Y);
        var seed2 = StudyCharts.EerVsLayers(t, "DF21", seed: 2);
        Assert.Equal(("demo-tiny FFN", "EER on DF21 (%)"), (seed2.Series.Single().Name, seed2.YTitle));
        Assert.Equal([1.0], seed2.Series.Single().X);
        Assert.Equal([30.0], seed2.Series.Single().Y);
    }

    [Fact]
    public void TimeVsLayersAddsTheTheoreticalLine()
    {
        var ratio = StudyCharts.LinearComputeRatio([3, 6, 12], 12, fixedFraction: 0.2);
        Assert.Equal([0.4, 0.6, 1.0], ratio, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([0.25, 0.5, 1.0], StudyCharts.LinearComputeRatio([3, 6, 12], 12));
        var f = StudyCharts.TimeVsLayers([3, 6, 12], [0.75, 1.25, 2.0], computeRatio: StudyCharts.LinearComputeRatio([3, 6, 12], 12),
            low: [0.7, 1.2, 1.9], high: [0.8, 1.3, 2.1]);
        Assert.Equal(("n_layers", "seconds per utterance"), (f.XTitle, f.YTitle));
        Assert.Equal(["measured", "fastest repeat", "slowest repeat", "theoretical (compute ratio × full)"], f.Series.Select(s => s.Name));
        Assert.All(f.Series, s => Assert.Equal([3.0, 6, 12], s.X));
        Assert.Equal([0.75, 1.25, 2.0], f.Series[0].Y);
        Assert.Equal([0.7, 1.2, 1.9], f.Series[1].Y);
        Assert.Equal([0.8, 1.3, 2.1], f.Series[2].Y);
        Assert.Equal([0.5, 1.0, 2.0], f.Series[3].Y); // ratio × the measured time at n = 12
    }

    [Fact]
    public void TradeOffLabelsPointsWithDepth()
    {
        var f = StudyCharts.TradeOff(["FFN"], [[0.1, 0.2]], [[12.5, 10.0]], [[2, 4]]);
        Assert.Equal(FigureKind.Scatter, f.Kind);
        Assert.Equal(("seconds per utterance", "EER (%)"), (f.XTitle, f.YTitle));
        var s = f.Series.Single();
        Assert.Equal("FFN", s.Name);
        Assert.Equal([0.1, 0.2], s.X);
        Assert.Equal([12.5, 10.0], s.Y);
        Assert.Equal(["n=2", "n=4"], s.PointLabels!);
    }

    [Fact]
    public void DetCurvesDrawTheProbitOfTheThinnedOfficialCurve()
    {
        // Sorted: 0.1 s, 0.3 s, 0.4 b, 0.4 s (tie: bona fide first), 0.7 b, 0.8 s, 0.9 b: one point per trial plus the
        // start; every point changes a rate, so none is thinned away.
        var plot = new PlotlyJson(StudyCharts.DetCurves(["sys"], [[0.9, 0.4, 0.7]], [[0.1, 0.4, 0.8, 0.3]]));
        Assert.Equal("sys", plot.Name(0));
        double[] far = [1, 0.75, 0.5, 0.5, 0.25, 0.25, 0, 0], frr = [0, 0, 0, 1 / 3.0, 1 / 3.0, 2 / 3.0, 2 / 3.0, 1];
        // probit of the rates clipped to [1e-6, 1 − 1e-6], e.g. probit(0.75) = 0.6744897501960817.
        Assert.Equal(0.6744897501960817, plot.Numbers(0, "x")[1], 9);
        Assert.Equal(far.Select(Probit), plot.Numbers(0, "x"), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(frr.Select(Probit), plot.Numbers(0, "y"), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal("False acceptance rate (spoof accepted)", plot.AxisTitle("xaxis"));
    }

    // The inverse normal CDF by bisection of erfc (independent of the library's rational approximation).
    static double Probit(double p)
    {
        p = Math.Clamp(p, 1e-6, 1 - 1e-6);
        double lo = -6, hi = 6;
        for (int i = 0; i < 200; i++)
        {
            double mid = (lo + hi) / 2;
            if (NormalCdf(mid) < p) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }

    static double NormalCdf(double x)
    {
        // Φ(x) by the series of the error function (converges for every x; accurate to about 1e-12 for |x| ≤ 6).
        double z = x / Math.Sqrt(2), term = z, sum = z;
        for (int n = 1; n < 400; n++)
        {
            term *= -z * z / n;
            sum += term / (2 * n + 1);
        }
        return 0.5 + sum / Math.Sqrt(Math.PI);
    }

    [Fact]
    public void AttackCountsPerSplit()
    {
        var train = new DatasetSummary("LA19", "train", 6, 2, 4, new Dictionary<string, int> { ["A01"] = 3, ["A02"] = 1 }, 0, []);
        var eval = new DatasetSummary("LA19", "eval", 3, 1, 2, new Dictionary<string, int> { ["A07"] = 2 }, 0, []);
        var f = StudyCharts.AttackCounts([train, eval]);
        Assert.Equal(FigureKind.Bars, f.Kind);
        Assert.Equal(("Utterances per attack", "attack", "utterances"), (f.Title, f.XTitle, f.YTitle));
        Assert.Equal(["bonafide", "A01", "A02", "A07"], f.XLabels);
        Assert.Equal(["LA19 train", "LA19 eval"], f.Series.Select(s => s.Name));
        Assert.Equal([2.0, 3, 1, 0], f.Series[0].Y);
        Assert.Equal([1.0, 0, 0, 2], f.Series[1].Y);
    }

    [Fact]
    public void WaveformEnvelopeKeepsExtremesAndLimitsPoints()
    {
        var x = new float[100_000];
        x[12_345] = 0.9f;
        x[67_890] = -0.8f;
        var (t, v) = StudyCharts.Envelope(x, 16000, 1000);
        Assert.InRange(v.Length, 2, 1000);
        Assert.Contains(0.9, v.Select(d => Math.Round(d, 6)));
        Assert.Contains(-0.8, v.Select(d => Math.Round(d, 6)));
        Assert.Contains(Math.Round(12_345 / 16000.0, 6), t);
        Assert.True(t.Zip(t.Skip(1)).All(p => p.First <= p.Second));

        var f = StudyCharts.WaveformPlot(x, 16000, maxPoints: 1000);
        Assert.Equal(("time (s)", "amplitude"), (f.XTitle, f.YTitle));
        var s = f.Series.Single();
        Assert.Equal(t, s.X);
        Assert.Equal(v, s.Y);
        // The peak sits at its sample's time: 12,345 / 16,000 s.
        Assert.Equal(Math.Round(12_345 / 16000.0, 6), s.X[s.Y.ToList().IndexOf(s.Y.Max())]);
    }

    [Fact]
    public void SpectrogramHeatmapHasNumericAxes()
    {
        var x = Enumerable.Range(0, 4000).Select(i => (float)Math.Sin(i * 0.3)).ToArray();
        var f = StudyCharts.SpectrogramHeatmap(x, 16000);
        Assert.Equal(FigureKind.NumericHeatmap, f.Kind);
        Assert.Equal(("time (s)", "frequency (Hz)"), (f.XTitle, f.YTitle));
        // 512-point FFT at 16 kHz: 257 bins, 31.25 Hz apart, up to 8 kHz; one row of Z per bin, one column per frame.
        Assert.Equal(Enumerable.Range(0, 257).Select(k => k * 16000 / 512.0), f.YValues);
        Assert.Equal(257, f.Z.Count);
        Assert.All(f.Z, row => Assert.Equal(f.XValues.Count, row.Count));
        Assert.Equal(256 / 16000.0, f.XValues[1] - f.XValues[0], 4);
        // sin(0.3 n) is 0.3 · 16000 / 2π = 763.9 Hz: the loudest bin of a middle frame is 763.9 / 31.25 = 24.4 → 24.
        int mid = f.XValues.Count / 2;
        Assert.Equal(24, Enumerable.Range(0, 257).MaxBy(k => f.Z[k][mid]));

        // 64,000 samples: 257 bins × at most 40,000 / 257 frames (the hop grows).
        var longSignal = Enumerable.Range(0, 64_000).Select(i => (float)Math.Sin(i * 0.3)).ToArray();
        var big = StudyCharts.SpectrogramHeatmap(longSignal, 16000, maxCells: 40_000);
        Assert.InRange(big.XValues.Count * 257, 30_000, 40_000);
    }
}

public class PaperHeatmapTests
{
    [Fact]
    public void PaperPanelHasTheFiguresRowsAndValues()
    {
        var f = StudyCharts.PaperLayerWeightHeatmap("wav2vec2", "small", "FFN");
        Assert.Equal("Wav2Vec2-Small FFN (paper)", f.Title);
        Assert.Equal(["AVERAGE", "CtrSVDD", "SceneFake", "HAD", "PartialSpoof", "HABLA", "ADD23", "LA19"], f.YLabels);
        Assert.Equal(Enumerable.Range(1, 12).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)), f.XLabels);
        // weights.small.txt, ASV19 w2v FFN, rounded to 4 decimals for display.
        Assert.Equal([0.2497, 0.6161, 1.0, 0.9963, 0.5609, 0.3664, 0.1946, 0.0, 0.0047, 0.191, 0.2311, 0.2984], f.Z[^1]);
        Assert.Equal("Hubert-Large", StudyCharts.PaperPanelName("hubert", "large"));
    }

    [Fact]
    public void SideBySideRowHoldsBothCharts()
    {
        var ours = StudyCharts.LayerWeightHeatmap(["ours"], [[0.1, 0.9]], "ours");
        var paper = StudyCharts.PaperLayerWeightHeatmap("wavlm", "small", "AASIST");
        string body = new HtmlReport("x").ChartsSideBySide(ours, paper).BodyHtml();
        Assert.Contains("charts-row", body);
        Assert.Contains("WavLM-Small AASIST (paper)", body);
        Assert.Contains("\"ours\"", body);
    }
}

public class PerAttackEerChartTests
{
    [Fact]
    public void BarsPerSystem()
    {
        var f = StudyCharts.PerAttackEer(["A07", "A08"], ["FFN n=4", "AASIST n=4"], [[1.5, 20.25], [3.0, 0.5]]);
        Assert.Equal(("EER per attack", "attack", "EER (%)"), (f.Title, f.XTitle, f.YTitle));
        Assert.Equal(["A07", "A08"], f.XLabels);
        Assert.Equal(["FFN n=4", "AASIST n=4"], f.Series.Select(s => s.Name));
        Assert.Equal([1.5, 20.25], f.Series[0].Y);
        Assert.Equal([3.0, 0.5], f.Series[1].Y);
        Assert.Throws<ArgumentException>(() => StudyCharts.PerAttackEer(["A07"], ["x"], [[1.0, 2.0]]));
    }
}
