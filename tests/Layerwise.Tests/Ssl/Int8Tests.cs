using Layerwise.Data.Demo;
using Layerwise.Models.Ssl;
using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Tests.Ssl;

/// <summary>
/// The opt-in int8 path (<see cref="ScalarType.Int8"/>): FBGEMM's dynamic quantization of the blocks' projections.
/// Truth: the rounding bound of per-tensor uniform quantization, derived by hand below, and the Hugging Face
/// float32 outputs of the parity fixtures.
/// </summary>
public class Int8Tests
{
    /// <summary>
    /// x and W are each rounded to a uniform grid spanning their own range, widened to include 0, with 256
    /// levels, so every entry moves by at most one step (half a step of rounding, up to half a step more where the
    /// zero point's rounding shifts the grid against the range): |Δ(x·w)| ≤ Σ_k |x_k|·s_w + |w_k|·s_x + s_x·s_w.
    /// </summary>
    [Fact]
    public void Int8LinearStaysWithinTheQuantizationBoundOfItsInputs()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(11);
        var x = randn([37, 96], generator: generator) + 0.3f; // not centred: the activation's zero point is not 128
        var w = randn([80, 96], generator: generator) * 0.1f;
        var b = randn([80], generator: generator);
        using var linear = new Int8Linear(w, b);
        var y = linear.Forward(x);

        var x64 = x.to(ScalarType.Float64);
        var w64 = w.to(ScalarType.Float64);
        var exact = x64.matmul(w64.t()) + b.to(ScalarType.Float64);
        double sx = (Math.Max(x.max().item<float>(), 0) - Math.Min(x.min().item<float>(), 0)) / 255.0;
        double sw = (Math.Max(w.max().item<float>(), 0) - Math.Min(w.min().item<float>(), 0)) / 255.0;
        var bound = x64.abs().sum(1, keepdim: true) * sw + w64.abs().sum(1).unsqueeze(0) * sx + 96 * sx * sw;
        var error = (y.to(ScalarType.Float64) - exact).abs();

