using TorchSharp;

namespace Layerwise.Runtime;

/// <summary>The user's device request: auto picks CUDA when present, else CPU.</summary>
public enum DeviceRequest { Auto, Cpu, Cuda }

/// <summary>The one place where a device request becomes a TorchSharp device.</summary>
public static class Devices
{
    public static DeviceRequest Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => DeviceRequest.Auto,
        "cpu" => DeviceRequest.Cpu,
        "cuda" or "gpu" => DeviceRequest.Cuda,
        _ => throw new ArgumentException($"unknown device '{text}' (expected auto, cpu or cuda)"),
    };

    public static torch.Device Resolve(DeviceRequest request)
    {
        TorchRuntime.EnsureLoaded();
        bool cuda = torch.cuda.is_available();
        var device = request switch
        {
            DeviceRequest.Cpu => torch.CPU,
            DeviceRequest.Cuda when cuda => torch.CUDA,
            DeviceRequest.Cuda => throw new LayerwiseInputException( // the request, not the program, is wrong: exit code 2
                "CUDA was requested but is not available: this build uses the CPU backend or no GPU is visible. " +
                "Build with -p:TorchBackend=cuda on a machine with an NVIDIA driver, or pass --device cpu."),
            _ => cuda ? torch.CUDA : torch.CPU,
        };
        if (device.type == DeviceType.CUDA)
            UseIeeeFloat32OnCuda();
        return device;
    }

    /// <summary>
    /// float32 on CUDA means IEEE float32: libtorch lets cuDNN convolutions run in TF32 by default (10-bit mantissa,
    /// ~1e-3 relative error per conv, compounded over the conv stack), which would move every hidden state away
    /// from the reference the CPU path matches to 1e-4. bfloat16 is the opt-in for reduced precision.
    /// </summary>
    internal static void UseIeeeFloat32OnCuda()
    {
        torch.backends.cudnn.allow_tf32 = false;
        torch.backends.cuda.matmul.allow_tf32 = false; // libtorch's default already; set so that nothing else can turn it on unseen
    }

    public static torch.Device Resolve(string text) => Resolve(Parse(text));
}
