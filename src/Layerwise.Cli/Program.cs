using Layerwise.Cli;

return LayerwiseCli.Run(args, Console.Out, Console.Error);
