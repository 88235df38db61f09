using System.Security.Cryptography;
using System.Text;

namespace Layerwise.Features;

/// <summary>
/// What identifies a set of cached hidden states: the SSL model (id + revision or weight hash), the
/// waveform preprocessing, the input policy of the scenario and the depth stored. Two extractions with
/// equal keys produce interchangeable entries, so shards and reruns may write into one folder.
/// </summary>
/// <param name="ModelId">e.g. "facebook/wav2vec2-base" or "demo-tiny-random".</param>
/// <param name="Revision">Commit/revision or a hash of the weights; "random:seed=N" for random weights.</param>
/// <param name="Preprocessing">e.g. "mono;16k;raw-float;no-normalisation".</param>
/// <param name="InputPolicy">e.g. "fixed:64600:head-crop+tile" or "full".</param>
/// <param name="Layers">Transformer blocks stored (layers 1..Layers).</param>
/// <param name="IncludeHidden0">Whether the transformer input (hidden_0) is stored as well.</param>
/// <param name="Batching">How waveforms met the SSL when that changes the features: null = each utterance on its own
/// (equal-length batches only, no padding); e.g. "padded-batch:32:no-mask:seed=1" = the paper's PartialSpoof/HAD mode,
/// where an utterance's features depend on the batch it was padded in (see PaddedBatchExtraction).</param>
/// <param name="Compute">The SSL's compute dtype when not float32 (e.g. "bfloat16": <c>extract --dtype bfloat16</c>); its
/// features differ from float32's by the rounding (~1 % relative), so they are another key. null = float32.</param>
public sealed record FeatureCacheKey(
    string ModelId,
    string Revision,
    string Preprocessing,
    string InputPolicy,
    int Layers,
    bool IncludeHidden0 = false,
    string? Batching = null,
    string? Compute = null)
{
    /// <summary>Stable 16-hex-digit digest of every field (a null <see cref="Batching"/> or <see cref="Compute"/> leaves
    /// older keys' digests unchanged).</summary>
    public string Digest()
    {
        var text = $"v1\n{ModelId}\n{Revision}\n{Preprocessing}\n{InputPolicy}\n{Layers}\n{IncludeHidden0}" +
                   (Batching is null ? "" : $"\nbatching={Batching}") +
                   (Compute is null ? "" : $"\ncompute={Compute}");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(hash)[..16];
    }

    /// <summary>The key's folder name under a cache root: a readable slug (and the compute dtype when not float32) plus the digest.</summary>
    public string FolderName() => $"{Slug(ModelId)}-L{Layers}{(Compute is null ? "" : "-" + Slug(Compute))}-{Digest()}";

    /// <summary>A model id as a readable file-name part: ASCII letters, digits, '-' and '.' kept, anything else '_'
    /// (cache folders, the demo's per-model probe folders).</summary>
    public static string Slug(string modelId) =>
        string.Concat(modelId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_'));
}
