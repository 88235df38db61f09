using System.Text.Json.Nodes;
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

    /// <summary>A data home of the miniature official layouts (the committed replicas of fixtures/data, one folder per
    /// catalog id, FLAC or WAV as the real archives, with missing audio files), with one protocol rewritten with CRLF
    /// line ends as a Windows-edited copy would have.</summary>
    /// <summary>This test process's work folder, new each run: a folder left by another checkout or an older build
    /// would hold runs of another configuration, which the run reuse rightly refuses.</summary>
    static readonly Lazy<string> RealFormatWork = new(() =>
    {
        string work = Path.Combine(Path.GetTempPath(), $"lw-nb-real-work-{Environment.ProcessId}");
        if (Directory.Exists(work))
            Directory.Delete(work, recursive: true);
        return work;
    });

    static readonly Lazy<string> RealFormatHome = new(() =>
    {
        string home = Path.Combine(Path.GetTempPath(), $"lw-nb-home-{Environment.ProcessId}");
        if (Directory.Exists(home))
            Directory.Delete(home, recursive: true);
        foreach (var id in new[] { "asvspoof2019-la", "asvspoof2021-la", "asvspoof2021-df", "in-the-wild", "add2023", "habla",
                     "partialspoof", "had", "scenefake", "ctrsvdd" })
            FileTrees.Copy(DataFixtures.Root(id), Path.Combine(home, id));
        string protocol = Path.Combine(home, "asvspoof2019-la", "LA", "ASVspoof2019_LA_cm_protocols", "ASVspoof2019.LA.cm.train.trn.txt");
        File.WriteAllText(protocol, File.ReadAllText(protocol).ReplaceLineEndings("\r\n"));
        // The replicas' clips are a few milliseconds (small repository); PartialSpoof and HAD are read at full length,
        // and the SSL's CNN needs at least 25 ms, so their WAVs are rewritten as 0.5 s of noise in the same format.
        var random = new Random(12);
        foreach (var wav in new[] { "partialspoof", "had" }.SelectMany(id => Directory.GetFiles(Path.Combine(home, id), "*.wav", SearchOption.AllDirectories)))
        {
            using var writer = new NAudio.Wave.WaveFileWriter(wav, new NAudio.Wave.WaveFormat(16000, 16, 1));
            var samples = Enumerable.Range(0, 8000).Select(_ => (short)random.Next(-3000, 3000)).ToArray();
            writer.WriteSamples(samples, 0, samples.Length);
        }
        return home;
    });

    JsonNode Execute(string notebook, params (string Key, string? Value)[] env) => NotebookKernel.ExecuteChecked(output, notebook, env);

    static string StatusLine(string notebook, JsonNode result) => NotebookKernel.StatusLine(notebook, result);
}
