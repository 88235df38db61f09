using static TorchSharp.torch;

namespace Layerwise.Benchmarking;

/// <summary>
/// One benchmark configuration: a random-weight model of <see cref="Arch"/> truncated to <see cref="Layers"/>
/// blocks, fed <see cref="Batch"/> random waveforms of <see cref="Seconds"/> s at 16 kHz;
/// <see cref="Warmup"/> untimed forwards, then <see cref="Repeat"/> timed ones.
/// </summary>
public sealed record BenchSettings
{
    public string Arch { get; init; } = "base";
    public int Layers { get; init; }
    public double Seconds { get; init; } = 4;
    public int Batch { get; init; } = 1;
    public int Repeat { get; init; } = 5;
    public int Warmup { get; init; } = 1;
    /// <summary>Intra-op threads; 0 = one per core.</summary>
    public int Threads { get; init; }
    public Device Device { get; init; } = CPU;
    public ScalarType DType { get; init; } = ScalarType.Float32;
    /// <summary>Run the forward under inference mode rather than no_grad (outputs then cannot feed autograd).</summary>
    public bool InferenceMode { get; init; } = true;
    public int Seed { get; init; }
    /// <summary>Tune glibc malloc to keep freed memory (<see cref="NativeHeap.KeepFreedMemory"/>); the peer script does the same.</summary>
    public bool KeepFreedMemory { get; init; } = true;

    public const int SampleRate = 16000;

    public long Samples => (long)Math.Round(Seconds * SampleRate);

    public void Validate()
    {
        BenchArch.Config(Arch);
        if (Seconds <= 0 || Batch <= 0 || Repeat <= 0 || Warmup < 0 || Threads < 0)
            throw new BenchInputException($"--seconds, --batch, --repeat must be positive and --warmup, --threads non-negative (got {Seconds}, {Batch}, {Repeat}, {Warmup}, {Threads})");
    }
}
