using System.Text;
using System.Text.Json;
using Layerwise.Data.Demo;

namespace Layerwise.Tests.Replication;

/// <summary>
/// A miniature of the paper's setting on disk: ASVspoof 2019 LA (the demo corpus, FLAC, in its official layout), an
/// ASVspoof 2021 LA eval folder in its official layout (keys/LA/CM/trial_metadata.txt, 8 fields, phases) made from other
/// demo utterances, and SceneFake (the demo scene corpus); two tiny HF checkpoints of different sizes and weight
/// formats (HuBERT base-style, pytorch_model.bin; wav2vec2 large-style, safetensors); and a replication config over
/// them: 2 models × {FFN, AASIST} × n {2, 4} (small) / {4} (large) × seeds {1, 42} × 2 studies = 24 cells (LA19 → LA19, LA21; SceneFake → SceneFake).
/// </summary>
internal static class MiniPaper
{
    public static readonly int[] Seeds = [1, 42];

    /// <summary>Writes the data home and config under <paramref name="root"/>; returns the config path.</summary>
    public static string Create(string root)
    {
        var home = Path.Combine(root, "data");
        var small = new DemoCorpusOptions
        {
            TrainUtterances = 8, DevUtterances = 6, EvalUtterances = 8, MinSeconds = 0.5, MaxSeconds = 0.6, BonafideFraction = 0.5,
            SpeakersPerSplit = 2, AudioFormat = DemoAudioFormat.Flac,
        };
        DemoCorpus.EnsureCreated(Path.Combine(home, "asvspoof2019-la"), small);
        DemoCorpus.EnsureCreated(Path.Combine(home, "scenefake"), small with { Scenario = DemoScenario.Scene, AudioFormat = DemoAudioFormat.Wav, Seed = 7 });
        WriteLa21(Path.Combine(home, "asvspoof2021-la"), small with { Seed = 11 });

        var config = new
        {
            models = new object[]
            {
                new { name = "hubert-base-tiny", model = RepoPaths.Fixtures("ssl-parity", "hubert-base-tiny"), n_layers = new[] { 2, 4 } },
                new { name = "w2v2-large-tiny", model = RepoPaths.Fixtures("ssl-parity", "wav2vec2-large-tiny"), n_layers = new[] { 4 } },
            },
            seeds = Seeds,
            training = new { epochs = 2, patience = 2, batch_size = 8 },
            cache = Path.Combine(root, "cache"),
            threads = 1,
            studies = new object[]
            {
                new
                {
                    // "demo": LA19's class weights with a 1 s crop (49 frames) instead of 64,600 samples, to keep AASIST fast.
                    train = new { dataset = "asvspoof2019-la", scenario = "demo" },
                    eval = new object[]
                    {
                        new { column = "LA19", dataset = "asvspoof2019-la", split = "eval" },
                        new { column = "LA21", dataset = "asvspoof2021-la", split = "eval" },
                    },
                },
                new
                {
                    train = new { dataset = "scenefake", root = Path.Combine(home, "scenefake"), scenario = "demo" },
                    eval = new object[] { new { column = "SceneFake", dataset = "scenefake", split = "eval" } },
                },
            },
        };
        var path = Path.Combine(root, "mini.json");
        File.WriteAllText(path, JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>The 2021 LA eval layout from a demo corpus's eval split: ASVspoof2021_LA_eval/flac/*.flac and the CM key;
    /// every fifth trial is in the "progress" phase, which the reader (and the paper) leave out.</summary>
    static void WriteLa21(string root, DemoCorpusOptions options)
    {
        var staging = root + "-src";
        DemoCorpus.EnsureCreated(staging, options);
        var flac = Path.Combine(root, "ASVspoof2021_LA_eval", "flac");
        Directory.CreateDirectory(flac);
        var key = new StringBuilder();
        var protocol = File.ReadAllLines(Path.Combine(staging, "LA", "ASVspoof2019_LA_cm_protocols", "ASVspoof2019.LA.cm.eval.trl.txt"));
        foreach (var (line, i) in protocol.Select((l, i) => (l, i)))
        {
            var f = line.Split(' ');
            File.Copy(Path.Combine(staging, "LA", "ASVspoof2019_LA_eval", "flac", f[1] + ".flac"), Path.Combine(flac, f[1] + ".flac"), overwrite: true);
            string attack = f[4] == "bonafide" ? "bonafide" : f[3];
            key.Append($"{f[0]} {f[1]} alaw ita_tx {attack} {f[4]} notrim {(i % 5 == 4 ? "progress" : "eval")}\n");
        }
        Directory.CreateDirectory(Path.Combine(root, "keys", "LA", "CM"));
        File.WriteAllText(Path.Combine(root, "keys", "LA", "CM", "trial_metadata.txt"), key.ToString());
        Directory.Delete(staging, recursive: true);
    }
}
