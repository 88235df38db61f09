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
        yield return DataCommand.Create();
        yield return MetricsCommand.Create();
        yield return HubCommand.Create();
        yield return DemoDataCommand.Create();
        yield return FeaturesCommand.Create();
        yield return BenchCommand.Create();
    }
}
