using Layerwise.Models.Ssl;
using Layerwise.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Benchmarking;

/// <summary>Times <see cref="SslFrontEnd.Forward(Tensor, Tensor?)"/> of a random-weight truncated model in this process.</summary>
public static class ForwardBenchmark
{
    /// <summary>Builds the model, warms up, times the repeats; <see cref="BenchResult.PeakRssMb"/> is this process's peak so far.</summary>
    public static BenchResult Run(BenchSettings settings)
    {
        settings.Validate();
        // The state the process really runs in: the `layerwise` executable may have tuned the heap at start.
        bool heapTuned = NativeHeap.IsTuned || (settings.KeepFreedMemory && NativeHeap.KeepFreedMemory());
        var config = BenchArch.Config(settings.Arch);
        int threads = settings.Threads > 0 ? settings.Threads : Environment.ProcessorCount;
        using var model = SslModels.CreateRandom(config, settings.Layers, settings.Seed, settings.Device, NormalizeMode.Off, settings.DType);
        set_num_threads(threads); // after creation: the factory raises the count to the number of cores
        model.InferenceMode = settings.InferenceMode;
        double modelRss = ProcessMemory.RssMb();

        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)settings.Seed + 1);
        var waveforms = (randn([settings.Batch, settings.Samples], generator: generator) * 0.1f).to(settings.Device);
        var times = Timing.Repeat(() => ForwardTiming.Forward(model, waveforms), settings.Warmup, settings.Repeat);

        double median = Timing.Median(times);
        double peakRss = ProcessMemory.PeakRssMb(); // before the float32 reference below is built
        var (maxAbs, rel) = settings.DType == ScalarType.Float32 ? (null, null) : ErrorVsFloat32(model, settings, config, waveforms);
        return new BenchResult(
            Impl: "layerwise",
            Arch: settings.Arch,
            Layers: settings.Layers,
            Batch: settings.Batch,
            AudioSeconds: settings.Samples / (double)BenchSettings.SampleRate,
            SecondsMedian: median,
            SecondsMin: times.Min(),
            Rtf: median / (settings.Batch * settings.Samples / (double)BenchSettings.SampleRate),
            Parameters: model.ParameterCount,
            PeakRssMb: peakRss,
            ModelRssMb: modelRss,
            Threads: get_num_threads(),
            Device: settings.Device.type.ToString().ToLowerInvariant(),
            DType: settings.DType.ToString().ToLowerInvariant(),
            Repeat: settings.Repeat,
            InferenceMode: settings.InferenceMode,
            KeepFreedMemory: heapTuned,
            MaxAbsErrorVsFloat32: maxAbs,
            RelErrorVsFloat32: rel);
    }

    /// <summary>The deepest hidden state of <paramref name="model"/> against the float32 model of the same seed.</summary>
    static (double?, double?) ErrorVsFloat32(SslFrontEnd model, BenchSettings settings, SslConfig config, Tensor waveforms)
    {
        using var scope = NewDisposeScope();
        using var reference = SslModels.CreateRandom(config, settings.Layers, settings.Seed, settings.Device, NormalizeMode.Off, ScalarType.Float32);
        reference.InferenceMode = true;
        var y = model.Forward(waveforms).Hidden[^1];
        var r = reference.Forward(waveforms).Hidden[^1];
        var d = y - r;
        return (d.abs().max().item<float>(), (d.norm() / r.norm()).item<float>());
    }
}
