namespace Layerwise.Benchmarking;

/// <summary>
/// The timing of one configuration. <see cref="SecondsMedian"/>: wall time of one forward pass over the whole
/// batch (median of the repeats); <see cref="Rtf"/> = SecondsMedian / (Batch × AudioSeconds);
/// <see cref="PeakRssMb"/>: the process's peak resident set (VmHWM), meaningful when the process ran only this configuration;
/// <see cref="ModelRssMb"/>: its resident set once the model was built, before any forward pass;
/// <see cref="MaxAbsErrorVsFloat32"/> and <see cref="RelErrorVsFloat32"/> (dtypes other than float32 only): the
/// deepest hidden state against the same model in float32 on the same input, max |Δ| and ‖Δ‖ / ‖float32‖.
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
    bool KeepFreedMemory,
    double? MaxAbsErrorVsFloat32 = null,
    double? RelErrorVsFloat32 = null);
