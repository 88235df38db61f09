using Layerwise.Analysis;

namespace Layerwise.Tests.Analysis;

public class PaperResultsTests
{
    // Reference doc section 3.2 (seed means from avg_*.txt): family, size, back-end, "n: EER" pairs, best n.
    public static TheoryData<string, string, string, string, int> Section32 => new()
    {
        { "wav2vec2", "small", "FFN", "2: 21.53, 4: 21.45, 6: 21.68, 12: 21.85", 4 },
        { "wav2vec2", "small", "AASIST", "2: 22.89, 4: 21.61, 6: 21.78, 12: 21.42", 12 },
        { "hubert", "small", "FFN", "2: 24.50, 4: 22.46, 6: 20.99, 12: 22.19", 6 },
        { "hubert", "small", "AASIST", "2: 24.18, 4: 21.26, 6: 21.46, 12: 23.27", 4 },
        { "wavlm", "small", "FFN", "2: 21.49, 4: 19.29, 6: 19.21, 12: 20.63", 6 },
        { "wavlm", "small", "AASIST", "2: 21.46, 4: 19.94, 6: 20.78, 12: 21.07", 4 },
        { "wav2vec2", "large", "FFN", "4: 23.59, 6: 19.47, 8: 17.49, 10: 16.85, 12: 16.25, 24: 16.06", 24 },
        { "wav2vec2", "large", "AASIST", "4: 25.25, 6: 20.97, 8: 19.23, 10: 18.38, 12: 17.90, 24: 18.62", 12 },
        { "hubert", "large", "FFN", "4: 22.76, 6: 20.99, 8: 19.12, 10: 18.79, 12: 17.95, 24: 18.08", 12 },
        { "hubert", "large", "AASIST", "4: 23.47, 6: 22.60, 8: 21.76, 10: 21.44, 12: 21.63, 24: 21.31", 24 },
        { "wavlm", "large", "FFN", "4: 22.19, 6: 20.03, 8: 17.97, 10: 16.95, 12: 16.63, 24: 16.66", 12 },
        { "wavlm", "large", "AASIST", "4: 22.03, 6: 20.11, 8: 18.29, 10: 17.80, 12: 16.29, 24: 17.08", 12 },
    };

    [Theory]
    [MemberData(nameof(Section32))]
    public void AverageByLayersRecomputedFromTheTestSetsMatchesTheReferenceDoc(string family, string size, string backend, string expected, int bestN)
    {
        var want = expected.Split(", ").Select(p => p.Split(": ")).ToDictionary(p => int.Parse(p[0]), p => double.Parse(p[1]));
        var got = PaperResults.AverageByLayers(family, size, backend);
        Assert.Equal(want.Keys.Order(), got.Keys);
        Assert.Equal(PaperResults.NumLayersGrid(size), got.Keys);
        foreach (var (n, eer) in want)
            Assert.True(Math.Abs(got[n] - eer) <= 0.01, $"{family}-{size} {backend} n={n}: {got[n]} vs {eer}");
        Assert.Equal(bestN, PaperResults.BestNumLayers(family, size, backend).NumLayers);
    }

    [Fact]
    public void TableHoldsEveryRowOfTheReferenceCsv()
    {
        var t = PaperResults.Table;
        Assert.Equal(2640, t.Count);
        Assert.Equal(12, t.Configurations().Count);
        Assert.Equal([1, 42, 1234], t.Seeds());
        Assert.Equal(ResultsTable.PaperTestSets, t.TestSets());
        // A quarter of the rows are seed means (avg_*.txt), the rest one per seed.
        Assert.Equal(660, t.Records.Count(r => r.Seed is null));
        Assert.Equal(660, t.Records.Count(r => r.Seed == 42));
        var df = PaperResults.ToDataFrame();
        Assert.Equal(2640, df.Rows.Count);
        Assert.Equal(ResultsTable.Columns, df.Columns.Select(c => c.Name));
    }

    [Fact]
    public void EerTableRowMatchesTheReferenceDocRepresentativeValues()
    {
        // Section 3.2: wav2vec2-large FFN n=24 and wavlm-small FFN n=6.
        AssertRow(PaperResults.EerTable("wav2vec2", "large", "FFN"), 24, [0.21, 4.63, 4.14, 46.29, 59.91, 10.01, 2.48, 16.83, 2.96, 13.18]);
        AssertRow(PaperResults.EerTable("wavlm", "small", "FFN"), 6, [0.44, 6.92, 9.39, 59.81, 67.63, 9.86, 2.54, 15.99, 3.25, 16.24]);

        static void AssertRow(Microsoft.Data.Analysis.DataFrame df, int n, double[] values)
        {
            Assert.Equal(["n_layers", .. ResultsTable.PaperTestSets, "AVG"], df.Columns.Select(c => c.Name));
            long row = Enumerable.Range(0, (int)df.Rows.Count).Single(i => (int)df["n_layers"][i] == n);
            for (int k = 0; k < values.Length; k++)
                Assert.Equal(values[k], (double)df[ResultsTable.PaperTestSets[k]][row], 2);
            Assert.Equal(values.Average(), (double)df["AVG"][row], 2);
        }
    }

