"""Writes one XLS-R-sized (24 x 1024, pre-LN, layer-norm conv stack: facebook/wav2vec2-xls-r-300m) model with random
weights in the three formats the loader reads, for measure.sh (run with /usr/bin/python3: Debian python3-torch 1.13 +
python3-omegaconf). Output folder (default /tmp/lw-xlsr): hf-safetensors/, hf-bin/ (config.json + weights) and
xlsr2_300m-random.pt (a fairseq checkpoint, cfg a DictConfig, made with the fixtures' own HF -> fairseq mapping).
About 1.3 GB per format.
"""
import json
import os
import struct
import sys
from collections import OrderedDict

import torch
from omegaconf import OmegaConf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "Layerwise.Tests", "fixtures", "ssl-pt"))
import make_pt_fixtures as fx  # noqa: E402  (to_original, Wav2Vec2Config, Choices)

D, FF, LAYERS, HEADS, C = 1024, 4096, 24, 16, 512
KERNELS, STRIDES = [10, 3, 3, 3, 3, 2, 2], [5, 2, 2, 2, 2, 2, 2]
CONFIG = {
    "model_type": "wav2vec2", "architectures": ["Wav2Vec2ForPreTraining"], "hidden_size": D, "num_hidden_layers": LAYERS,
    "num_attention_heads": HEADS, "intermediate_size": FF, "hidden_act": "gelu", "layer_norm_eps": 1e-5,
    "feat_extract_norm": "layer", "feat_extract_activation": "gelu", "conv_dim": [C] * 7, "conv_kernel": KERNELS,
    "conv_stride": STRIDES, "conv_bias": True, "num_conv_pos_embeddings": 128, "num_conv_pos_embedding_groups": 16,
    "do_stable_layer_norm": True,
}


def hf_state(gen):
    r = lambda *shape: (torch.randn(*shape, generator=gen) * 0.02)
    s = OrderedDict()
    for i, k in enumerate(KERNELS):
        s[f"feature_extractor.conv_layers.{i}.conv.weight"] = r(C, 1 if i == 0 else C, k)
        s[f"feature_extractor.conv_layers.{i}.conv.bias"] = r(C)
        s[f"feature_extractor.conv_layers.{i}.layer_norm.weight"] = torch.ones(C)
        s[f"feature_extractor.conv_layers.{i}.layer_norm.bias"] = r(C)
    s["feature_projection.layer_norm.weight"], s["feature_projection.layer_norm.bias"] = torch.ones(C), r(C)
    s["feature_projection.projection.weight"], s["feature_projection.projection.bias"] = r(D, C), r(D)
    s["encoder.pos_conv_embed.conv.weight_g"] = torch.ones(1, 1, 128)
    s["encoder.pos_conv_embed.conv.weight_v"] = r(D, D // 16, 128)
    s["encoder.pos_conv_embed.conv.bias"] = r(D)
    s["encoder.layer_norm.weight"], s["encoder.layer_norm.bias"] = torch.ones(D), r(D)
    for i in range(LAYERS):
        p = f"encoder.layers.{i}."
        for m in ["k_proj", "v_proj", "q_proj", "out_proj"]:
            s[p + f"attention.{m}.weight"], s[p + f"attention.{m}.bias"] = r(D, D), r(D)
        s[p + "layer_norm.weight"], s[p + "layer_norm.bias"] = torch.ones(D), r(D)
        s[p + "feed_forward.intermediate_dense.weight"], s[p + "feed_forward.intermediate_dense.bias"] = r(FF, D), r(FF)
        s[p + "feed_forward.output_dense.weight"], s[p + "feed_forward.output_dense.bias"] = r(D, FF), r(D)
        s[p + "final_layer_norm.weight"], s[p + "final_layer_norm.bias"] = torch.ones(D), r(D)
    return s


def save_safetensors(state, path):
    header, offset, blobs = {}, 0, []
    for key, t in state.items():
        data = t.contiguous().numpy().tobytes()
        header["wav2vec2." + key] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/lw-xlsr"
    state = hf_state(torch.Generator().manual_seed(0))
    for sub in ["hf-safetensors", "hf-bin"]:
        os.makedirs(f"{out}/{sub}", exist_ok=True)
        with open(f"{out}/{sub}/config.json", "w") as f:
            json.dump(CONFIG, f, indent=1)
    save_safetensors(state, f"{out}/hf-safetensors/model.safetensors")
    torch.save(OrderedDict(("wav2vec2." + k, v) for k, v in state.items()), f"{out}/hf-bin/pytorch_model.bin")
    fields = dict(extractor_mode=fx.Choices.layer_norm, encoder_layers=LAYERS, encoder_embed_dim=D, encoder_ffn_embed_dim=FF,
                  encoder_attention_heads=HEADS, layer_norm_first=True, conv_feature_layers="[(512, 10, 5)] + [(512, 3, 2)] * 4 + [(512,2,2)] * 2",
                  conv_bias=True, conv_pos=128, conv_pos_groups=16)
    cfg = OmegaConf.create({"task": {"_name": "audio_pretraining", "normalize": True}})
    cfg.model = OmegaConf.structured(fx.Wav2Vec2Config(_name="wav2vec2", **fields))
    torch.save({"args": None, "cfg": cfg, "model": fx.to_original(state, True)}, f"{out}/xlsr2_300m-random.pt")


if __name__ == "__main__":
    main()
