using Layerwise.Models.Ssl;
using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Tests.Engine;

/// <summary>A stand-in SSL front-end: a strided conv "feature encoder" (400/320, like 25 ms / 20 ms frames)
/// and <c>layers</c> linear+tanh "blocks"; Hidden[0] is the block input, Hidden[k] block k's output.</summary>
internal sealed class FakeSsl : nn.Module<Tensor, Tensor>, ISslFrontEnd
{
    readonly nn.Module<Tensor, Tensor> conv;
    readonly nn.Module<Tensor, Tensor>[] blocks;

    public FakeSsl(int layers = 4, int hidden = 8, long seed = 7) : base("fake_ssl")
    {
        manual_seed(seed);
        conv = nn.Conv1d(1, hidden, 400, stride: 320);
        blocks = Enumerable.Range(0, layers).Select(_ => (nn.Module<Tensor, Tensor>)nn.Linear(hidden, hidden)).ToArray();
        NumLayers = layers;
        HiddenSize = hidden;
        RegisterComponents();
        register_module("blocks", nn.ModuleList(blocks));
        eval();
    }

    public int NumLayers { get; }
    public int HiddenSize { get; }
    public long ParameterCount => parameters().Sum(p => p.numel());
    public Device Device => CPU;

    public SslOutput Forward(Tensor waveforms, Tensor? lengths = null)
    {
        using var noGrad = no_grad();
        var cnn = conv.forward(waveforms.unsqueeze(1)).transpose(1, 2); // [B, T, C]
        var hidden = new List<Tensor> { cnn.clone() };
        var x = cnn;
        foreach (var b in blocks)
        {
            x = tanh(b.forward(x)) + x * 0.5;
            hidden.Add(x.clone());
        }
        return new SslOutput(cnn, hidden);
    }

    public override Tensor forward(Tensor input) => throw new NotSupportedException();
}
