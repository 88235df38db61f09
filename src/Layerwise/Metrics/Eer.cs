namespace Layerwise.Metrics;

/// <summary>EER computations. (Contract stub: implemented by the metrics module.)</summary>
public static class Eer
{
    /// <summary>The official ASVspoof 2019/2021 EER (one DET point per trial).</summary>
    public static EerResult Compute(IReadOnlyList<double> bonafide, IReadOnlyList<double> spoof) =>
        throw new NotImplementedException("arrives with the metrics module");
}
