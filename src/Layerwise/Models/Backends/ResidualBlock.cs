using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Models.Backends;

/// <summary>
/// AASIST's RawNet2-style residual block as in the SSL-AASIST reference (`Residual_block`): conv1 (2×3, pad 1×1)
/// → bn2 → SELU → conv2 (2×3, pad 0×1), plus the input (through a 1×3 conv when the channel count changes).
/// No max-pool. Quirk kept: `bn1`/SELU (all blocks but the first) are computed on the input and their output
/// is discarded (conv1 reads the raw input). That only matters in training mode, where it still updates
/// bn1's running statistics, as in PyTorch; in eval mode it is skipped.
/// </summary>
public sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are the reference's module names (state dicts load by name)
    readonly BatchNorm2d? bn1;
    readonly Conv2d conv1;
    readonly BatchNorm2d bn2;
    readonly Conv2d conv2;
    readonly Conv2d? conv_downsample;
#pragma warning restore IDE1006

    public ResidualBlock(int inChannels, int outChannels, bool first) : base(nameof(ResidualBlock))
    {
        if (!first)
        {
            bn1 = nn.BatchNorm2d(inChannels);
            register_module("bn1", bn1);
        }
        conv1 = nn.Conv2d(inChannels, outChannels, kernel_size: (2, 3), padding: (1, 1));
        bn2 = nn.BatchNorm2d(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, kernel_size: (2, 3), padding: (0, 1));
        register_module("conv1", conv1);
        register_module("bn2", bn2);
        register_module("conv2", conv2);
        if (inChannels != outChannels)
        {
            conv_downsample = nn.Conv2d(inChannels, outChannels, kernel_size: (1, 3), padding: (0, 1));
            register_module("conv_downsample", conv_downsample);
        }
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        if (bn1 is not null && training)
        {
            // Discarded in the reference too; kept for its running-statistics update, which no_grad still does
            // (the output takes no part in the loss, so recording it for autograd would only cost time).
            using var noGrad = no_grad();
            bn1.call(input).Dispose();
        }
        var output = conv2.call(nn.functional.selu(bn2.call(conv1.call(input))));
        var identity = conv_downsample is null ? input : conv_downsample.call(input);
        return (output + identity).MoveToOuterDisposeScope();
    }
}
