"""Build a tiny but real argostranslate package: a CTranslate2 Transformer with generated weights.

Model hubs cannot be reached from these machines, so tests make their own model:
SentencePiece trained on the seed article, a 1+1-layer Transformer (d_model 16)
written through CTranslate2's model spec API, ``metadata.json``, zipped as
``.argosmodel``. It decodes real beams through the real code path; its output
is nonsense, so tests built on it assert plumbing, never wording.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np

D, HEADS, FFN, MAXLEN = 16, 2, 32, 512
NAMES = {"fr": "French", "en": "English", "vi": "Vietnamese"}


def train_sentencepiece(text: str) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    lines = [line for line in text.splitlines() if line.strip()]
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=400,
        model_type="unigram",
        character_coverage=1.0,
        user_defined_symbols=["[", "]"],
        minloglevel=2,
    )
    return model.getvalue()


def _build_model(out: Path, pieces: list[str], seed: int) -> None:
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)

    def rnd(*shape: int, std: float = 0.2) -> np.ndarray:
        return (rng.standard_normal(shape) * std).astype(np.float32)

    vocab = ["<unk>", "<blank>", "<s>", "</s>"] + [p for p in pieces if p not in ("<unk>", "<s>", "</s>")]
    eos = vocab.index("</s>")
    pos = np.arange(MAXLEN, dtype=np.float32)[:, None]
    div = np.exp(np.arange(0, D, 2, dtype=np.float32) * -(np.log(10000.0) / D))
    pe = np.zeros((MAXLEN, D), np.float32)
    pe[:, 0::2], pe[:, 1::2] = np.sin(pos * div), np.cos(pos * div)

    def ln(spec) -> None:
        spec.gamma = np.ones(D, np.float32)
        spec.beta = np.zeros(D, np.float32)

    def linear(spec, out_dim: int, in_dim: int) -> None:
        spec.weight = rnd(out_dim, in_dim)
        spec.bias = rnd(out_dim, std=0.01)

    spec = transformer_spec.TransformerSpec.from_config((1, 1), HEADS)
    enc, dec = spec.encoder, spec.decoder
    enc.embeddings[0].weight = rnd(len(vocab), D, std=0.25)
    enc.position_encodings.encodings = pe
    ln(enc.layer_norm)
    for layer in enc.layer:
        ln(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * D, D)
        linear(layer.self_attention.linear[1], D, D)
        ln(layer.ffn.layer_norm)
        linear(layer.ffn.linear_0, FFN, D)
        linear(layer.ffn.linear_1, D, FFN)
    dec.embeddings.weight = rnd(len(vocab), D, std=0.25)
    dec.position_encodings.encodings = pe.copy()
    ln(dec.layer_norm)
    for layer in dec.layer:
        ln(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * D, D)
        linear(layer.self_attention.linear[1], D, D)
        ln(layer.attention.layer_norm)
        linear(layer.attention.linear[0], D, D)
        linear(layer.attention.linear[1], 2 * D, D)
        linear(layer.attention.linear[2], D, D)
        ln(layer.ffn.layer_norm)
        linear(layer.ffn.linear_0, FFN, D)
        linear(layer.ffn.linear_1, D, FFN)
    dec.projection.weight = rnd(len(vocab), D, std=0.5)
    bias = rnd(len(vocab), std=0.1)
    bias[eos] = 4.0  # end after a handful of tokens so decoding stays fast
    dec.projection.bias = bias
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization="int8")
    spec.save(str(out))


def build_package(out_dir: Path, source: str, target: str, sp_model: bytes, *, version: str = "0.1") -> Path:
    """Write ``translate-<source>_<target>-tiny.argosmodel`` into ``out_dir`` and return its path."""
    import sentencepiece as spm

    name = f"translate-{source}_{target}-tiny"
    work = out_dir / f".{name}"
    (work / name / "model").mkdir(parents=True, exist_ok=True)
    (work / name / "sentencepiece.model").write_bytes(sp_model)
    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    _build_model(work / name / "model", pieces, seed=sum(map(ord, source + target)))
    metadata = {
        "package_version": version,
        "argos_version": "1.9",
        "from_code": source,
        "from_name": NAMES.get(source, source),
        "to_code": target,
        "to_name": NAMES.get(target, target),
    }
    (work / name / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    (work / name / "README.md").write_text(
        f"# {source}->{target} tiny test model (generated weights)\n", encoding="utf-8"
    )
    archive = out_dir / f"{name}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted((work / name).rglob("*")):
            if path.is_file():
                z.write(path, path.relative_to(work))
    return archive
