using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>
/// One conv layer of the waveform encoder (HF <c>feature_extractor.conv_layers.i</c>): conv, then an optional
/// norm named <c>layer_norm</c> (GroupNorm with one group per channel on layer 0 of "group" models, LayerNorm
/// over channels on every layer of "layer" models), then the activation.
/// </summary>
internal sealed class ConvLayer : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are the checkpoint's parameter names
    readonly Conv1d conv;
    readonly nn.Module<Tensor, Tensor>? layer_norm;
#pragma warning restore IDE1006
    readonly bool channelLayerNorm;
    readonly Func<Tensor, Tensor> activation;

    public ConvLayer(SslConfig config, int index) : base($"conv_layers.{index}")
    {
        long inDim = index == 0 ? 1 : config.ConvDim[index - 1];
        long outDim = config.ConvDim[index];
        conv = nn.Conv1d(inDim, outDim, config.ConvKernel[index], stride: config.ConvStride[index], bias: config.ConvBias);
        if (config.FeatExtractNorm == "layer")
        {
            layer_norm = nn.LayerNorm(outDim); // HF: nn.LayerNorm(out_conv_dim), default eps 1e-5
            channelLayerNorm = true;
        }
        else if (index == 0)
        {
            layer_norm = nn.GroupNorm(outDim, outDim); // HF: GroupNorm(num_groups=dim, num_channels=dim, affine=True)
        }
        activation = Activations.Get(config.FeatExtractActivation);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = conv.forward(x); // the input belongs to the caller
        if (layer_norm is not null)
            x = channelLayerNorm
                ? x.Then(c => c.transpose(-2, -1)).Then(layer_norm.forward).Then(n => n.transpose(-2, -1))
                : x.Then(layer_norm.forward);
        return x.Then(activation);
    }
}

/// <summary>The conv waveform encoder (HF <c>feature_extractor</c>): [B, samples] → [B, C, T].</summary>
internal sealed class FeatureExtractor : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    readonly ModuleList<ConvLayer> conv_layers = new();
#pragma warning restore IDE1006

    public FeatureExtractor(SslConfig config) : base("feature_extractor")
    {
        for (int i = 0; i < config.ConvDim.Count; i++)
            conv_layers.Add(new ConvLayer(config, i));
        RegisterComponents();
    }

    public override Tensor forward(Tensor waveforms)
    {
        var x = waveforms.unsqueeze(1);
        foreach (var layer in conv_layers)
            x = x.Then(layer.forward); // frees each layer's output once the next has read it
        return x;
    }
}
