using Layerwise.Analysis;
using Layerwise.Training;
using Microsoft.Data.Analysis;

namespace Layerwise.Tests.Analysis;

public class ResultsTableTests
{
    static ResultsTable Sample() => new(
    [
        new("demo", "tiny", "FFN", 2, 1, "LA19", 10.0, "run a (single run, seed 1)"),
        new("demo", "tiny", "FFN", 2, 2, "LA19", 20.0, "run b, \"quoted\" (single run, seed 2)"),
        new("demo", "tiny", "FFN", 2, 1, "DF21", 1.0, ""),
        new("demo", "tiny", "FFN", 2, 2, "DF21", 2.0, ""),
        new("demo", "tiny", "FFN", 4, 1, "LA19", 6.0, ""),
        new("demo", "tiny", "FFN", 4, 2, "LA19", 8.0, ""),
        new("demo", "tiny", "FFN", 4, 1, "DF21", 4.0, ""),
        new("demo", "tiny", "FFN", 4, 2, "DF21", 0.125, ""),
        new("demo", "tiny", "AASIST", 4, null, "LA19", 0.1 + 0.2, "mean of seeds 1,2\nsecond line"),
    ]);

    [Fact]
    public void CsvRoundTripKeepsEveryField()
    {
        using var dir = new ScratchDir();
        var t = Sample();
        t.Write(dir.File("results.csv"));
        var back = ResultsTable.Read(dir.File("results.csv"));
        Assert.Equal(t.Records, back.Records);
        Assert.Equal(0.1 + 0.2, back.Records[^1].EerPercent); // round-trip precision, not 0.3
        Assert.StartsWith("model_family,size,backend,n_layers,dataset,eer_percent,source,seed\n", File.ReadAllText(dir.File("results.csv")));
        Assert.Single(Directory.GetFiles(dir.Path)); // no temporary file left behind
    }

    [Fact]
    public void ReadsTheEngineAndPaperLayoutWithoutSeedColumn()
    {
        const string csv = "model_family,size,backend,n_layers,dataset,eer_percent,source\r\n"
            + "wav2vec2,small,FFN,2,LA19,0.54,\"x@1:1_small.txt (single run, seed 1)\"\r\n"
            + "wav2vec2,small,FFN,2,LA19,0.63,\"x@1:avg_small.txt (mean of seeds 1,42,1234; row index 0 -> n_layers 2)\"\r\n"
            + "demo,tiny,AASIST,4,LA19,12.50,\"layerwise run aasist_n4_seed42 (single run, seed 42)\"\r\n";
        var t = ResultsTable.Parse(csv, "results.csv");
        Assert.Equal([1, null, 42], t.Records.Select(r => r.Seed));
        Assert.Equal(0.63, t.Records[1].EerPercent);
        Assert.Equal(4, t.Records[2].NumLayers);
    }

    [Fact]
    public void DataFrameRoundTrip()
    {
        var t = Sample();
        DataFrame df = t.ToDataFrame();
        Assert.Equal(ResultsTable.Columns, df.Columns.Select(c => c.Name));
        Assert.Null(df["seed"][8]);
        Assert.Equal(t.Records, ResultsTable.FromDataFrame(df).Records);
    }

    [Fact]
    public void SeedMeansAndStatisticsByHand()
    {
        var t = Sample();
        var means = t.SeedMeans().Records.Where(r => r.Backend == "FFN").ToDictionary(r => (r.NumLayers, r.Dataset), r => r.EerPercent);
        Assert.Equal(15.0, means[(2, "LA19")]);
        Assert.Equal(1.5, means[(2, "DF21")]);
        Assert.Equal(2.0625, means[(4, "DF21")]);
        // A stored mean row is kept as it is.
        Assert.Contains(t.SeedMeans().Records, r => r.Backend == "AASIST" && r.Source.StartsWith("mean of seeds 1,2\n"));

        var three = new ResultsTable(new[] { 1.0, 2.0, 4.0 }.Select((v, i) => new ResultRecord("m", "s", "FFN", 2, i, "LA19", v)));
        var stats = three.SeedStatistics();
        Assert.Equal(3, (int)stats["seeds"][0]);
        Assert.Equal(7.0 / 3, (double)stats["eer_mean"][0], 12);
        Assert.Equal(Math.Sqrt(42.0 / 18), (double)stats["eer_sd"][0], 12); // sample sd: ((16 + 1 + 25) / 9) / 2
        var one = new ResultsTable([new ResultRecord("m", "s", "FFN", 2, 1, "LA19", 3)]).SeedStatistics();
        Assert.Null(one["eer_sd"][0]);
    }

