using Layerwise.Data;
using Layerwise.Models.Ssl;
using TorchSharp;

namespace Layerwise.Features;

/// <summary>
/// Cache-less mode: runs the (counted) SSL on every request, as the paper's code does every epoch. Use it
/// when the disk cannot hold the features; it costs one SSL forward per utterance per epoch. Values are
/// rounded through fp16 like cached ones, so both modes train on identical inputs.
/// </summary>
public sealed class LiveFeatureSource(ISslFrontEnd ssl, WaveformLoader load, int maxLayers) : IFeatureSource
{
    readonly CountingSslFrontEnd ssl = CountingSslFrontEnd.Wrap(ssl);

    public int MaxLayers { get; } = maxLayers <= ssl.NumLayers
        ? maxLayers
        : throw new ArgumentException($"the SSL model has {ssl.NumLayers} layers, {maxLayers} requested");

    public int HiddenSize => ssl.HiddenSize;
    public string Description => $"live-ssl (no cache, {MaxLayers} layers)";
    public long SslCalls => ssl.Calls;

    public torch.Tensor Load(Utterance utterance, int numLayers)
    {
        if (numLayers < 1 || numLayers > MaxLayers)
            throw new ArgumentException($"n_layers {numLayers} is outside 1..{MaxLayers}");
        var wave = load(utterance);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var output = ssl.Forward(torch.tensor(wave, [1, wave.Length]).to(ssl.Device));
        var stacked = torch.stack(output.Hidden.Skip(1).Take(numLayers), dim: 1)[0];
        return stacked.to(torch.float16).to(torch.float32).cpu().MoveToOuterDisposeScope();
    }
}
