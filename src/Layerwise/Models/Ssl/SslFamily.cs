namespace Layerwise.Models.Ssl;

/// <summary>The Hugging Face <c>model_type</c> of an SSL checkpoint.</summary>
public enum SslFamily
{
    /// <summary>wav2vec 2.0 and XLS-R (<c>model_type</c> "wav2vec2").</summary>
    Wav2Vec2,
    /// <summary>HuBERT (<c>model_type</c> "hubert").</summary>
    Hubert,
    /// <summary>WavLM (<c>model_type</c> "wavlm"): gated relative position bias in every attention.</summary>
    WavLM,
}
