using System.CommandLine;
using System.Runtime.InteropServices;
using Layerwise.Runtime;
using TorchSharp;

namespace Layerwise.Cli.Commands;

/// <summary>`layerwise info`: the runtime environment (TorchSharp backend, device, threads).</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Print the runtime environment: .NET, TorchSharp backend, devices, threads (JSON)");
        command.SetAction(parse =>
        {
            string loaded = TorchRuntime.EnsureLoaded();
            var info = new
            {
                layerwise = LayerwiseCli.Version,
                dotnet = RuntimeInformation.FrameworkDescription,
                os = RuntimeInformation.OSDescription,
                torchsharp = typeof(torch).Assembly.GetName().Version?.ToString(),
                native = loaded,
                cuda_available = torch.cuda.is_available(),
                default_device = Devices.Resolve(DeviceRequest.Auto).ToString(),
                threads = torch.get_num_threads(),
                cores = Environment.ProcessorCount,
                float32_gemm = Float32Gemm.Kernel.ToString().ToLowerInvariant(),
            };
            parse.InvocationConfiguration.Output.WriteLine(Json.Serialize(info));
            if (parse.GetValue(LayerwiseCli.Verbose))
                foreach (var line in TorchRuntime.Log)
                    parse.InvocationConfiguration.Error.WriteLine(line);
            return 0;
        });
        return command;
    }
}
