using System.Text.Json;
using Layerwise.Models.Ssl;
using Layerwise.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Tests.Runtime;

/// <summary>
/// The CPU float32 GEMM choice: oneDNN's linear against a float64 reference and libtorch's own, the model running on
/// the kernel asked for (and on libtorch's under autograd), the probe's cache, and the environment override.
/// </summary>
public sealed class Float32GemmTests : IDisposable
{
    readonly Layerwise.Tests.Data.TempDir temp = new();

    string folder => temp.Path;

    public void Dispose() => temp.Dispose();

    [Fact]
    public void OneDnnLinearIsFloat32ExactToRoundingOnEveryInputShape()
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var g = new Generator(7);
        var w = randn([48, 96], generator: g);
        var b = randn([48], generator: g);
        foreach (var x in new[]
        {
            randn([37, 96], generator: g),                       // 2-D
            randn([3, 21, 96], generator: g),                    // [B, T, C]
            randn([3, 96, 21], generator: g).transpose(1, 2),    // a non-contiguous view
        })
        {
            foreach (var bias in new[] { b, null })
            {
                var reference = nn.functional.linear(x.to(float64), w.to(float64), bias?.to(float64));
                var y = OneDnnLinear.Forward(x, w, bias);
                var blas = nn.functional.linear(x, w, bias);
                Assert.Equal(reference.shape, y.shape);
                Assert.Equal(ScalarType.Float32, y.dtype);
                double scale = reference.abs().max().item<double>();
                double ours = (y.to(float64) - reference).abs().max().item<double>();
                double theirs = (blas.to(float64) - reference).abs().max().item<double>();
                // Float32 over 96 products: a few units of the last place of the largest value, as libtorch's own.
                Assert.True(ours <= 1e-6 * scale * 96, $"oneDNN max |Δ| {ours} (scale {scale})");
                Assert.True(ours <= 4 * theirs + 1e-6 * scale, $"oneDNN max |Δ| {ours} vs libtorch's {theirs}");
            }
        }
    }

    /// <summary>Real widths (the tiny fixtures' 32-wide sums can come out bit-identical on both kernels), one block.</summary>
    public static TheoryData<string> Models() => new() { "wav2vec2-base", "xls-r-300m" };

    [Theory]
    [MemberData(nameof(Models))]
    public void TheModelRunsOnTheKernelAskedForAndOnLibtorchsUnderAutograd(string name)
    {
        using var scope = NewDisposeScope();
        var config = name == "xls-r-300m" ? SslConfig.XlsR300M : SslConfig.Wav2Vec2Base; // XLS-R: the time-major conv stack too
        using var model = SslModels.CreateRandom(config, numLayers: 1, seed: 3);
        // 1.5 s: XLS-R's conv layer 1 then has 2,399 output frames, i.e. three of its 1,024-frame oneDNN chunks.
        var input = randn([2, 24000], generator: new Generator(5));
        Tensor Deepest(Float32GemmKernel kernel)
        {
            using var use = Float32Gemm.Use(kernel);
            using var output = model.Forward(input);
            return output.Hidden[^1].detach().clone();
        }
        var blas = Deepest(Float32GemmKernel.Blas);
        var onednn = Deepest(Float32GemmKernel.OneDnn);
        double diff = (onednn - blas).abs().max().item<float>();
        // Another kernel sums in another order: not bit-identical, but float32-close.
        Assert.True(diff > 0, "the oneDNN scope ran libtorch's GEMM (bit-identical outputs)");
        double rel = ((onednn - blas).norm() / blas.norm()).item<float>();
        Assert.True(rel < 1e-5, $"oneDNN vs BLAS ‖Δ‖ / ‖BLAS‖ {rel} (max |Δ| {diff})");

        // With autograd on, every GEMM is libtorch's (oneDNN's linear has no backward here): bit-identical.
        using (Float32Gemm.Use(Float32GemmKernel.OneDnn))
        using (enable_grad())
        {
            var x = randn([2, 800]);
            var w = nn.Parameter(randn([5, 800]));
            Assert.Equal(0, (Float32Gemm.Linear(x, w, null) - nn.functional.linear(x, w)).abs().max().item<float>());
        }
    }

    [Fact]
    public void TheProbeMeasuresOnceThenReadsItsCacheAndPicksByItsTimings()
    {
        var first = Float32Gemm.Probe(cacheFolder: folder);
        Assert.False(first.Cached);
        Assert.True(first.FirstSeconds > 0 && first.SecondSeconds > 0);
        var file = Assert.Single(Directory.GetFiles(folder));
        Assert.StartsWith("float32-gemm-", Path.GetFileName(file));
        using (var doc = JsonDocument.Parse(File.ReadAllText(file)))
        {
            Assert.Equal(first.FirstSeconds, doc.RootElement.GetProperty("blas_seconds").GetDouble());
            Assert.Equal(first.SecondSeconds, doc.RootElement.GetProperty("onednn_seconds").GetDouble());
        }
        var second = Float32Gemm.Probe(cacheFolder: folder);
        Assert.Equal(first with { Cached = true }, second);

        Assert.Equal(Float32GemmKernel.OneDnn, Float32Gemm.Pick(first with { FirstSeconds = 1.2, SecondSeconds = 1.0 }));
        Assert.Equal(Float32GemmKernel.Blas, Float32Gemm.Pick(first with { FirstSeconds = 1.05, SecondSeconds = 1.0 }));
        Assert.Equal(Float32GemmKernel.Blas, Float32Gemm.Pick(first with { FirstSeconds = 1.0, SecondSeconds = 2.0 }));
    }

    [Theory]
    [InlineData("blas", "blas")]
    [InlineData("onednn", "onednn")]
    [InlineData(" OneDNN ", "onednn")]
    public void TheEnvironmentVariableChoosesTheKernelOfAProcess(string setting, string expected)
    {
        var (code, stdout, stderr) = RunInfo(setting);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(expected, doc.RootElement.GetProperty("float32_gemm").GetString());
    }

    [Fact]
    public void AnUnknownKernelNameIsAnErrorThatNamesTheVariable()
    {
        var (code, _, stderr) = RunInfo("mkl");
        Assert.NotEqual(0, code);
        Assert.Contains("LAYERWISE_FLOAT32_GEMM=mkl", stderr);
        Assert.Contains("blas, onednn or auto", stderr);
    }

    static (int Code, string Out, string Err) RunInfo(string setting)
    {
        using var p = CliProcess.Start(["info"], environment: new Dictionary<string, string> { [Float32Gemm.EnvironmentVariable] = setting });
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
