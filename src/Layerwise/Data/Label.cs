namespace Layerwise.Data;

/// <summary>Class labels; the numeric values are the logit indices (1 = bona fide), as in the paper's code.</summary>
public enum Label
{
    Spoof = 0,
    Bonafide = 1,
}
