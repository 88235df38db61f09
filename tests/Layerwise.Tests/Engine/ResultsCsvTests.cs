using System.Globalization;
using Layerwise.Analysis;
using Layerwise.Training;

namespace Layerwise.Tests.Engine;

/// <summary>results.csv: the one writer and reader (sweep, demo, replicate and the analysis tables).</summary>
public class ResultsCsvTests
{
    [Fact]
    public void WritesThePapersColumnsThenSeedWithTheSourceQuoted()
    {
        var rows = new ResultRecord[]
        {
            new("wav2vec2", "small", "FFN", 2, 42, "LA19", 1.004, "layerwise run ffn_n2_seed42 (single run, seed 42)"),
            new("wav2vec2", "small", "FFN", 2, null, "AVG", 3.0, "mean of seeds 1,42"),
            new("a,b", "small", "FFN", 2, 1, "LA19", 0.5, "say \"hi\""),
        };
        string text = ResultsCsv.Format(rows, eer => eer.ToString("0.00", CultureInfo.InvariantCulture));
        Assert.Equal(
            "model_family,size,backend,n_layers,dataset,eer_percent,source,seed\n" +
            "wav2vec2,small,FFN,2,LA19,1.00,\"layerwise run ffn_n2_seed42 (single run, seed 42)\",42\n" +
            "wav2vec2,small,FFN,2,AVG,3.00,\"mean of seeds 1,42\",\n" +
            "\"a,b\",small,FFN,2,LA19,0.50,\"say \"\"hi\"\"\",1\n", text);

        // Round trip (default: round-trip precision): every field back, the quoted ones unescaped.
        Assert.Equal(rows, ResultsCsv.Parse(ResultsCsv.Format(rows), "r.csv"));
    }

    [Fact]
    public void ExtraColumnsFollowTheSeedAndAreIgnoredOnRead()
    {
        var row = new ResultRecord("hubert", "small", "AASIST", 4, 7, "SceneFake", 12.5, "layerwise replicate x");
        string text = ResultsCsv.Format([(row, (IReadOnlyList<string>)["sklearn", "13.0000"])], ["eer_definition", "eer_official_percent"],
            eer => eer.ToString("0.0000", CultureInfo.InvariantCulture));
        Assert.Equal("model_family,size,backend,n_layers,dataset,eer_percent,source,seed,eer_definition,eer_official_percent\n" +
                     "hubert,small,AASIST,4,SceneFake,12.5000,\"layerwise replicate x\",7,sklearn,13.0000\n", text);
        Assert.Equal([row], ResultsCsv.Parse(text));
        Assert.Throws<ArgumentException>(() => ResultsCsv.Format([(row, (IReadOnlyList<string>)["sklearn"])], ["eer_definition", "eer_official_percent"]));
    }

    [Fact]
    public void ResultsWrittenBeforeTheSeedColumnStillLoad()
    {
        // results.csv as `sweep` / `demo` wrote it before the seed column: the seed only in the source text.
        using var dir = new TempDir();
        string path = dir.Sub("results.csv");
        File.WriteAllText(path,
            "model_family,size,backend,n_layers,dataset,eer_percent,source\n" +
            "demo,tiny,FFN,2,eval,12.50,\"layerwise run ffn_n2_seed7 (single run, seed 7)\"\n" +
            "demo,tiny,FFN,2,AVG,12.50,\"layerwise run ffn_n2_seed7 (single run, seed 7)\"\n" +
            "demo,tiny,FFN,2,eval,11.25,\"layerwise run ffn_n2_seed8 (single run, seed 8)\"\n" +
            "demo,tiny,FFN,2,eval,11.88,\"mean of seeds 7,8\"\n");
        var rows = ResultsCsv.Read(path);
        Assert.Equal([7, 7, 8, null], rows.Select(r => r.Seed));
        Assert.Equal([12.5, 12.5, 11.25, 11.88], rows.Select(r => r.EerPercent));
        Assert.Equal("mean of seeds 7,8", rows[3].Source);

        // The analysis table reads the same file the same way: the seed mean of eval is the stored row.
        var table = ResultsTable.Read(path);
        Assert.Equal([7, 8], table.Seeds());
        Assert.Equal(11.88, table.SeedMeans().Records.Single(r => r.Dataset == "eval").EerPercent);
    }

    [Fact]
    public void AnExplicitSeedColumnWinsOverTheSourceText()
    {
        const string csv = "model_family,size,backend,n_layers,dataset,eer_percent,source,seed\n" +
                           "demo,tiny,FFN,2,eval,1,\"(single run, seed 5)\",\n" +
                           "demo,tiny,FFN,2,eval,2,\"anything\",9\n";
        Assert.Equal([null, 9], ResultsCsv.Parse(csv).Select(r => r.Seed));
    }
}
