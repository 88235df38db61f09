using Layerwise.Data;
using Layerwise.Features;
using Layerwise.Models.Backends;
using Layerwise.Replication;
using Layerwise.Tests.Data;
using Layerwise.Training;

namespace Layerwise.Tests.Replication;

/// <summary>Config resolution, the paper's defaults, the matrix's size, the Slurm script and the table number format
/// (no training here; the end-to-end test runs a matrix).</summary>
public sealed class ReplicationConfigTests : IDisposable
{
    readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    static string PaperJson => Path.Combine(RepoPaths.Root, "replicate", "paper.json");

    [Fact]
    public void ThePaperConfigIsTheWholeMatrixOfThePaper()
    {
        var c = ReplicationConfig.Load(PaperJson, new DataHome(dir.Path));
        Assert.Equal(["LA19", "LA21", "DF21", "ADD23.1", "ADD23.2", "HABLA", "PartialSpoof", "HAD", "SceneFake", "CtrSVDD"], c.Columns.Select(x => x.Column));
        Assert.Equal([1, 42, 1234], c.Seeds);
        Assert.Equal([BackendKind.Ffn, BackendKind.Aasist], c.Backends);
        Assert.Equal((50, 10, 32), (c.Training.MaxEpochs, c.Training.Patience, c.Training.BatchSize));
        Assert.Equal([2, 4, 6, 12], c.Models.Single(m => m.Name == "wavlm-base-plus").Grid);
        Assert.Equal([4, 6, 8, 10, 12, 24], c.Models.Single(m => m.Name == "xls-r-300m").Grid);
        // 3 small models × 4 depths + 3 large × 6, × 2 back-ends × 3 seeds × 7 trainings.
        Assert.Equal((3 * 4 + 3 * 6) * 2 * 3 * 7, ReplicationPlan.Cells(c).Count);
        Assert.Equal(Path.Combine(dir.Path, "asvspoof2021-df"), c.Columns.Single(x => x.Column == "DF21").Data.Root);
        // The scenario follows each study's dataset; PartialSpoof and HAD are padded in batches (so cached per seed).
        Assert.Equal(["LA19", "ADD23", "HABLA", "Partial", "HAD", "SceneFake", "CtrSVDD"], c.Studies.Select(s => s.Scenario.Name));
        Assert.Equal([false, false, false, true, true, false, false], c.Studies.Select(s => s.PaddedBatches));
        // One extraction per model and dataset (9 datasets; PartialSpoof and HAD once per seed): 6 × (7 + 2 × 3).
        var steps = ReplicationPlan.Extractions(c);
        Assert.Equal(6 * (7 + 2 * 3), steps.Count);
        Assert.Contains(steps, s => s.Id == "extract/hubert-large/partialspoof/s42" && s.Batching == "padded-batch:32:no-mask:seed=42");
        Assert.Equal(["train", "dev", "eval"], steps.Single(s => s.Id == "extract/wav2vec2-base/asvspoof2019-la").Splits);
        Assert.Equal(EerDefinition.Official, c.Columns.Single(x => x.Column == "LA21").Definition);
        Assert.Equal(EerDefinition.Official, c.Columns.Single(x => x.Column == "LA19").Definition);
        Assert.All(c.Columns.Where(x => x.Column is not ("LA19" or "LA21")), x => Assert.Equal(EerDefinition.Sklearn, x.Definition));
    }

    [Fact]
    public void FamilySizeAndGridComeFromTheCheckpointsConfigAndColumnsFromThePaperNames()
    {
        var path = Write("""
            { "models": [ { "model": "MODEL_SMALL", "n_layers": [1, 4] }, { "name": "big", "model": "MODEL_LARGE", "n_layers": [2, 4] } ],
              "studies": [ { "train": { "dataset": "scenefake", "root": "sf" }, "eval": [ { "dataset": "scenefake", "root": "sf" } ] } ] }
            """);
        var c = ReplicationConfig.Load(path, null);
        var small = c.Models[0];
        Assert.Equal(("hubert-base-tiny", "hubert", "small"), (small.Name, small.Family, small.Size));
        Assert.Equal(("wav2vec2", "large"), (c.Models[1].Family, c.Models[1].Size)); // 4 blocks, but pre-LN: a Large model
        Assert.Equal("SceneFake", c.Columns.Single().Column);
        Assert.Equal("eval", c.Columns.Single().Split);
        Assert.Equal(Path.Combine(dir.Path, "sf"), c.Studies[0].Train.Root);
        Assert.Equal(Scenario.SceneFake, c.Studies[0].Scenario);
        Assert.Equal(2 * 2 * 3, ReplicationPlan.Cells(c).Count(x => x.Model.Name == "big")); // 2 depths × 2 back-ends × 3 seeds × 1 study
        Assert.Equal("big/scenefake/aasist/n4/s1234", ReplicationPlan.Cells(c)[^1].Id);
    }

