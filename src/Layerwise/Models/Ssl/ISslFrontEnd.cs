using TorchSharp;

namespace Layerwise.Models.Ssl;

/// <summary>A frozen SSL model, possibly truncated to its first <see cref="NumLayers"/> blocks.</summary>
public interface ISslFrontEnd : IDisposable
{
    /// <summary>Transformer blocks actually built (after truncation).</summary>
    int NumLayers { get; }

    int HiddenSize { get; }

    long ParameterCount { get; }

    torch.Device Device { get; }

    /// <summary>Runs the model in inference mode on waveforms [B, samples] (16 kHz); lengths [B] optional for padded batches.</summary>
    SslOutput Forward(torch.Tensor waveforms, torch.Tensor? lengths = null);
}
