using System.CommandLine;

namespace Layerwise.Cli.Commands;

/// <summary>`layerwise demo`: the main job. Placeholder until the study engine lands.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "End-to-end demo on the synthetic corpus (not implemented yet)");
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Error.WriteLine(
                "layerwise demo: not implemented yet. It will build the synthetic demo corpus, extract SSL features, " +
                "sweep n_layers x {FFN, AASIST} and write an HTML report.");
            return LayerwiseCli.ExitInternal;
        });
        return command;
    }
}
