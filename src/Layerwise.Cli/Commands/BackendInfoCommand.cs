using System.CommandLine;
using Layerwise.Models.Backends;

namespace Layerwise.Cli.Commands;

/// <summary>`layerwise backend-info`: builds a back-end and prints its size (JSON).</summary>
internal static class BackendInfoCommand
{
    public static Command Create()
    {
        var backend = new Option<string>("--backend")
        {
            Description = "Back-end: ffn or aasist",
            Required = true,
        };
        backend.AcceptOnlyFromAmong("ffn", "aasist");
        var dim = new Option<int>("--dim")
        {
            Description = "Feature size C of the SSL hidden states (768 Base, 1024 Large)",
            Required = true,
        };
        var layers = new Option<int>("--layers")
        {
            Description = "Number of stacked layers n",
            Required = true,
        };
        var command = new Command("backend-info",
            "Print a back-end's trainable parameter count (layer BatchNorm and layer weights included) as JSON")
        {
            backend, dim, layers,
        };
        command.SetAction(parse =>
        {
            var kind = BackendCatalog.ParseKind(parse.GetValue(backend)!);
            int c = parse.GetValue(dim), n = parse.GetValue(layers);
            if (c < 1)
                throw new ArgumentException($"--dim must be at least 1 (got {c})");
            if (n < 1)
                throw new ArgumentException($"--layers must be at least 1 (got {n})");
            using var model = BackendCatalog.Create(kind, c, n);
            var info = new
            {
                backend = BackendCatalog.Name(kind),
                dim = c,
                layers = n,
                trainable_parameters = model.TrainableParameterCount,
            };
            parse.InvocationConfiguration.Output.WriteLine(Json.Serialize(info));
            return LayerwiseCli.ExitOk;
        });
        return command;
    }
}