    [Fact]
    public void BestPerTestSetMatchesTheReferenceDoc()
    {
        // Section 3.2 "Best seed-mean per test set".
        var means = PaperResults.Table.SeedMeans().Records;
        (string Set, double Eer, string Family, string Size, string Backend, int N)[] expected =
        [
            ("LA19", 0.15, "wav2vec2", "large", "FFN", 8),
            ("LA21", 4.35, "wavlm", "small", "AASIST", 12),
            ("DF21", 4.14, "wav2vec2", "large", "FFN", 24),
            ("PartialSpoof", 1.82, "wav2vec2", "small", "AASIST", 4),
            ("HAD", 9.90, "hubert", "large", "FFN", 24),
            ("SceneFake", 2.44, "hubert", "small", "FFN", 12),
            ("CtrSVDD", 10.52, "wavlm", "large", "AASIST", 10),
        ];
        foreach (var e in expected)
        {
            var best = means.Where(r => r.Dataset == e.Set).MinBy(r => r.EerPercent)!;
            Assert.Equal(e.Eer, best.EerPercent, 2);
            Assert.Equal((e.Family, e.Size, e.Backend, e.N), (best.ModelFamily, best.Size, best.Backend, best.NumLayers));
        }
    }

    [Fact]
    public void StoredSeedMeansAgreeWithTheMeanOfTheSeedTables()
    {
        // The reference doc checked every cell: max |diff| 0.0033 (rounding of the printed tables).
        var stats = PaperResults.Table.SeedStatistics();
        var stored = PaperResults.Table.Records.Where(r => r.Seed is null)
            .ToDictionary(r => (r.ModelFamily, r.Size, r.Backend, r.NumLayers, r.Dataset), r => r.EerPercent);
        Assert.Equal(stored.Count, stats.Rows.Count);
        double maxDiff = 0;
        for (int i = 0; i < stats.Rows.Count; i++)
        {
            Assert.Equal(3, (int)stats["seeds"][i]);
            var key = ((string)stats["model_family"][i], (string)stats["size"][i], (string)stats["backend"][i], (int)stats["n_layers"][i], (string)stats["dataset"][i]);
            maxDiff = Math.Max(maxDiff, Math.Abs((double)stats["eer_mean"][i] - stored[key]));
        }
        Assert.InRange(maxDiff, 0.0, 0.0051);
    }

    [Fact]
    public void StoredAverageIsThePlainMeanOfTheTenTestSets()
    {
        foreach (var g in PaperResults.Table.Records.GroupBy(r => (r.ModelFamily, r.Size, r.Backend, r.NumLayers, r.Seed)))
        {
            var sets = g.Where(r => r.Dataset != "AVG").ToList();
            Assert.Equal(10, sets.Count);
            double avg = g.Single(r => r.Dataset == "AVG").EerPercent;
            // Cells and AVG are printed with 2 decimals: each side is off by at most 0.005.
            Assert.True(Math.Abs(sets.Average(r => r.EerPercent) - avg) <= 0.0101, $"{g.Key}: {avg}");
        }
    }

    [Fact]
    public void PerSeedTableIsSelectedBySeed()
    {
        // paper_results.csv line 2 of 1_small.txt: wav2vec2 small FFN n=2 LA19 seed 1 = 0.54.
        var df = PaperResults.EerTable("wav2vec2", "small", "FFN", seed: 1);
        Assert.Equal(0.54, (double)df["LA19"][0]);
        Assert.Equal(2, (int)df["n_layers"][0]);
    }

    [Fact]
    public void BestConfigurationsListsBestAndFullDepth()
    {
        var df = PaperResults.BestConfigurations();
        Assert.Equal(12, df.Rows.Count);
        var i = Enumerable.Range(0, 12).Single(k => (string)df["model_family"][k] == "hubert" && (string)df["size"][k] == "small" && (string)df["backend"][k] == "FFN");
        Assert.Equal(6, (int)df["best_n_layers"][i]);
        Assert.InRange((double)df["best_avg_eer"][i], 20.98, 21.00);
        Assert.Equal(12, (int)df["full_n_layers"][i]);
        Assert.InRange((double)df["full_avg_eer"][i], 22.18, 22.20); // recomputed from 2-decimal cells: 22.196
    }

    [Fact]
    public void EmbeddedCsvIsTheCommittedCopy()
    {
        string committed = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Layerwise", "Analysis", "Data", "paper_results.csv"));
        Assert.Equal(committed, PaperResults.ReadCsvText());
    }
}

public class PaperLayerWeightsTests
{
    [Theory]
    [InlineData("small", 12)]
    [InlineData("large", 24)]
    public void EmbeddedWeightFilesHoldEveryPanelRowNormalised(string size, int layers)
    {
        var t = PaperResults.LayerWeights(size);
        Assert.Equal(7 * 3 * 2, t.Rows.Count); // 7 training sets × 3 models × 2 back-ends
        Assert.All(t.Rows, r =>
        {
            Assert.Equal(layers, r.Weights.Count);
            Assert.Equal(1.0, r.Weights.Max());
            Assert.Equal(0.0, r.Weights.Min());
        });
        var panel = PaperResults.LayerWeightPanel("wav2vec2", size, "FFN");
        Assert.Equal(LayerWeightTable.PaperRowOrder, panel.Rows.Select(r => r.TrainingSet));
    }

    [Fact]
    public void SmallFileStartsAsTheCommittedExcerpt()
    {
        // The fixture excerpt was taken from the paper's weights.small.txt independently of the embedded copy.
        var excerpt = LayerWeightTable.Read(AnalysisFixtures.Path("weights.small.excerpt.txt")).Rows;
        var embedded = PaperResults.LayerWeights("small").Rows;
        foreach (var row in excerpt)
            Assert.Contains(embedded, e => e.TrainingSet == row.TrainingSet && e.Model == row.Model && e.Backend == row.Backend && e.Weights.SequenceEqual(row.Weights));
    }

    [Fact]
    public void EmbeddedFilesAreTheCommittedCopies()
    {
        foreach (var size in new[] { "small", "large" })
        {
            var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Layerwise", "Analysis", "Data", $"paper_weights.{size}.txt"));
            Assert.Equal(size == "small" ? 9723 : 20055, text.Length); // sizes of the repo's files
        }
    }
}
