using Layerwise.Analysis;
using Layerwise.Data;

namespace Layerwise.Tests.Analysis;

public class StudyChartsTests
{
    [Fact]
    public void LayerWeightHeatmapIsMinMaxNormalisedWithAverageRowOnTop()
    {
        var table = new LayerWeightTable(
        [
            new("LA19", "wav2vec2", "FFN", [1.0, 3.0, 2.0]),
            new("HAD", "wav2vec2", "FFN", [10.0, 0.0, 5.0]),
        ]);
        string html = StudyCharts.LayerWeightHeatmap(table, "Wav2Vec2-Small FFN");
        Assert.Contains("\"type\":\"heatmap\"", html);
        Assert.Contains("Wav2Vec2-Small FFN", html);
        // Rows bottom-up (Plotly draws the first row at the bottom): AVERAGE, HAD, LA19.
        Assert.Contains("\"y\":[\"AVERAGE\",\"HAD\",\"LA19\"]", html);
        Assert.Contains("[0.5,0.5,0.5]", html); // average of [0,1,0.5] and [1,0,0.5]
        Assert.Contains("[1.0,0.0,0.5]", html);
        Assert.Contains("[0.0,1.0,0.5]", html);
        Assert.Contains("\"x\":[\"1\",\"2\",\"3\"]", html);
    }

    [Fact]
    public void HeatmapPadsShorterRowsWithGaps()
    {
        string html = StudyCharts.LayerWeightHeatmap(["n=2", "n=4"], [[0.2, 0.8], [0.1, 0.4, 0.3, 0.2]]);
        Assert.Contains("[0.0,1.0,\"NaN\",\"NaN\"]", html); // NaN serialised as a string: Plotly leaves the cell empty
        Assert.Contains("[0.0,1.0,0.6667,0.3333]", html);
    }

    [Fact]
    public void EerVsLayersFromPaperResults()
    {
        var t = PaperResults.Table.Where(r => r.ModelFamily == "wav2vec2" && r.Size == "small");
        string html = StudyCharts.EerVsLayers(t);
        Assert.Contains("wav2vec2-small FFN", html);
        Assert.Contains("wav2vec2-small AASIST", html);
        Assert.Contains("[2.0,4.0,6.0,12.0]", html);
        Assert.Contains("21.53", html);
        Assert.Contains("22.89", html);
    }

    [Fact]
    public void TimeVsLayersAddsTheTheoreticalLine()
    {
        var ratio = StudyCharts.LinearComputeRatio([3, 6, 12], 12, fixedFraction: 0.2);
        Assert.Equal([0.4, 0.6, 1.0], ratio, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([0.25, 0.5, 1.0], StudyCharts.LinearComputeRatio([3, 6, 12], 12));
        string html = StudyCharts.TimeVsLayers([3, 6, 12], [0.75, 1.25, 2.0], computeRatio: StudyCharts.LinearComputeRatio([3, 6, 12], 12));
        Assert.Contains("theoretical", html);
        Assert.Contains("[0.75,1.25,2.0]", html);
        Assert.Contains("[0.5,1.0,2.0]", html); // ratio × the measured time at n = 12
    }

    [Fact]
    public void TradeOffLabelsPointsWithDepth()
    {
        string html = StudyCharts.TradeOff(["FFN"], [[0.1, 0.2]], [[12.5, 10.0]], [[2, 4]]);
        Assert.Contains("\"n=2\"", html);
        Assert.Contains("\"n=4\"", html);
    }

    [Fact]
    public void DetCurvesCarryTheProbitOfTheRates()
    {
        string html = StudyCharts.DetCurves(["sys"], [[0.9, 0.4, 0.7]], [[0.1, 0.4, 0.8, 0.3]]);
        Assert.Contains("\"sys\"", html);
        Assert.Contains("0.6744897", html); // probit(0.75) (FAR after the first spoof score)
    }

    [Fact]
    public void AttackCountsPerSplit()
    {
        var train = new DatasetSummary("LA19", "train", 6, 2, 4, new Dictionary<string, int> { ["A01"] = 3, ["A02"] = 1 }, 0, []);
        var eval = new DatasetSummary("LA19", "eval", 3, 1, 2, new Dictionary<string, int> { ["A07"] = 2 }, 0, []);
        string html = StudyCharts.AttackCounts([train, eval]);
        Assert.Contains("[\"bonafide\",\"A01\",\"A02\",\"A07\"]", html);
        Assert.Contains("[2.0,3.0,1.0,0.0]", html);
        Assert.Contains("[1.0,0.0,0.0,2.0]", html);
        Assert.Contains("LA19 eval", html);
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
        string html = StudyCharts.WaveformPlot(x, 16000);
        Assert.Contains("time (s)", html);
    }

    [Fact]
    public void SpectrogramHeatmapHasNumericAxes()
    {
        var x = Enumerable.Range(0, 4000).Select(i => (float)Math.Sin(i * 0.3)).ToArray();
        string html = StudyCharts.SpectrogramHeatmap(x, 16000);
        Assert.Contains("\"type\":\"heatmap\"", html);
        Assert.Contains("frequency (Hz)", html);
        Assert.Contains("8000.0", html);
        // 64,000 samples: 257 bins × at most 40,000 / 257 frames.
        var longSignal = Enumerable.Range(0, 64_000).Select(i => (float)Math.Sin(i * 0.3)).ToArray();
        string big = StudyCharts.SpectrogramHeatmap(longSignal, 16000, maxCells: 40_000);
        int frames = System.Text.RegularExpressions.Regex.Match(big, "\"z\":\\[\\[([^\\]]*)\\]").Groups[1].Value.Split(',').Length;
        Assert.InRange(frames * 257, 30_000, 40_000);
    }
}

public class PaperHeatmapTests
{
    [Fact]
    public void PaperPanelHasTheFiguresRowsAndValues()
    {
        string html = StudyCharts.PaperLayerWeightHeatmap("wav2vec2", "small", "FFN");
        Assert.Contains("Wav2Vec2-Small FFN (paper)", html);
        Assert.Contains("\"y\":[\"AVERAGE\",\"CtrSVDD\",\"SceneFake\",\"HAD\",\"PartialSpoof\",\"HABLA\",\"ADD23\",\"LA19\"]", html);
        // weights.small.txt, ASV19 w2v FFN, rounded to 4 decimals for display.
        Assert.Contains("[0.2497,0.6161,1.0,0.9963,0.5609,0.3664,0.1946,0.0,0.0047,0.191,0.2311,0.2984]", html);
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
        string html = StudyCharts.PerAttackEer(["A07", "A08"], ["FFN n=4", "AASIST n=4"], [[1.5, 20.25], [3.0, 0.5]]);
        Assert.Contains("[\"A07\",\"A08\"]", html);
        Assert.Contains("[1.5,20.25]", html);
        Assert.Contains("AASIST n=4", html);
        Assert.Throws<ArgumentException>(() => StudyCharts.PerAttackEer(["A07"], ["x"], [[1.0, 2.0]]));
    }
}