    [Fact]
    public void PivotIsLayersByDatasetWithRecomputedAverage()
    {
        var df = Sample().Pivot("demo", "tiny", "FFN");
        Assert.Equal(["n_layers", "LA19", "DF21", "AVG"], df.Columns.Select(c => c.Name));
        Assert.Equal([2, 4], new[] { (int)df["n_layers"][0], (int)df["n_layers"][1] });
        Assert.Equal(15.0, (double)df["LA19"][0]);
        Assert.Equal((15.0 + 1.5) / 2, (double)df["AVG"][0]);
        Assert.Equal((7.0 + 2.0625) / 2, (double)df["AVG"][1]);
        var seed2 = Sample().Pivot("demo", "tiny", "FFN", seed: 2);
        Assert.Equal(0.125, (double)seed2["DF21"][1]);
        var best = Sample().BestNumLayers("demo", "tiny", "FFN");
        Assert.Equal((4, (7.0 + 2.0625) / 2), best);
    }

    [Fact]
    public void ComparesWithThePaperCellByCell()
    {
        var ours = new ResultsTable(
        [
            new("demo", "tiny", "FFN", 4, 1, "LA19", 1.0),
            new("demo", "tiny", "FFN", 4, 1, "Synthetic", 5.0),
        ]);
        var df = ours.CompareWith(PaperResults.Table, paperFamily: "wav2vec2", paperSize: "small");
        Assert.Equal(["model_family", "size", "backend", "n_layers", "dataset", "ours_eer_percent", "paper_config", "paper_eer_percent", "difference"],
            df.Columns.Select(c => c.Name));
        Assert.Equal("wav2vec2-small", df["paper_config"][0]);
        Assert.Equal(0.58, (double)df["paper_eer_percent"][0]); // avg_small.txt, w2v FFN n=4 LA19
        Assert.Equal(1.0 - 0.58, (double)df["difference"][0], 12);
        Assert.Null(df["paper_eer_percent"][1]);
        Assert.Null(df["difference"][1]);
    }

    [Theory]
    [InlineData("model_family,size,backend,n_layers,dataset,eer_percent\nw,s,FFN,two,LA19,1\n", ":2:", "n_layers 'two'")]
    [InlineData("model_family,size,backend,n_layers,dataset,eer_percent\nw,s,FFN,2,LA19,abc\n", ":2:", "eer_percent 'abc'")]
    [InlineData("model_family,size,backend,n_layers,dataset,eer_percent\nw,s,FFN,2,LA19\n", ":2:", "5 fields")]
    [InlineData("model_family,size,backend,n_layers,seed,dataset,eer_percent\nw,s,FFN,2,x,LA19,1\n", ":2:", "seed 'x'")]
    [InlineData("model_family,size,n_layers,dataset,eer_percent\n", ":1:", "lacks column(s) backend")]
    [InlineData("", ":1:", "empty file")]
    public void MalformedCsvNamesFileLineAndProblem(string csv, string line, string problem)
    {
        var e = Assert.Throws<ResultsFormatException>(() => ResultsTable.Parse(csv, "bad.csv"));
        Assert.IsAssignableFrom<LayerwiseInputException>(e);
        Assert.StartsWith("bad.csv" + line, e.Message);
        Assert.Contains(problem, e.Message);
    }
}