    [Theory]
    [InlineData("""{ "models": [ { "model": "MODEL_SMALL", "n_layers": [2] } ], "studies": [ { "train": { "dataset": "generic", "root": "g" }, "eval": [ { "column": "X", "dataset": "generic", "root": "g" } ] } ] }""", "no training scenario for 'generic'")]
    [InlineData("""{ "models": [ { "model": "MODEL_SMALL", "n_layers": [2, 12] } ], "studies": [ { "train": { "dataset": "scenefake", "root": "s" }, "eval": [ { "dataset": "scenefake", "root": "s" } ] } ] }""", "n_layers [2, 12] must be distinct depths in 1..4")]
    [InlineData("""{ "models": [ { "model": "MODEL_SMALL", "n_layers": [2] } ], "studies": [ { "train": { "dataset": "scenefake" }, "eval": [ { "dataset": "scenefake" } ] } ] }""", "no 'root' for 'scenefake' and no data home")]
    [InlineData("""{ "models": [ { "model": "MODEL_SMALL" } ], "studies": [ { "train": { "dataset": "scenefake", "root": "s" }, "eval": [ { "dataset": "scenefake", "root": "s" } ] } ], "epochs": 3 }""", "epochs")]
    [InlineData("""{ "studies": [] }""", "'models' is required")]
    public void BadConfigsAreInputErrorsNamingTheFile(string json, string expected)
    {
        var path = Write(json);
        var e = Assert.Throws<ReplicationConfigException>(() => ReplicationConfig.Load(path, null));
        Assert.StartsWith(path, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.IsAssignableFrom<LayerwiseInputException>(e);
    }

    [Fact]
    public void TheSlurmScriptIsAnArrayOverTheCellsAfterTheExtractionsWithCollectLast()
    {
        var c = ReplicationConfig.Load(PaperJson, new DataHome(dir.Path));
        var script = SlurmScript.Emit(new ReplicationRunner(c, Path.Combine(dir.Path, "out"), TextWriter.Null), "/opt/layerwise/Layerwise.Cli", 16, dir.Path);
        Assert.Contains("#SBATCH --array=0-1259%16\n", script);
        Assert.Contains("--dependency=afterok:${ext%%;*} --export=ALL,LAYERWISE_STAGE=cell", script);
        Assert.Contains("--array=0 --dependency=afterok:${cel%%;*} --export=ALL,LAYERWISE_STAGE=collect", script);
        Assert.Contains("'extract/wavlm-large/had/s1234'", script);
        Assert.Contains("'wavlm-large/ctrsvdd/aasist/n24/s1234'", script);
    }

    [Theory]
    [InlineData(21.525, "21.52")] // half to even on the decimal value, as Python's round
    [InlineData(21.535, "21.54")]
    [InlineData(10.0, "10.0")]
    [InlineData(6.1, "6.1")]
    [InlineData(0.004, "0.0")]
    [InlineData(double.NaN, "nan")]
    public void TableNumbersAreWrittenAsPythonsReprOfRound2(double value, string expected) =>
        Assert.Equal(expected, PythonFloat.Round2(value));

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.2496662391238661, "0.2496662391238661")]
    [InlineData(0.00040250165424045086, "0.00040250165424045086")]
    [InlineData(1.5e-05, "1.5e-05")]
    [InlineData(0.0, "0.0")]
    public void WeightsAreWrittenAsPythonsRepr(double value, string expected) => Assert.Equal(expected, PythonFloat.Repr(value));

    [Fact]
    public void ThePaddedBatchModeIsRecordedInTheCacheKeyWithoutChangingOtherKeys()
    {
        var plain = new FeatureCacheKey("m", "r", "p", "full", 4);
        Assert.Equal("4bb7b4c7ffa08b5d".Length, plain.Digest().Length);
        Assert.NotEqual(plain.Digest(), (plain with { Batching = PaddedBatchExtraction.Batching(1) }).Digest());
        Assert.NotEqual((plain with { Batching = PaddedBatchExtraction.Batching(1) }).Digest(), (plain with { Batching = PaddedBatchExtraction.Batching(42) }).Digest());
        // Batches: a seeded permutation cut into 32s, the same for the same seed.
        var utts = Enumerable.Range(0, 70).Select(i => new Utterance($"u{i}", $"/x/{i}.wav", Label.Spoof, "A01", "s", "train")).ToList();
        var a = PaddedBatchExtraction.Batches(utts, 1);
        Assert.Equal([32, 32, 6], a.Select(b => b.Count));
        Assert.Equal(a.SelectMany(b => b).Select(u => u.Id), PaddedBatchExtraction.Batches(utts, 1).SelectMany(b => b).Select(u => u.Id));
        Assert.NotEqual(a.SelectMany(b => b).Select(u => u.Id), PaddedBatchExtraction.Batches(utts, 42).SelectMany(b => b).Select(u => u.Id));
        Assert.Equal(utts.Select(u => u.Id).Order(), a.SelectMany(b => b).Select(u => u.Id).Order());
    }

    string Write(string json)
    {
        json = json.Replace("MODEL_SMALL", RepoPaths.Fixtures("ssl-parity", "hubert-base-tiny").Replace("\\", "/"))
                   .Replace("MODEL_LARGE", RepoPaths.Fixtures("ssl-parity", "wav2vec2-large-tiny").Replace("\\", "/"));
        return dir.Write("config.json", json);
    }
}
