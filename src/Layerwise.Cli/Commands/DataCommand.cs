using System.CommandLine;
using Layerwise.Data;

namespace Layerwise.Cli.Commands;

/// <summary>`layerwise data summary|list`: what a dataset folder holds, read through the dataset catalog.</summary>
internal static class DataCommand
{
    const string NoAttack = "-"; // the readers' mark for a spoof without attack id (Labels.NoAttack)

    public static Command Create()
    {
        var command = new Command("data", "Dataset catalog: list the dataset ids, summarise a dataset folder");
        command.Subcommands.Add(Summary());
        command.Subcommands.Add(List());
        return command;
    }

    static Command Summary()
    {
        var dataset = new Option<string>("--dataset", "-d")
        {
            Description = $"Dataset id: {string.Join(", ", DatasetCatalog.Ids)}",
            Required = true,
        };
        var root = new Option<string?>("--root", "-r")
        {
            Description = "The folder the dataset's official archive(s) were extracted into (for demo: the demo corpus folder). " +
                          $"Default: the dataset's folder in the data home (--data-home or {DataHome.Variable})",
        };
        var dataHome = new Option<string?>("--data-home")
        {
            Description = $"Folder with one sub-folder per dataset, named by catalog id (default: {DataHome.Variable})",
        };
        var split = new Option<string?>("--split", "-s")
        {
            Description = "Split to summarise. Default: the dataset's evaluation split (eval; testR1 for add2023, test for " +
                          "had and ctrsvdd, all for habla); 'layerwise data list' shows each dataset's splits and default",
        };
        var phase = new Option<string>("--phase")
        {
            Description = "asvspoof2021-la/-df: trial phase to keep (progress, eval, hidden_track, all)",
            DefaultValueFactory = _ => "eval",
        };
        var audioDir = new Option<string?>("--audio-dir")
        {
            Description = "generic: audio folder, absolute or relative to --root; '{split}' is replaced by the split name",
        };
        var ext = new Option<string>("--ext")
        {
            Description = "generic: audio file extension",
            DefaultValueFactory = _ => "wav",
        };
        var command = new Command("summary",
            "Print JSON counts for one split: dataset, split, utterances, bonafide, spoof, attacks (attack id -> spoofed " +
            "utterances; spoof_without_attack counts those without attack id, attack_labels is none when no spoof has one), missing_audio (entries whose audio file is absent; they are still counted in utterances)")
        {
            dataset, root, dataHome, split, phase, audioDir, ext,
        };
        command.SetAction(parse =>
        {
            var options = new DatasetReaderOptions
            {
                Phase = parse.GetValue(phase)!,
                AudioFolder = parse.GetValue(audioDir),
                Extension = parse.GetValue(ext)!,
            };
            string id = parse.GetValue(dataset)!.ToLowerInvariant();
            string folder = DataHome.RootFor(id, parse.GetValue(root), DataHome.Resolve(parse.GetValue(dataHome)));
            var read = DatasetCatalog.Read(id, folder, parse.GetValue(split), options);
            var s = DatasetSummary.Of(read);
            var output = new Dictionary<string, object?>
            {
                ["dataset"] = s.Dataset,
                ["split"] = s.Split,
                ["utterances"] = s.Utterances,
                ["bonafide"] = s.Bonafide,
                ["spoof"] = s.Spoof,
                // Readers mark a spoof without attack id (In-the-Wild, ADD 2023, ...) "-": no attack label, not an attack.
                ["attacks"] = s.Attacks.Where(kv => kv.Key != NoAttack).ToDictionary(kv => kv.Key, kv => kv.Value),
                ["missing_audio"] = s.MissingAudio,
                ["missing_examples"] = s.MissingExamples,
            };
            if (s.Attacks.GetValueOrDefault(NoAttack) is > 0 and var unlabelled)
            {
                output["spoof_without_attack"] = unlabelled;
                if (unlabelled == s.Spoof)
                    output["attack_labels"] = "none";
            }
            if (id is "asvspoof2021-la" or "asvspoof2021-df")
                output["phase"] = options.Phase;
            if (id == DatasetCatalog.DemoId)
                output["note"] = "synthetic demo corpus: its numbers say nothing about real deepfakes";
            parse.InvocationConfiguration.Output.WriteLine(Json.Serialize(output));
            if (s.MissingAudio > 0)
                parse.InvocationConfiguration.Error.WriteLine(
                    $"layerwise: warning: {s.MissingAudio} of {s.Utterances} audio files are missing, e.g. {TerminalText.Escape(string.Join(", ", s.MissingExamples))}");
            return LayerwiseCli.ExitOk;
        });
        return command;
    }

    static Command List()
    {
        var command = new Command("list", "Print the dataset ids with their splits and default split (JSON)");
        command.SetAction(parse =>
        {
            var list = DatasetCatalog.Ids.Select(id =>
            {
                var reader = DatasetCatalog.Get(id);
                return new Dictionary<string, object> { ["id"] = id, ["splits"] = reader.Splits, ["default_split"] = reader.DefaultSplit };
            });
            parse.InvocationConfiguration.Output.WriteLine(Json.Serialize(list));
            return LayerwiseCli.ExitOk;
        });
        return command;
    }
}
