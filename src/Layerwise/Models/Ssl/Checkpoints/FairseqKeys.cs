using System.Text.RegularExpressions;

namespace Layerwise.Models.Ssl.Checkpoints;

/// <summary>
/// fairseq / unilm state-dict names → the project's (Hugging Face) parameter names, as Hugging Face's
/// convert_{wav2vec2,hubert,wavlm}_original_pytorch_checkpoint_to_pytorch.py map them: conv layers
/// <c>conv_layers.i.0</c> (conv), <c>.2</c> (group norm) and <c>.2.1</c> (layer norm), <c>post_extract_proj</c>,
/// the top-level <c>layer_norm</c> (before the projection), <c>encoder.pos_conv.0</c>, <c>self_attn.*</c>,
/// <c>self_attn_layer_norm</c>, <c>fc1</c>/<c>fc2</c>, <c>final_layer_norm</c>, WavLM's <c>grep_linear</c>,
/// <c>grep_a</c> and <c>relative_attention_bias</c>. Pre-training heads are known and ignored.
/// </summary>
public static partial class FairseqKeys
{
    /// <summary>What a checkpoint key is.</summary>
    public enum Kind { Mapped, PretrainingHead, Unknown }

    public static (Kind Kind, string? Name) Map(string key)
    {
        if (Head().IsMatch(key))
            return (Kind.PretrainingHead, null);
        Match m;
        if ((m = Conv().Match(key)).Success)
            return Mapped($"feature_extractor.conv_layers.{m.Groups[1].Value}.conv.{m.Groups[2].Value}");
        if ((m = ConvNorm().Match(key)).Success)
            return Mapped($"feature_extractor.conv_layers.{m.Groups[1].Value}.layer_norm.{m.Groups[2].Value}");
        if ((m = Top().Match(key)).Success)
            return Mapped((m.Groups[1].Value == "post_extract_proj" ? "feature_projection.projection." : "feature_projection.layer_norm.") + m.Groups[2].Value);
        if ((m = PosConv().Match(key)).Success)
            return Mapped("encoder.pos_conv_embed.conv." + m.Groups[1].Value);
        if ((m = EncoderNorm().Match(key)).Success)
            return Mapped(key);
        if ((m = Layer().Match(key)).Success)
        {
            string i = m.Groups[1].Value, module = m.Groups[2].Value, param = m.Groups[3].Value;
            string? target = module switch
            {
                "self_attn.k_proj" or "self_attn.v_proj" or "self_attn.q_proj" or "self_attn.out_proj" => "attention." + module["self_attn.".Length..],
                "self_attn.grep_linear" => "attention.gru_rel_pos_linear",
                "self_attn.relative_attention_bias" => "attention.rel_attn_embed",
                "self_attn_layer_norm" => "layer_norm",
                "fc1" => "feed_forward.intermediate_dense",
                "fc2" => "feed_forward.output_dense",
                "final_layer_norm" => "final_layer_norm",
                _ => null,
            };
            if (target is not null)
                return Mapped($"encoder.layers.{i}.{target}.{param}");
        }
        if ((m = GrepA().Match(key)).Success)
            return Mapped($"encoder.layers.{m.Groups[1].Value}.attention.gru_rel_pos_const");
        return (Kind.Unknown, null);
    }

    static (Kind, string?) Mapped(string name) => (Kind.Mapped, name);

    [GeneratedRegex(@"^(quantizer|project_q|final_proj|target_glu|project_inp|label_embs_concat|label_embs|mask_emb|layer_pred_heads)(\.|$)")]
    private static partial Regex Head();

    [GeneratedRegex(@"^feature_extractor\.conv_layers\.(\d+)\.0\.(weight|bias)$")]
    private static partial Regex Conv();

    [GeneratedRegex(@"^feature_extractor\.conv_layers\.(\d+)\.2(?:\.1)?\.(weight|bias)$")]
    private static partial Regex ConvNorm();

    [GeneratedRegex(@"^(post_extract_proj|layer_norm)\.(weight|bias)$")]
    private static partial Regex Top();

    [GeneratedRegex(@"^encoder\.pos_conv\.0\.(weight_g|weight_v|weight|bias|parametrizations\.weight\.original0|parametrizations\.weight\.original1)$")]
    private static partial Regex PosConv();

    [GeneratedRegex(@"^encoder\.layer_norm\.(weight|bias)$")]
    private static partial Regex EncoderNorm();

    [GeneratedRegex(@"^encoder\.layers\.(\d+)\.(self_attn\.\w+|self_attn_layer_norm|fc1|fc2|final_layer_norm)\.(weight|bias)$")]
    private static partial Regex Layer();

    [GeneratedRegex(@"^encoder\.layers\.(\d+)\.self_attn\.grep_a$")]
    private static partial Regex GrepA();
}
