using Layerwise.Analysis;
using Layerwise.Training;

namespace Layerwise.Tests.Analysis;

public class LayerWeightTableTests
{
    [Fact]
    public void MinMaxByHand()
    {
        Assert.Equal([0.0, 0.5, 1.0, 0.25], LayerWeightTable.MinMax([2.0, 4.0, 6.0, 3.0]));
        Assert.Equal([1.0, 0.0, 0.75], LayerWeightTable.MinMax([-1.0, -5.0, -2.0]));
        Assert.Equal([0.0, 0.0, 0.0], LayerWeightTable.MinMax([1.0 / 3, 1.0 / 3, 1.0 / 3])); // uniform init: flat row
    }

    [Fact]
    public void SoftmaxByHand()
    {
        var s = LayerWeightTable.Softmax([0.0, Math.Log(3.0)]);
        Assert.Equal(0.25, s[0], 12);
        Assert.Equal(0.75, s[1], 12);
    }

    [Fact]
    public void ParsesThePapersWeightFileLayout()
    {
        var t = LayerWeightTable.Read(AnalysisFixtures.Path("weights.small.excerpt.txt"));
        Assert.Equal(4, t.Rows.Count);
        Assert.Equal(["ASV19", "ASV19", "ADD22", "ADD22"], t.Rows.Select(r => r.TrainingSet));
        Assert.All(t.Rows, r => Assert.Equal(12, r.Weights.Count));
        Assert.Equal(0.2496662391238661, t.Rows[0].Weights[0]);
        Assert.Equal(0.7739, t.Rows[2].Weights[0]);
        // The paper's rows are min–max normalised: normalising again changes nothing.
        foreach (var (row, again) in t.Rows.Zip(t.Normalised().Rows))
        {
            Assert.Equal(1.0, row.Weights.Max());
            Assert.Equal(0.0, row.Weights.Min());
            Assert.Equal(row.Weights, again.Weights, (a, b) => Math.Abs(a - b) < 1e-12);
        }
        Assert.Equal(t.Rows[1].Weights, t.Rows[3].Weights); // the reference's noted copy slip (hub FFN)
    }

    [Fact]
    public void PaperLabelsMapAndOrderRows()
    {
        var t = LayerWeightTable.Read(AnalysisFixtures.Path("weights.small.excerpt.txt")).WithPaperLabels();
        Assert.Equal(["LA19", "LA19", "ADD23", "ADD23"], t.Rows.Select(r => r.TrainingSet));
        Assert.Equal(["wav2vec2", "hubert", "wav2vec2", "hubert"], t.Rows.Select(r => r.Model));
        Assert.Equal(2, t.Select("wav2vec2", "FFN").Rows.Count);
    }

    [Fact]
    public void WriteReadRoundTripWithDepths()
    {
        using var dir = new ScratchDir();
        var t = new LayerWeightTable(
        [
            new("demo-la", "wav2vec2", "FFN", [0.1, 0.2 + 0.1], 2),
            new("demo-la", "wav2vec2", "AASIST", [1.0 / 3, 0.25, 1e-17, 0.5], 4),
            new("LA19", "wav2vec2", "FFN", [0.0, 1.0]),
        ]);
        t.Write(dir.File("weights.txt"));
        string text = File.ReadAllText(dir.File("weights.txt"));
        Assert.StartsWith("demo-la\twav2vec2\tFFN\t[0.1, 0.30000000000000004]\tn_layers=2\n", text);
        var back = LayerWeightTable.Read(dir.File("weights.txt"));
        Assert.Equal(t.Rows.Count, back.Rows.Count);
        foreach (var (a, b) in t.Rows.Zip(back.Rows))
        {
            Assert.Equal((a.TrainingSet, a.Model, a.Backend, a.NumLayers), (b.TrainingSet, b.Model, b.Backend, b.NumLayers));
            Assert.Equal(a.Weights, b.Weights);
        }
    }