        Assert.Equal(new long[] { 37, 80 }, y.shape);
        Assert.True(error.le(bound * 1.001 + 1e-5).all().item<bool>(),
            $"max error {error.max().item<double>():G4} vs bound {bound.min().item<double>():G4}..{bound.max().item<double>():G4}");
        // It did quantize: a float32 GEMM would be within ~1e-5 of the float64 product.
        Assert.True(error.max().item<double>() > 1e-3);
        // The same rows as a [B, T, K] batch give the same values (the op flattens the leading dimensions).
        var batched = linear.Forward(x.view(1, 37, 96));
        Assert.Equal(new long[] { 1, 37, 80 }, batched.shape);
        Assert.True(batched.view(37, 80).equal(y).all().item<bool>());
        // Non-contiguous input is made contiguous first.
        var transposed = linear.Forward(x.t().contiguous().t());
        Assert.True(transposed.equal(y).all().item<bool>());
    }

    /// <summary>
    /// Only the blocks are quantized: extract_features and hidden_0 (conv stack, projection, positional conv) keep
    /// float32 parity with Hugging Face (≤ 1e-4, as every fixture); one block's quantization moves its output by
    /// 1.1–1.4 % (measured), so hidden_1 is bound by 3 %. Deeper, these random-weight models amplify it (post-LN
    /// base fixtures: 5–11 % at hidden_2), so there only finiteness is asserted; the trained model is tested below.
    /// </summary>
    [Theory]
    [MemberData(nameof(SslFixtures.ModelData), MemberType = typeof(SslFixtures))]
    public void Int8ModelsKeepTheFloatConvStackAndStayCloseToHuggingFace(string model)
    {
        using var scope = NewDisposeScope();
        var expected = SslFixtures.Expected(model, batch: false);
        using var frontEnd = SslModels.Load(SslFixtures.Folder(model), dtype: ScalarType.Int8);
        Assert.Equal(ScalarType.Int8, frontEnd.DType);
        Assert.Equal(ScalarType.Float32, frontEnd.ActivationDType);
        using var output = frontEnd.Forward(expected["input"]);

        Assert.True(SslFixtures.MaxAbsDiff(output.ExtractFeatures, expected["extract_features"]) <= 1e-4);
        Assert.True(SslFixtures.MaxAbsDiff(output.Hidden[0], expected["hidden_0"]) <= 1e-4);
        double first = Relative(output.Hidden[1], expected["hidden_1"]);
        Assert.True(first is > 1e-4 and < 0.03, $"{model} hidden_1: relative error {first:P2}");
        Assert.All(output.Hidden, h => Assert.Equal(ScalarType.Float32, h.dtype));
        Assert.False(output.Hidden[^1].isnan().any().item<bool>() || output.Hidden[^1].isinf().any().item<bool>());
    }

    /// <summary>
    /// The shipped pretrained-demo HuBERT (trained weights) on synthesized speech: every block within 3 % of the
    /// float32 model (measured 0.3–1.2 % on the demo corpus's speech).
    /// </summary>
    [Fact]
    public void Int8StaysWithinAFewPercentOnTheTrainedModel()
    {
        using var scope = NewDisposeScope();
        string folder = EmbeddedModels.Find(EmbeddedModels.PretrainedDemo)!;
        using var fp32 = SslModels.Load(folder);
        using var int8 = SslModels.Load(folder, dtype: ScalarType.Int8);
        var rng = new DemoRandom(5);
        var speaker = DemoSpeaker.Create("int8-test", DemoLanguage.English, rng);
        var speech = DemoSynthesizer.Synthesize(speaker, 2.5, rng).Samples.Select(v => (float)v).ToArray();
        using var a = fp32.Forward(speech);
        using var b = int8.Forward(speech);
        Assert.True(b.Hidden[0].equal(a.Hidden[0]).all().item<bool>()); // the same float32 code up to the blocks
        for (int k = 1; k < a.Hidden.Count; k++)
        {
            double relative = Relative(b.Hidden[k], a.Hidden[k]);
            Assert.True(relative is > 1e-5 and < 0.03, $"pretrained-demo hidden_{k}: relative error {relative:P2}");
        }
    }

    /// <summary>
    /// A zero-padded batch with lengths: each activation is quantized with the range of the whole batch, so an item's
    /// valid frames are close to, not equal to, its run alone (float32 layer-norm models: equal to rounding).
    /// </summary>
    [Fact]
    public void Int8PaddedBatchesStayCloseToEachItemAlone()
    {
        using var scope = NewDisposeScope();
        using var model = SslModels.Load(SslFixtures.Folder("wav2vec2-large-tiny"), dtype: ScalarType.Int8);
        var generator = new Generator(4);
        var longer = (randn([12000], generator: generator) * 0.1f).data<float>().ToArray();
        var shorter = (randn([7000], generator: generator) * 0.1f).data<float>().ToArray();
        using var batch = model.Forward([longer, shorter]);
        using var alone = model.Forward(shorter);
        long frames = model.FrameCount(shorter.Length);
        Assert.Equal(frames, alone.Hidden[^1].shape[1]);
        var batched = batch.Hidden[^1][1].narrow(0, 0, frames);
        double relative = Relative(batched, alone.Hidden[^1][0]);
        Assert.True(relative < 0.03, $"padded item vs alone: {relative:P2}");
    }

    static double Relative(Tensor actual, Tensor expected) => ((actual - expected).norm() / expected.norm()).item<float>();

    [Fact]
    public void Int8KeepsTheParameterCountAndReleasesTheFloatWeights()
    {
        using var scope = NewDisposeScope();
        var config = SslConfig.Tiny();
        using var fp32 = SslModels.CreateRandom(config, numLayers: 2, seed: 3);
        using var int8 = SslModels.CreateRandom(config, numLayers: 2, seed: 3, dtype: ScalarType.Int8);
        Assert.Equal(SslModels.ParameterCount(config, 2), int8.ParameterCount);
        var weights = int8.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(0, weights["encoder.layers.0.feed_forward.intermediate_dense.weight"].numel());
        Assert.Equal(0, weights["encoder.layers.1.attention.q_proj.weight"].numel());
        Assert.Equal(config.HiddenSize, weights["encoder.layers.1.attention.q_proj.bias"].numel()); // biases stay
        Assert.True(weights["feature_extractor.conv_layers.1.conv.weight"].numel() > 0); // the conv stack is float32
    }

    [Fact]
    public void Int8IsCpuOnlyAndNamedInTheError()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            SslModels.CreateRandom(SslConfig.Tiny(), numLayers: 1, device: new Device(DeviceType.CUDA), dtype: ScalarType.Int8));
        Assert.Contains("int8 runs on the CPU only", e.Message);
    }
}
