using System.Diagnostics;
using Layerwise.Models.Ssl;
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
        bool heapTuned = settings.KeepFreedMemory && NativeHeap.KeepFreedMemory();
        var config = BenchArch.Config(settings.Arch);
        int threads = settings.Threads > 0 ? settings.Threads : Environment.ProcessorCount;
        using var model = SslModels.CreateRandom(config, settings.Layers, settings.Seed, settings.Device, NormalizeMode.Off, settings.DType);
        set_num_threads(threads); // after creation: the factory raises the count to the number of cores
        model.InferenceMode = settings.InferenceMode;
        double modelRss = ProcessMemory.RssMb();

        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)settings.Seed + 1);
        var waveforms = (randn([settings.Batch, settings.Samples], generator: generator) * 0.1f).to(settings.Device);
        bool cudaSync = settings.Device.type == DeviceType.CUDA;

        for (int i = 0; i < settings.Warmup; i++)
            Forward(model, waveforms, cudaSync);
        var times = new double[settings.Repeat];
        for (int i = 0; i < settings.Repeat; i++)
            times[i] = Forward(model, waveforms, cudaSync);

        double median = Median(times);
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
            PeakRssMb: ProcessMemory.PeakRssMb(),
            ModelRssMb: modelRss,
            Threads: get_num_threads(),
            Device: settings.Device.type.ToString().ToLowerInvariant(),
            DType: settings.DType.ToString().ToLowerInvariant(),
            Repeat: settings.Repeat,
            InferenceMode: settings.InferenceMode,
            KeepFreedMemory: heapTuned);
    }

    /// <summary>Seconds of one forward pass, outputs freed afterwards (their conversion to float32 is part of the pass).</summary>
    static double Forward(SslFrontEnd model, Tensor waveforms, bool cudaSync)
    {
        using var scope = NewDisposeScope();
        var clock = Stopwatch.StartNew();
        using var output = model.Forward(waveforms);
        if (cudaSync)
            cuda.synchronize();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The median (mean of the two middle values for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            throw new ArgumentException("no values");
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