    [Fact]
    public void AverageRowIsTheMeanOfNormalisedRows()
    {
        var t = new LayerWeightTable(
        [
            new("A", "m", "FFN", [1.0, 3.0, 2.0]),   // → 0, 1, 0.5
            new("B", "m", "FFN", [10.0, 0.0, 5.0]),  // → 1, 0, 0.5
            new("C", "m", "FFN", [4.0, 4.0, 8.0]),   // → 0, 0, 1
        ]).WithAverage();
        var avg = t.Rows.Single(r => r.TrainingSet == LayerWeightTable.AverageLabel);
        Assert.Equal([1.0 / 3, 1.0 / 3, 2.0 / 3], avg.Weights.ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        var renormed = new LayerWeightTable(t.Rows.Take(3)).WithAverage(renormalise: true).Rows[^1];
        Assert.Equal([0.0, 0.0, 1.0], renormed.Weights.ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void DataFrameViews()
    {
        var t = new LayerWeightTable([new("A", "m", "FFN", [0.5, 1.0], 2), new("A", "m", "FFN", [0.0, 1.0, 0.25, 0.5], 4)]);
        var tidy = t.ToDataFrame();
        Assert.Equal(6, tidy.Rows.Count);
        Assert.Equal(3, (int)tidy["layer"][4]);
        Assert.Equal(0.25, (double)tidy["weight"][4]);
        var wide = t.ToWideDataFrame();
        Assert.Equal(["training_set", "model", "backend", "n_layers", "1", "2", "3", "4"], wide.Columns.Select(c => c.Name));
        Assert.Null(wide["3"][0]);
        Assert.Equal(0.5, (double)wide["4"][1]);
    }

    [Theory]
    [InlineData("A\tm\tFFN\n", ":1:", "found 3 tab-separated fields")]
    [InlineData("A\tm\tFFN\t0.1, 0.2\n", ":1:", "bracketed list")]
    [InlineData("\t\theader\nA\tm\tFFN\t[0.1, x]\n", ":2:", "weight 2 'x'")]
    [InlineData("A\tm\tFFN\t[0.1, 0.2]\tn_layers=3\n", ":1:", "n_layers=3 but 2 weights")]
    [InlineData("A\tm\tFFN\t[0.1]\tseed=3\n", ":1:", "unexpected field 'seed=3'")]
    public void MalformedWeightFilesNameLineAndProblem(string text, string line, string problem)
    {
        var e = Assert.Throws<ResultsFormatException>(() => LayerWeightTable.Parse(text, "w.txt"));
        Assert.StartsWith("w.txt" + line, e.Message);
        Assert.Contains(problem, e.Message);
    }
}

public class LayerWeightTidyCsvTests
{
    [Fact]
    public void EngineLayerWeightsCsvAveragesSeedsPerBackendAndDepth()
    {
        using var dir = new ScratchDir();
        File.WriteAllText(dir.File("layer_weights.csv"),
            "backend,n_layers,seed,layer,softmax_weight,raw_weight,minmax_weight\n"
            + "FFN,2,1,1,0.4,0,0\nFFN,2,1,2,0.6,0,1\n"
            + "FFN,2,42,1,0.2,0,0\nFFN,2,42,2,0.8,0,1\n"
            + "AASIST,3,1,1,0.5,0,1\nAASIST,3,1,2,0.25,0,0\nAASIST,3,1,3,0.25,0,0\n");
        var t = LayerWeightTable.ReadTidyCsv(dir.File("layer_weights.csv"), "demo-la", "wav2vec2");
        Assert.Equal(2, t.Rows.Count);
        Assert.Equal(("demo-la", "wav2vec2", "FFN", (int?)2), (t.Rows[0].TrainingSet, t.Rows[0].Model, t.Rows[0].Backend, t.Rows[0].NumLayers));
        Assert.Equal([0.3, 0.7], t.Rows[0].Weights.ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([0.5, 0.25, 0.25], t.Rows[1].Weights);
        var e = Assert.Throws<ResultsFormatException>(() => LayerWeightTable.ReadTidyCsv(dir.File("layer_weights.csv"), "x", "m", "nope"));
        Assert.Contains("lacks column(s) nope", e.Message);
    }
}

public class LayerWeightAverageGroupsTests
{
    [Fact]
    public void SingleRowGroupsGetNoAverage()
    {
        var t = new LayerWeightTable(
        [
            new("demo", "m", "FFN", [0.1, 0.9], 2),
            new("demo", "m", "FFN", [0.1, 0.2, 0.7, 0.0], 4),
        ]).WithAverage();
        Assert.Equal(2, t.Rows.Count);
    }
}
