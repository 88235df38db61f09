namespace Layerwise.Pretraining;

/// <summary>One logged step: the masked-prediction loss, the masked frames' target accuracy, the fraction of masked frames.</summary>
public sealed record PretrainingStep(int Step, double Loss, double MaskedAccuracy, double MaskedFraction, double LearningRate);
