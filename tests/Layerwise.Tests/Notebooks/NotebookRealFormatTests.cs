using System.Text.Json.Nodes;
using Layerwise.Data;
using Layerwise.Notebooks;
using Layerwise.Tests.Data;
using Layerwise.Tests.Ssl;
using Xunit.Abstractions;

namespace Layerwise.Tests.Notebooks;

/// <summary>
/// Every notebook headless in quick mode against a data home of miniature replicas of the official layouts with tiny
/// Hugging Face checkpoints: no error output, the status line says real data and checkpoint weights, and the result
/// tables name the paper's sets. Its own class so it runs beside the demo-mode runs of <see cref="NotebookTests"/>.
/// </summary>
public class NotebookRealFormatTests(ITestOutputHelper output)
{
    public static TheoryData<string> Notebooks() => NotebookTests.Notebooks();

    /// <summary>The sets each notebook's result tables must name (the paper's names) in real-format mode.</summary>
    static readonly Dictionary<string, string[]> SetNames = new()
    {
        ["03-layer-weights.ipynb"] = ["LA19"],
        ["04-truncation.ipynb"] = ["LA19"],
        ["05-cross-dataset.ipynb"] = ["LA19", "LA21", "DF21", "ITW"],
        ["06-multilingual.ipynb"] = ["ADD23.1", "ADD23.2", "HABLA"],
        ["07-partial.ipynb"] = ["PartialSpoof", "HAD"],
        ["08-song.ipynb"] = ["CtrSVDD"],
        ["09-scene.ipynb"] = ["SceneFake"],
    };

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void RunsHeadlessOnTheOfficialLayoutsWithACheckpoint(string notebook)
    {
        string home = RealFormatHome.Value;
        // Both Hugging Face weight formats: safetensors and pytorch_model.bin, alternating over the notebooks.
        string model = SslFixtures.Folder(notebook[1] % 2 == 0 ? "wav2vec2-base-tiny" : "hubert-base-tiny");
        string work = RealFormatWork.Value; // shared by this process's real-format runs, as .work is by the notebooks
        var result = Execute(notebook, ("LAYERWISE_QUICK", "1"), ("LAYERWISE_DATA", home), ("LAYERWISE_MODEL", model),
            ("LAYERWISE_DEVICE", "cpu"), ("LAYERWISE_NOTEBOOK_WORK", work));
        Assert.StartsWith("layerwise-notebook: data=real weights=checkpoint model=" + model + " device=cpu datasets=", StatusLine(notebook, result));
        string text = NotebookKernel.Text(result);
        foreach (var set in SetNames.GetValueOrDefault(notebook, []))
            Assert.True(text.Contains(set, StringComparison.Ordinal), $"{notebook}: no result names {set}");
    }

    /// <summary>The home the notebooks ran on holds no evaluation utterance that is also a training utterance of its
    /// dataset (by id or audio file), read by the readers themselves; the notebooks also refuse such a home.</summary>
    [Fact]
    public void NoEvaluationUtteranceOfTheHomeIsATrainingUtterance()
    {
        foreach (string id in OfficialLayouts.DatasetIds)
        {
            var splits = DatasetCatalog.ReadAvailable(id, Path.Combine(RealFormatHome.Value, id));
            Assert.NotEmpty(splits);
            var train = splits.SingleOrDefault(s => s.Split == "train")?.Utterances ?? [];
            foreach (var eval in splits.Where(s => s.Split is not ("train" or "dev" or NotebookContext.WholeDatasetSplit)))
            {
                Assert.Empty(eval.Utterances.Select(u => u.Id).Intersect(train.Select(u => u.Id)));
                Assert.Empty(eval.Utterances.Select(u => u.AudioPath).Intersect(train.Select(u => u.AudioPath)));
            }
        }
    }

    /// <summary>This test process's work folder, new each run: a folder left by another checkout or an older build
    /// would hold runs of another configuration, which the run reuse rightly refuses.</summary>
    static readonly Lazy<string> RealFormatWork = new(() => FreshTempFolder("lw-nb-real-work"));

    /// <summary>The data home: miniature replicas of every dataset's official archive layout, built by
    /// <see cref="OfficialLayouts"/> (missing audio files and CRLF protocols included).</summary>
    static readonly Lazy<string> RealFormatHome = new(() =>
    {
        string home = FreshTempFolder("lw-nb-home");
        OfficialLayouts.Build(home);
        return home;
    });

    static string FreshTempFolder(string prefix)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"{prefix}-{Environment.ProcessId}");
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        return folder;
    }

    JsonNode Execute(string notebook, params (string Key, string? Value)[] env) => NotebookKernel.ExecuteChecked(output, notebook, env);

    static string StatusLine(string notebook, JsonNode result) => NotebookKernel.StatusLine(notebook, result);
}
