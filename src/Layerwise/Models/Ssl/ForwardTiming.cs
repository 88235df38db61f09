using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>The pass that <see cref="Runtime.Timing"/> times for the demo, the notebooks and <c>layerwise bench</c>:
/// each pass frees its outputs, and a CUDA pass is synchronised before the clock stops (kernels run asynchronously).</summary>
public static class ForwardTiming
{
    /// <summary>One SSL forward pass of <paramref name="waveforms"/> [B, samples], without gradients, its outputs freed.</summary>
    public static void Forward(ISslFrontEnd ssl, Tensor waveforms)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var output = ssl.Forward(waveforms);
        if (waveforms.device.type == DeviceType.CUDA)
            cuda.synchronize();
    }
}
