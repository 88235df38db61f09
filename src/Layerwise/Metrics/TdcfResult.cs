namespace Layerwise.Metrics;

/// <summary>A minimum normalised t-DCF, the CM threshold where it is reached, and the coefficients of the normalised
/// curve t-DCF_norm(s) = (C0 + C1·Pmiss_cm(s) + C2·Pfa_cm(s)) / Norm (C0 = 0 in the legacy formulation).</summary>
public sealed record TdcfResult(
    TdcfFormulation Formulation,
    double MinTdcf,
    double Threshold,
    double C0,
    double C1,
    double C2,
    double Norm);
