using Layerwise.Analysis;
using Layerwise.Models.Ssl;
using Layerwise.Notebooks;
using Layerwise.Replication;
using Layerwise.Study;
using Layerwise.Tests.Ssl;

namespace Layerwise.Tests.Analysis;

/// <summary>The CLI (<see cref="SslCheckpoint.Open"/>, used by extract/train/sweep/replicate) and the notebooks
/// (<see cref="NotebookStudy.ModelInfo"/>) give one checkpoint one identity, hence one feature-cache folder.</summary>
public sealed class ModelIdentityTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("lw-identity-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Theory]
    [InlineData("wav2vec2-base-tiny")]
    [InlineData("wavlm-large-tiny")]
    public void A_checkpoint_folder_has_the_same_identity_in_the_cli_and_the_notebooks(string fixture)
    {
        string folder = SslFixtures.Folder(fixture);
        AssertSameIdentity(folder);
    }

    [Fact]
    public void The_embedded_model_has_the_same_identity_in_the_cli_and_the_notebooks() =>
        AssertSameIdentity(EmbeddedModels.PretrainedDemo);

    /// <summary>End to end: `layerwise extract` on the notebooks' demo corpus and a notebook study of the same
    /// checkpoint and scenario write to the same cache folder (model identity, preprocessing and the 1 s demo crop).</summary>
    [Fact]
    public void The_cli_and_a_notebook_study_put_one_checkpoint_in_one_cache_folder()
    {
        string folder = SslFixtures.Folder("wav2vec2-base-tiny");
        var ctx = NotebookContext.Resolve("asvspoof2019-la", "", folder, "cpu", workDir: Path.Combine(temp, "work"),
            demoOptions: new Layerwise.Data.Demo.DemoCorpusOptions { TrainUtterances = 4, DevUtterances = 4, EvalUtterances = 4 },
            environment: _ => null);
        Assert.True(ctx.IsDemoData);
        using var study = new NotebookStudy(ctx, Layerwise.Training.Scenario.La19);

        string cliCache = Path.Combine(temp, "cli-cache");
        var (code, _, err) = CliRunner.Run("extract", "--dataset", "demo", "--root", ctx.DataRoot, "--scenario", "demo",
            "--model", folder, "--cache", cliCache, "--device", "cpu");
        Assert.True(code == 0, err);
        var cliFolder = Assert.Single(Directory.GetDirectories(cliCache));
        Assert.Equal(Path.GetRelativePath(ctx.CacheDir, study.Cache.Folder), Path.GetRelativePath(cliCache, cliFolder));
        Assert.Equal(study.Key, Layerwise.Features.FeatureCache.Open(cliFolder).Key);
    }

    void AssertSameIdentity(string model)
    {
        var (ssl, cli) = SslCheckpoint.Open(model, numLayers: 1, randomSeed: 0, device: "cpu");
        ssl.Dispose();
        var ctx = NotebookContext.Resolve("asvspoof2019-la", "", model, "cpu", workDir: Path.Combine(temp, "work"),
            demoOptions: new Layerwise.Data.Demo.DemoCorpusOptions { TrainUtterances = 4, DevUtterances = 4, EvalUtterances = 4 },
            environment: _ => null);
        var notebook = NotebookStudy.ModelInfo(ctx, ctx.ModelConfig);
        Assert.Equal(cli.Id, notebook.Id);
        Assert.Equal(cli.Revision, notebook.Revision);
        Assert.StartsWith("sha256:", notebook.Revision);
        Assert.Equal(cli.Family, notebook.Family);
        Assert.Equal(cli.Size, notebook.Size);
    }
}
