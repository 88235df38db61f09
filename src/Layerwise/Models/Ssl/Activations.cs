using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>The activations named by Hugging Face configs (ACT2FN) that these models use.</summary>
internal static class Activations
{
    public static bool IsKnown(string name) => name is "gelu" or "gelu_new" or "gelu_pytorch_tanh" or "relu" or "silu" or "swish";

    public static Func<Tensor, Tensor> Get(string name) => name switch
    {
        "gelu" => x => nn.functional.gelu(x),
        "gelu_new" or "gelu_pytorch_tanh" => x => nn.functional.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh),
        "relu" => x => nn.functional.relu(x),
        "silu" or "swish" => x => nn.functional.silu(x),
        _ => throw new SslInputException($"activation '{name}' is not supported"),
    };
}
