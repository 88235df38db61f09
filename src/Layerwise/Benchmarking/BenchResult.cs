namespace Layerwise.Benchmarking;

/// <summary>
/// The timing of one configuration. <see cref="SecondsMedian"/>: wall time of one forward pass over the whole
/// batch (median of the repeats); <see cref="Rtf"/> = SecondsMedian / (Batch × AudioSeconds);
/// <see cref="PeakRssMb"/>: the process's peak resident set (VmHWM), meaningful when the process ran only this configuration;
/// <see cref="ModelRssMb"/>: its resident set once the model was built, before any forward pass.
/// </summary>
public sealed record BenchResult(
    string Impl,
    string Arch,
    int Layers,
    int Batch,
    double AudioSeconds,
    double SecondsMedian,
    double SecondsMin,
    double Rtf,
    long Parameters,
    double PeakRssMb,
    double ModelRssMb,
    int Threads,
    string Device,
    string DType,
    int Repeat,
    bool InferenceMode,
    bool KeepFreedMemory);
