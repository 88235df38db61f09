using System.Globalization;
using System.Text.Json;
using Layerwise.IO;

namespace Layerwise.Training;

/// <summary>
/// The files of one training run:
/// <code>
/// config.json            everything needed to reproduce (RunConfig)
/// metrics.json           dev/eval metrics, EER definition, dev EER threshold (RunMetrics)
/// train.log              human-readable log incl. SSL forward-pass counts
/// layer_weights.csv      raw and softmax layer weights per epoch
/// best.pt                back-end state with the lowest dev loss
/// checkpoints/           last.pt, last.optim.pt, state.json (resume point), epoch_NNN.pt
/// scores/                &lt;set&gt;.scores.txt ("utt score") and &lt;set&gt;.labelled.txt ("utt label score")
/// </code>
/// </summary>
public sealed class RunDirectory
{
    internal static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public RunDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
        Directory.CreateDirectory(CheckpointsDir);
    }

    public string Path { get; }
    public string ConfigPath => Combine("config.json");
    public string MetricsPath => Combine("metrics.json");
    public string LogPath => Combine("train.log");
    public string LayerWeightsPath => Combine("layer_weights.csv");
    public string BestModelPath => Combine("best.pt");
    public string CheckpointsDir => Combine("checkpoints");
    public string StatePath => Combine("checkpoints", "state.json");
    public string LastModelPath => Combine("checkpoints", "last.pt");
    public string LastOptimizerPath => Combine("checkpoints", "last.optim.pt");
    public string EpochModelPath(int epoch) => Combine("checkpoints", $"epoch_{epoch:D3}.pt");
    public string ScoresPath(string set) => Combine("scores", $"{set}.scores.txt");
    public string LabelledScoresPath(string set) => Combine("scores", $"{set}.labelled.txt");

    public bool IsComplete => File.Exists(MetricsPath);

    public void Log(string line)
    {
        File.AppendAllText(LogPath, $"{DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)} {line}\n");
    }

    public void WriteJson<T>(string path, T value) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, JsonOptions));

    public static T ReadJson<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), JsonOptions)
                ?? throw new LayerwiseInputException($"{path}: empty JSON");
        }
        catch (JsonException e)
        {
            throw new LayerwiseInputException($"{path}: unreadable ({e.Message})");
        }
    }

    string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);
}
