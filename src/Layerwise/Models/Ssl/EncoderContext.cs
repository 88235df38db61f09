using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>What the encoder layers share during one forward pass.</summary>
internal sealed class EncoderContext
{
    /// <summary>Bool [B, 1, 1, T], true for valid key frames; null when every frame is valid.</summary>
    public Tensor? KeyMask { get; init; }

    /// <summary>WavLM: the ungated relative position bias [H, T, T], computed by layer 0 and reused by the others.</summary>
    public Tensor? PositionBias { get; set; }
}
