using System.Text.Json;
using Layerwise.Runtime;
using Layerwise.Cli;
using Layerwise.Models.Ssl;

namespace Layerwise.Tests.Bench;

/// <summary>`layerwise bench` end to end on the tiny model: one child process per configuration, one JSON line each.</summary>
public sealed class BenchCommandTests
{
    static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void PrintsOneJsonLinePerConfigurationFromChildProcesses()
    {
        var (code, stdout, stderr) = Run("bench", "--arch", "tiny", "--layers", "0,2", "--seconds", "0.5", "--batch", "2",
            "--repeat", "3", "--warmup", "0", "--threads", "1", "--device", "cpu");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        foreach (var (line, layers) in lines.Zip(new[] { 0, 2 }))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            foreach (var key in new[] { "arch", "layers", "batch", "seconds_median", "rtf", "parameters", "peak_rss_mb" })
                Assert.True(root.TryGetProperty(key, out _), $"missing {key} in {line}");
            Assert.Equal("tiny", root.GetProperty("arch").GetString());
            Assert.Equal(layers, root.GetProperty("layers").GetInt32());
            Assert.Equal(2, root.GetProperty("batch").GetInt32());
            Assert.Equal(1, root.GetProperty("threads").GetInt32());
            Assert.Equal(SslModels.ParameterCount(SslConfig.Tiny(), layers), root.GetProperty("parameters").GetInt64());
            double median = root.GetProperty("seconds_median").GetDouble();
            Assert.True(median > 0 && median >= root.GetProperty("seconds_min").GetDouble());
            // rtf = wall time of one batch / (batch × seconds of audio), both rounded to 4 decimals in the line
            Assert.Equal(median / (2 * 0.5), root.GetProperty("rtf").GetDouble(), 3);
            double peak = root.GetProperty("peak_rss_mb").GetDouble();
            Assert.True(peak >= root.GetProperty("model_rss_mb").GetDouble() && peak > 10, line);
        }
    }

    [Fact]
    public void Int8ReportsItsErrorAgainstFloat32AndFloat32LinesKeepTheirKeys()
    {
        var (code, stdout, stderr) = Run("bench", "--arch", "tiny", "--layers", "0,2", "--seconds", "0.5", "--repeat", "1",
            "--warmup", "0", "--threads", "1", "--dtype", "int8");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Equal("int8", l.GetProperty("dtype").GetString()));
        Assert.All(lines, l => Assert.Equal(SslModels.ParameterCount(SslConfig.Tiny(), l.GetProperty("layers").GetInt32()), l.GetProperty("parameters").GetInt64()));
        // N = 0: hidden_0 comes before the first quantized GEMM, so it is float32's exactly.
        Assert.Equal(0, lines[0].GetProperty("max_abs_error_vs_float32").GetDouble());
        Assert.Equal(0, lines[0].GetProperty("rel_error_vs_float32").GetDouble());
        double rel = lines[1].GetProperty("rel_error_vs_float32").GetDouble();
        Assert.InRange(rel, 1e-4, 0.1);
        Assert.True(lines[1].GetProperty("max_abs_error_vs_float32").GetDouble() > 0);

        var (fpCode, fpOut, fpErr) = Run("bench", "--arch", "tiny", "--layers", "1", "--seconds", "0.5", "--repeat", "1", "--warmup", "0", "--threads", "1");
        Assert.True(fpCode == 0, fpErr);
        var keys = JsonDocument.Parse(fpOut.Trim()).RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["impl", "arch", "layers", "batch", "audio_seconds", "seconds_median", "seconds_min", "rtf", "parameters", "peak_rss_mb",
            "model_rss_mb", "threads", "device", "dtype", "repeat", "inference_mode", "keep_freed_memory", "dtype_requested", "float32_gemm"], keys);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public void EachChildRunsWithTheHeapSettingAskedFor(string keep)
    {
        // The child is the `layerwise` executable, which tunes its heap at start unless the parent says not to.
        var (code, stdout, stderr) = Run("bench", "--arch", "tiny", "--layers", "0", "--seconds", "0.5", "--repeat", "1",
            "--warmup", "0", "--threads", "1", "--keep-freed-memory", keep);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout.Trim());
        bool expected = keep == "true" && OperatingSystem.IsLinux();
        Assert.Equal(expected, doc.RootElement.GetProperty("keep_freed_memory").GetBoolean());
    }

    [Fact]
    public void CudaWithoutAGpuIsAnInputErrorThatSaysHowToBuildForIt()
    {
        var (code, _, stderr) = Run("bench", "--arch", "tiny", "--layers", "1", "--seconds", "0.5", "--repeat", "1", "--warmup", "0", "--device", "cuda");
        if (TorchSharp.torch.cuda.is_available())
        {
            Assert.True(code == 0, stderr); // a CUDA build on a GPU machine just runs
            return;
        }
        Assert.Equal(LayerwiseCli.ExitBadInput, code);
        Assert.Contains("CUDA was requested but is not available", stderr);
        Assert.Contains("-p:TorchBackend=cuda", stderr);
        Assert.DoesNotContain("internal error", stderr);
    }

    [Fact]
    public void DtypeAutoRunsWhatTheProbeChoseAndSaysItWasRequested()
    {
        var (code, stdout, stderr) = Run("bench", "--arch", "tiny", "--layers", "1", "--seconds", "0.5", "--repeat", "1",
            "--warmup", "0", "--threads", "1", "--dtype", "auto");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout.Trim());
        Assert.Equal("auto", doc.RootElement.GetProperty("dtype_requested").GetString());
        var (probeCode, probeOut, probeErr) = Run("bench", "--probe-bf16", "--threads", "1");
        Assert.True(probeCode == 0, probeErr);
        using var probe = JsonDocument.Parse(probeOut.Trim());
        Assert.True(probe.RootElement.GetProperty("cached").GetBoolean()); // the bench child measured it already
        Assert.Equal(probe.RootElement.GetProperty("fastest").GetString(), doc.RootElement.GetProperty("dtype").GetString());
        // The float32 GEMM verdict is the same probe-and-cache: the line names the kernel the probe picked.
        string gemm = probe.RootElement.GetProperty("float32_gemm").GetString()!;
        Assert.Equal(probe.RootElement.GetProperty("onednn_speedup").GetDouble() >= Float32Gemm.MinSpeedup ? "onednn" : "blas", gemm);
        Assert.Equal(gemm, doc.RootElement.GetProperty("float32_gemm").GetString());
    }

    [Fact]
    public void ParityFixturesRunOnTheRequestedDeviceWithinTheTestsBound()
    {
        // What gpu-check.sh runs on a CUDA machine; here on the CPU, where SslParityTests assert the same bound.
        var folder = Layerwise.Tests.Ssl.SslFixtures.Folder("wav2vec2-large-tiny");
        var (code, stdout, stderr) = Run("bench", "--parity-fixture", folder, "--device", "cpu");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout.Trim());
        var root = doc.RootElement;
        Assert.Equal("wav2vec2-large-tiny", root.GetProperty("fixture").GetString());
        var outputs = root.GetProperty("per_output").EnumerateObject().ToList();
        Assert.Equal(2 * 6, outputs.Count); // single and batch: extract_features, hidden_0..hidden_4
        Assert.All(outputs, o => Assert.InRange(o.Value.GetDouble(), 0, 1e-4));
        Assert.Equal(outputs.Max(o => o.Value.GetDouble()), root.GetProperty("max_abs_diff").GetDouble());
    }

    [Theory]
    [InlineData("--layers", "0,13", "13 is outside 0..12")]
    [InlineData("--layers", "0,x", "'x' is not a number")]
    [InlineData("--arch", "huge", "--arch 'huge'")]
    public void BadSettingsAreInputErrors(string option, string value, string message)
    {
        var (code, _, stderr) = Run("bench", option, value, "--repeat", "1");
        Assert.Equal(LayerwiseCli.ExitBadInput, code);
        Assert.Contains(message, stderr);
    }
}
