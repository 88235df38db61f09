using System.CommandLine;
using Layerwise.Cli.Commands;

namespace Layerwise.Cli;

/// <summary>The list of subcommands; each lives in its own file under Commands/.</summary>
internal static class CommandList
{
    public static IEnumerable<Command> All()
    {
        yield return InfoCommand.Create();
        yield return DemoCommand.Create();
        yield return ExtractCommand.Create();
        yield return TrainCommand.Create();
        yield return EvalCommand.Create();
        yield return SweepCommand.Create();
        yield return ReplicateCommand.Create();
        yield return ScoreCommand.Create();
        yield return DataCommand.Create();
        yield return MetricsCommand.Create();
        yield return HubCommand.Create();
        yield return DemoDataCommand.Create();
        yield return PretrainCommand.Create();
        yield return FeaturesCommand.Create();
        yield return BackendInfoCommand.Create();
        yield return AudioCommand.Create();
        yield return BenchCommand.Create();
        yield return AnalyzeCommand.Create();
    }
}
