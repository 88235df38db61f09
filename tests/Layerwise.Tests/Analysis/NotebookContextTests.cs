using Layerwise.Analysis;
using Layerwise.Data;
using Layerwise.Data.Demo;
using Layerwise.Hub;
using Layerwise.Notebooks;

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

    static Func<string, string?> Env(params (string Key, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Key == name).Value;

    static readonly Func<string, string?> NoEnv = _ => null;

    [Fact]
    public void NoDataHomeMeansTheDemoCorpusOfTheScenarioWithADemoBannerAndStatusLine()
    {
        var ctx = NotebookContext.Resolve("partialspoof", "", "", "cpu", quick: false,
            DemoScenario.Partial, workDir: Path.Combine(temp, "work"), demoOptions: Small(DemoScenario.Partial), environment: NoEnv);

        Assert.True(ctx.IsDemoData);
        Assert.False(ctx.IsRandomModel); // the default model (NotebookDefaults.Model): the embedded pretrained one
        Assert.True(ctx.IsEmbeddedModel);
        Assert.False(ctx.ComparableToPaper);
        Assert.Equal("partialspoof", ctx.DatasetId); // the demo's partial layout is read by the PartialSpoof reader
        Assert.Equal(Path.Combine(temp, "work", "demo-partial"), ctx.DataRoot);
        Assert.Equal(Path.Combine(temp, "work", "features"), ctx.CacheDir);
        var (train, dev, evals) = ctx.TrainDevEval();
        Assert.Equal(4, train!.Utterances.Count);
        Assert.Equal(4, dev!.Utterances.Count);
        Assert.Equal(["eval"], evals.Select(s => s.Split));
        Assert.Equal("layerwise-notebook: data=demo weights=pretrained-demo model=pretrained-demo device=cpu datasets=partialspoof", ctx.StatusLine());
        string banner = ctx.BannerHtml();
        Assert.Contains("NOT comparable to the paper", banner);
        Assert.Contains("SYNTHETIC demo corpus", banner);
        Assert.Contains("pretrained on its own synthetic speech", banner);
    }

    [Fact]
    public void DatasetInTheDataHomeIsReadFromItsCatalogIdFolder()
    {
        // A corpus in the ASVspoof 2019 LA layout stands for the real dataset here: the reader finds it.
        string home = Path.Combine(temp, "home");
        DemoCorpus.EnsureCreated(Path.Combine(home, "asvspoof2019-la"), Small());
        var ctx = NotebookContext.Resolve("ASVspoof2019-LA", home, "tiny", "cpu", workDir: Path.Combine(temp, "work"), environment: NoEnv);

        Assert.False(ctx.IsDemoData);
        Assert.Equal(Path.Combine(home, "asvspoof2019-la"), ctx.DataRoot);
        Assert.Equal("asvspoof2019-la", ctx.DatasetId);
        Assert.False(Directory.Exists(Path.Combine(temp, "work", "demo-la")));
        Assert.Equal(12, ctx.ReadSplits().Sum(s => s.Utterances.Count));
        Assert.StartsWith("layerwise-notebook: data=real weights=random ", ctx.StatusLine());
        Assert.Contains("random SSL weights, so the numbers are NOT comparable", ctx.BannerHtml());
        Assert.DoesNotContain("SYNTHETIC", ctx.BannerHtml());
    }

    [Fact]
    public void TheEnvironmentOverridesTheParametersCell()
    {
        string home = Path.Combine(temp, "home");
        DemoCorpus.EnsureCreated(Path.Combine(home, "asvspoof2019-la"), Small());
        string model = SslFixtureFolder("wav2vec2-base-tiny");
        var ctx = NotebookContext.Resolve("asvspoof2019-la", "", "tiny", "cuda", workDir: Path.Combine(temp, "work"),
            environment: Env(("LAYERWISE_DATA", home), ("LAYERWISE_MODEL", model), ("LAYERWISE_DEVICE", "cpu"), ("LAYERWISE_QUICK", "1")));

        Assert.False(ctx.IsDemoData);
        Assert.Equal(model, ctx.ModelFolder);
        Assert.True(ctx.Quick);
        Assert.Equal($"layerwise-notebook: data=real weights=checkpoint model={model} device=cpu datasets=asvspoof2019-la", ctx.StatusLine());
        Assert.DoesNotContain("DEMO OUTPUT", ctx.BannerHtml());
    }

    static string SslFixtureFolder(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "ssl-parity", name);

    [Fact]
    public void WhatWasNamedButCannotBeReadIsAnErrorWithTheReadersMessage()
    {
        string work = Path.Combine(temp, "work");
        string home = Path.Combine(temp, "home");
        var noHome = Assert.Throws<DatasetLayoutException>(() => NotebookContext.Resolve("asvspoof2019-la", home, "tiny", "cpu", workDir: work, environment: NoEnv));
        Assert.Contains(home, noHome.Message);
        Directory.CreateDirectory(Path.Combine(home, "had"));
        var noFolder = Assert.Throws<DatasetLayoutException>(() => NotebookContext.Resolve("in-the-wild", home, "tiny", "cpu", workDir: work, environment: NoEnv));
        Assert.Contains(Path.Combine(home, "in-the-wild"), noFolder.Message);
        // An empty dataset folder: the reader's own message (it names the protocol it looked for).
        var empty = Assert.Throws<DatasetLayoutException>(() => NotebookContext.Resolve("had", home, "tiny", "cpu", workDir: work, environment: NoEnv));
        Assert.Contains(Path.Combine(home, "had"), empty.Message);
        var unknown = Assert.Throws<DatasetLayoutException>(() => NotebookContext.Resolve("inthewild", "", "tiny", "cpu", workDir: work, environment: NoEnv));
        Assert.Contains("in-the-wild", unknown.Message); // lists the valid ids
        var model = Assert.Throws<HubException>(() => NotebookContext.Resolve("asvspoof2019-la", "", "facebook/no-such-model", "cpu", workDir: work,
            environment: Env(("HF_HUB_CACHE", Path.Combine(temp, "hub")))));
        Assert.Contains("facebook/no-such-model", model.Message);
        Assert.IsAssignableFrom<LayerwiseInputException>(Assert.ThrowsAny<LayerwiseInputException>(() => NotebookContext.Resolve(
            "asvspoof2019-la", "", Path.Combine(temp, "no-such-model"), "cpu", workDir: work, environment: NoEnv)));
        Assert.False(Directory.Exists(Path.Combine(work, "demo-la"))); // nothing fell back to the demo
    }

    [Fact]
    public void MultiSetNotebooksUseThePresentSetsAndNameTheAbsentOnes()
    {
        string home = Path.Combine(temp, "home");
        DemoCorpus.EnsureCreated(Path.Combine(home, "asvspoof2019-la"), Small());
        var main = NotebookContext.Resolve("asvspoof2019-la", home, "tiny", "cpu", workDir: Path.Combine(temp, "work"), environment: NoEnv);

        var sets = NotebookSets.Resolve(main, requireAny: false, ("asvspoof2021-la", DemoScenario.Multilingual), ("in-the-wild", DemoScenario.Scene));
        Assert.Empty(sets.Present);
        Assert.Equal(["LA21", "ITW"], sets.Absent.Select(a => a.Name));
        Assert.Equal(Path.Combine(home, "in-the-wild"), sets.Absent[1].Folder);
        Assert.Contains(Path.Combine(home, "in-the-wild"), sets.SummaryHtml());
        var none = Assert.Throws<DatasetLayoutException>(() => NotebookSets.Resolve(main, ("in-the-wild", DemoScenario.Scene)));
        Assert.Contains(Path.Combine(home, "in-the-wild"), none.Message);
        var self = NotebookSets.Resolve(main, ("asvspoof2019-la", DemoScenario.La), ("had", DemoScenario.Partial));
        Assert.Equal(["LA19"], self.Present.Select(p => p.Name));
    }

    [Fact]
    public void NotebooksThatTrainOnEachSetUseEveryPresentOneAndNameTheAbsentOnes()
    {
        // 07's sets: PartialSpoof and HAD. A data home with HAD only: HAD is used, PartialSpoof named with its folder.
        string home = Path.Combine(temp, "home");
        FileTrees.Copy(Layerwise.Tests.Data.DataFixtures.Root("had"), Path.Combine(home, "had"));
        (string, DemoScenario)[] sets = [("partialspoof", DemoScenario.Partial), ("had", DemoScenario.Partial)];
        string work = Path.Combine(temp, "work");
        var each = NotebookSets.ResolveEach("", home, "tiny", "cpu", true, sets, work, NoEnv);
        Assert.Equal(["HAD"], each.Present.Select(p => p.Name));
        Assert.False(each.Present[0].Context.IsDemoData);
        Assert.Equal([Path.Combine(home, "partialspoof")], each.Absent.Select(a => a.Folder));
        Assert.Contains("partialspoof (" + Path.Combine(home, "partialspoof") + ")", each.SummaryLine());
        // One of them by name; another notebook's dataset is an error; none present is an error naming the folders.
        Assert.Equal(["had"], NotebookSets.ResolveEach("had", home, "tiny", "cpu", true, sets, work, NoEnv).Present.Select(p => p.DatasetId));
        Assert.Contains("not one of this notebook's", Assert.Throws<DatasetLayoutException>(
            () => NotebookSets.ResolveEach("add2023", home, "tiny", "cpu", true, sets, work, NoEnv)).Message);
        var none = Assert.Throws<DatasetLayoutException>(() => NotebookSets.ResolveEach("partialspoof", home, "tiny", "cpu", true, sets, work, NoEnv));
        Assert.Contains(Path.Combine(home, "partialspoof"), none.Message);
        // The environment's data home wins over the parameter, as everywhere else.
        var fromEnv = NotebookSets.ResolveEach("", "", "tiny", "cpu", true, sets, work, name => name == "LAYERWISE_DATA" ? home : null);
        Assert.Equal(["HAD"], fromEnv.Present.Select(p => p.Name));
    }

    [Theory]
    [InlineData("add2023", "testR1", "ADD23.1")]
    [InlineData("add2023", "testR2", "ADD23.2")]
    [InlineData("habla", "test", "HABLA")]
    [InlineData("had", "test", "HAD")]
    [InlineData("partialspoof", "eval", "PartialSpoof")]
    [InlineData("in-the-wild", "eval", "ITW")]
    [InlineData("asvspoof2021-df", "eval", "DF21")]
    public void EvaluationSetsAreNamedAsInThePaper(string id, string split, string name) =>
        Assert.Equal(name, NotebookSets.EvalSetName(id, split));

    [Fact]
    public void EvaluationNeverHoldsTrainingAudio()
    {
        // HABLA without split files: an error naming the split files, never "all" as the evaluation set.
        string home = Path.Combine(temp, "home");
        string habla = Path.Combine(home, "habla", "HABLA", "FinalDataset_16khz");
        foreach (var (dir, name) in new[] { ("Real/AR/s1", "r1"), ("CycleGAN/AR/s1", "c1"), ("Real/AR/s2", "r2"), ("CycleGAN/AR/s2", "c2") })
        {
            Directory.CreateDirectory(Path.Combine(habla, dir));
            File.WriteAllBytes(Path.Combine(habla, dir, name + ".wav"), []); // the reader only lists the files
        }
        var ctx = NotebookContext.Resolve("habla", home, "tiny", "cpu", workDir: Path.Combine(temp, "work"), environment: NoEnv);
        var noSplit = Assert.Throws<DatasetLayoutException>(() => ctx.TrainDevEval());
        Assert.Contains("train_out.txt", noSplit.Message);
        // Split files that put a training utterance in the test split: an error naming it.
        File.WriteAllText(Path.Combine(home, "habla", "train_out.txt"), "r1 bonafide\nc1 spoof\n");
        File.WriteAllText(Path.Combine(home, "habla", "val_out.txt"), "r2 bonafide\n");
        File.WriteAllText(Path.Combine(home, "habla", "test_out.txt"), "c2 spoof\nc1 spoof\n");
        var leak = Assert.Throws<DatasetLayoutException>(() => ctx.TrainDevEval());
        Assert.Contains("'c1'", leak.Message);
        File.WriteAllText(Path.Combine(home, "habla", "test_out.txt"), "c2 spoof\r\n"); // CRLF as written on Windows
        var (train, dev, evals) = ctx.TrainDevEval();
        Assert.Equal(2, train!.Utterances.Count);
        Assert.Single(dev!.Utterances);
        Assert.Equal(["test"], evals.Select(e => e.Split));
        Assert.Equal(["c2"], evals[0].Utterances.Select(u => u.Id));
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
