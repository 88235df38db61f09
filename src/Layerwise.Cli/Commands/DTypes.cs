using Layerwise.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Cli.Commands;

/// <summary>The <c>--dtype</c> values of bench, features and extract: one parser, one meaning of <c>auto</c>.</summary>
internal static class DTypes
{
    /// <summary><paramref name="text"/> as a compute dtype. <c>auto</c>: bfloat16 where <see cref="Bf16Probe"/> measures it
    /// faster on this CPU at <paramref name="threads"/> intra-op threads (0 = cores), else float32; float32 on CUDA.</summary>
    public static ScalarType Parse(string text, string device, int threads = 0) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => Devices.Resolve(device).type == DeviceType.CUDA ? ScalarType.Float32 : ProbeAt(threads),
        "float32" or "fp32" => ScalarType.Float32,
        "bfloat16" or "bf16" => ScalarType.BFloat16,
        "float16" or "fp16" or "half" => ScalarType.Float16,
        "int8" => ScalarType.Int8,
        _ => throw new ArgumentException($"unknown dtype '{text}' (expected float32, bfloat16, float16, int8 or auto)"),
    };

    /// <summary>The probe's choice at the thread count the command will use.</summary>
    static ScalarType ProbeAt(int threads)
    {
        set_num_threads(threads > 0 ? threads : Environment.ProcessorCount);
        return Bf16Probe.Run().Fastest;
    }
}
