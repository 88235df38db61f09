using Layerwise.Analysis;
using Layerwise.Data;
using Layerwise.Data.Demo;
using Layerwise.Hub;

namespace Layerwise.Tests.Analysis;

public sealed class NotebookContextTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("lw-nbctx-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    static DemoCorpusOptions Small(DemoScenario scenario = DemoScenario.La) => new()
    {
        Scenario = scenario, TrainUtterances = 4, DevUtterances = 4, EvalUtterances = 4, SpeakersPerSplit = 1,
    };

    [Theory]
    [InlineData(false, null, false)]
    [InlineData(false, "1", true)]
    [InlineData(false, "true", true)]
    [InlineData(false, "0", false)]
    [InlineData(true, null, true)]
    [InlineData(true, "0", true)]
    public void QuickModeComesFromTheParameterOrTheEnvironment(bool parameter, string? env, bool expected) =>
        Assert.Equal(expected, NotebookContext.QuickMode(parameter, name => name == "LAYERWISE_QUICK" ? env : null));

    [Fact]
    public void WorkFolderCanBeMovedByTheEnvironment()
    {
        Assert.Equal(Path.GetFullPath(temp), NotebookContext.DefaultWorkDir(n => n == "LAYERWISE_NOTEBOOK_WORK" ? temp : null));
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), ".work"), NotebookContext.DefaultWorkDir(_ => null));
    }

    [Fact]
    public void MissingDatasetFallsBackToTheDemoCorpusOfTheScenarioWithADemoBanner()
    {
        var ctx = NotebookContext.Resolve("partialspoof", Path.Combine(temp, "no-such-root"), "tiny", "cpu", quick: false,
            DemoScenario.Partial, workDir: Path.Combine(temp, "work"), demoOptions: Small(DemoScenario.Partial));

        Assert.True(ctx.IsDemoData);
        Assert.True(ctx.IsRandomModel);
        Assert.False(ctx.ComparableToPaper);
        Assert.Equal("partialspoof", ctx.DatasetId); // the demo's partial layout is read by the PartialSpoof reader
        Assert.Equal(Path.Combine(temp, "work", "demo-partial"), ctx.DataRoot);
        Assert.Equal(Path.Combine(temp, "work", "features"), ctx.CacheDir);
        var (train, dev, evals) = ctx.TrainDevEval();
        Assert.Equal(4, train!.Utterances.Count);
        Assert.Equal(4, dev!.Utterances.Count);
        Assert.Equal(["eval"], evals.Select(s => s.Split));
        string banner = ctx.BannerHtml();
        Assert.Contains("NOT comparable to the paper", banner);
        Assert.Contains("SYNTHETIC demo corpus", banner);
        Assert.Contains("RANDOM weights", banner);
    }

    [Fact]
    public void DatasetPresentUnderTheRootIsUsedAsIs()
    {
        // A corpus in the ASVspoof 2019 LA layout stands for the real dataset here: the reader finds it.
        string root = Path.Combine(temp, "la19");
        DemoCorpus.EnsureCreated(root, Small());
        var ctx = NotebookContext.Resolve("asvspoof2019-la", root, "tiny", "cpu", workDir: Path.Combine(temp, "work"));

        Assert.False(ctx.IsDemoData);
        Assert.Equal(Path.GetFullPath(root), ctx.DataRoot);
        Assert.Equal("asvspoof2019-la", ctx.DatasetId);
        Assert.False(Directory.Exists(Path.Combine(temp, "work", "demo-la")));
        Assert.Equal(12, ctx.ReadSplits().Sum(s => s.Utterances.Count));
        Assert.Contains("NOT comparable", ctx.BannerHtml()); // still a random model
    }

    [Fact]
    public void ModelFolderIsALocalFolderWithConfigOrACachedHubSnapshot()
    {
        string folder = Path.Combine(temp, "model");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), "{}");
        var emptyCache = new HubOptions(HubOptions.DefaultEndpoint, Path.Combine(temp, "hub"), Offline: true);

        Assert.Equal(Path.GetFullPath(folder), NotebookContext.FindModelFolder(folder, emptyCache));
        Assert.Null(NotebookContext.FindModelFolder("tiny", emptyCache));
        Assert.Null(NotebookContext.FindModelFolder("", emptyCache));
        Assert.Null(NotebookContext.FindModelFolder("facebook/wav2vec2-base", emptyCache));
        Assert.Null(NotebookContext.FindModelFolder("not a repo id!", emptyCache));
    }
}
