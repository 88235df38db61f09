namespace Layerwise.LayerAnalysis;

/// <summary>Which layers a probe's back-end sees, for probe index k of a model with L layers.</summary>
public enum ProbeKind
{
    /// <summary>Layer k alone (a sweep run with n_layers = k restricted to layer [k]).</summary>
    Single,

    /// <summary>Layers 1..k: the truncation curve (an ordinary sweep run with n_layers = k).</summary>
    Cumulative,

    /// <summary>All L layers but k.</summary>
    LeaveOneOut,
}
