namespace Layerwise.Data.Demo;

/// <summary>A spoofing "attack": resynthesises a synthetic utterance so that it keeps its content but carries
/// the artifacts of one kind of vocoder/manipulation.</summary>
internal abstract class DemoAttack
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    public abstract double[] Apply(DemoSignal signal, DemoRandom rng);

    /// <summary>Attack ids A01.. in this order: train/dev draw from the first ones, eval adds the rest (unseen).</summary>
    public static readonly DemoAttack[] All =
    [
        new GriffinLimMelAttack(),
        new LpcVocoderAttack(),
        new HarmonicNoiseVocoderAttack(),
        new EnvelopeSmoothingAttack(),
        new FrameRepetitionAttack(),
        new ImagingUpsamplerAttack(),
    ];

    public static string IdOf(int index) => $"A{index + 1:00}";
}
