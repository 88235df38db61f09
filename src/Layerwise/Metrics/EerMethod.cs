namespace Layerwise.Metrics;

/// <summary>Which EER definition a number follows. Published tables use one or the other; always say which.</summary>
public enum EerMethod
{
    /// <summary>The official ASVspoof 2019/2021 evaluation package: one DET point per trial (stable sort,
    /// bona fide first on ties), start point (FRR 0, FAR 1), argmin |FRR − FAR|, mean of the two rates.</summary>
    Asvspoof = 0,

    /// <summary>The paper's code: scikit-learn <c>det_curve</c> (distinct scores, trimmed curve),
    /// <c>nanargmin |FNR − FPR|</c>, mean of the two rates.</summary>
    Sklearn = 1,
}
