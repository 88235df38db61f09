using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>
/// HF <c>attention</c>: multi-head self-attention with separate q/k/v projections, computed by the fused
/// scaled_dot_product_attention kernel (scale 1/√head_dim, as HF's <c>scaling</c>). Padded key frames are
/// excluded, as HF's finfo.min mask (wav2vec2/HuBERT) or key_padding_mask (WavLM) do.
/// For WavLM it adds the bucketed relative position bias (table <c>rel_attn_embed</c>, layer 0 only; the
/// ungated bias is shared by all layers) gated per head and frame from the layer input:
/// gate = a · (b · gru_rel_pos_const − 1) + 2, (a, b) = sigmoid of <c>gru_rel_pos_linear</c>(x per head) summed in two groups of 4.
/// </summary>
internal sealed class SelfAttention : nn.Module
{
#pragma warning disable IDE1006 // field names are the checkpoint's parameter names
    readonly Linear k_proj;
    readonly Linear v_proj;
    readonly Linear q_proj;
    readonly Linear out_proj;
    readonly Parameter? gru_rel_pos_const;
    readonly Linear? gru_rel_pos_linear;
    readonly Embedding? rel_attn_embed;
#pragma warning restore IDE1006
    Int8Linear? q8, k8, v8, out8; // set by QuantizeInt8
    readonly int heads;
    readonly int headDim;
    readonly bool gated;
    readonly int numBuckets;
    readonly int maxDistance;

    public SelfAttention(SslConfig config, int layerIndex) : base("attention")
    {
        heads = config.NumAttentionHeads;
        headDim = config.HeadDim;
        k_proj = nn.Linear(config.HiddenSize, config.HiddenSize);
        v_proj = nn.Linear(config.HiddenSize, config.HiddenSize);
        q_proj = nn.Linear(config.HiddenSize, config.HiddenSize);
        out_proj = nn.Linear(config.HiddenSize, config.HiddenSize);
        if (config.ModelType == SslFamily.WavLM)
        {
            gated = true;
            numBuckets = config.NumBuckets;
            maxDistance = config.MaxBucketDistance;
            gru_rel_pos_const = nn.Parameter(ones(1, heads, 1, 1));
            gru_rel_pos_linear = nn.Linear(headDim, 8);
            if (layerIndex == 0)
                rel_attn_embed = nn.Embedding(numBuckets, heads);
        }
        RegisterComponents();
    }

    /// <summary>[B, T, D] → [B, T, D].</summary>
    public Tensor Forward(Tensor x, EncoderContext context)
    {
        long b = x.shape[0], t = x.shape[1];
        Tensor? mask = context.KeyMask; // bool: true = attend
        if (gated)
        {
            if (context.PositionBias is null)
                context.PositionBias = ComputeBias(t, x.device);
            // Gate from the layer input split into heads: [B, H, T, head_dim] → [B, H, T, 2].
            var perHead = x.view(b, t, heads, headDim).permute(0, 2, 1, 3);
            var gates = nn.functional.sigmoid(gru_rel_pos_linear!.forward(perHead).view(b, heads, t, 2, 4).sum(-1));
            var gate = gates.narrow(-1, 0, 1) * (gates.narrow(-1, 1, 1) * gru_rel_pos_const! - 1.0) + 2.0;
            var bias = gate * context.PositionBias.unsqueeze(0); // [B, H, T, T], added to the scores
            mask = mask is null ? bias : bias.masked_fill(mask.logical_not(), float.NegativeInfinity);
        }
        var q = Projection.Forward(q_proj, q8, x).Then(p => SplitHeads(p, b, t));
        var k = Projection.Forward(k_proj, k8, x).Then(p => SplitHeads(p, b, t));
        var v = Projection.Forward(v_proj, v8, x).Then(p => SplitHeads(p, b, t));
        var o = nn.functional.scaled_dot_product_attention(q, k, v, attn_mask: mask).Freeing(q, k, v);
        return o.Then(h => h.transpose(1, 2)).Then(h => h.reshape(b, t, heads * headDim)).Then(h => Projection.Forward(out_proj, out8, h));
    }

    /// <summary>Runs the q/k/v/out projections in int8 from now on (their float weights are released).</summary>
    public void QuantizeInt8()
    {
        q8 ??= Int8Linear.Of(q_proj);
        k8 ??= Int8Linear.Of(k_proj);
        v8 ??= Int8Linear.Of(v_proj);
        out8 ??= Int8Linear.Of(out_proj);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            foreach (var l in new[] { q8, k8, v8, out8 })
                l?.Dispose();
        base.Dispose(disposing);
    }

    Tensor SplitHeads(Tensor x, long b, long t) => x.view(b, t, heads, headDim).transpose(1, 2);

    /// <summary>WavLM [H, T, T]: the table's value for the bucket of each (key − query) offset.</summary>
    Tensor ComputeBias(long length, Device device)
    {
        if (rel_attn_embed is null)
            throw new InvalidOperationException("WavLM layer 0 computes the position bias for all layers");
        var positions = arange(length, dtype: ScalarType.Int64, device: device);
        var relative = positions.unsqueeze(0) - positions.unsqueeze(1); // memory − context
        var buckets = RelativePositionBuckets(relative, numBuckets, maxDistance);
        return rel_attn_embed.forward(buckets).permute(2, 0, 1);
    }

    /// <summary>T5-style buckets as WavLM computes them: half the buckets per sign, exact below a quarter, log-spaced up to the max distance.</summary>
    internal static Tensor RelativePositionBuckets(Tensor relative, int numBuckets, int maxDistance)
    {
        long half = numBuckets / 2;
        var buckets = relative.gt(0).to(ScalarType.Int64) * half;
        var distance = relative.abs();
        long maxExact = half / 2;
        var isSmall = distance.lt(maxExact);
        var large = (distance.to(ScalarType.Float32) / maxExact).log() / Math.Log((double)maxDistance / maxExact) * (half - maxExact);
        var largeBucket = (large + maxExact).to(ScalarType.Int64).clamp_max(half - 1);
        return buckets + where(isSmall, distance, largeBucket);
    }
}
