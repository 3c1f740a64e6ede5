#!/usr/bin/env python3
"""Export a notebook-trained UnrolledRNN (PyTorch; tanh cells, or nn.LSTMCell / nn.GRUCell cells) to Unrolled's checkpoint JSON, to visualise it in Unrolled.

In the notebook, after training (the notebook's variables `model`, `word_to_ix`, `seq_length`):

    import sys; sys.path.append("path/to/unrolled/scripts")
    from export_checkpoint import export_checkpoint
    export_checkpoint(model, word_to_ix, "imdb-rnn.json", seq_length=seq_length)

Or from files (`torch.save(model.state_dict(), "model.pt")`, `json.dump(word_to_ix, open("word_to_ix.json", "w"))`):

    python3 export_checkpoint.py model.pt word_to_ix.json -o imdb-rnn.json --seq-length 100

The JSON holds `format`, `version`, `model` (sizes), `vocab` (word by id, id 0 = "<PAD>") and `weights`
(every state_dict entry as {shape, data}, row-major) -- the format Unrolled loads and checks.
"""
import argparse
import json
import math
import sys

FORMAT = "unrolled-checkpoint"
VERSION = 1
PAD = "<PAD>"


def _shape(value):
    return [int(d) for d in value.shape]


def _flat(value):
    """Row-major list of Python floats of a tensor / numpy array / nested list."""
    if hasattr(value, "detach"):  # torch.Tensor: float64 keeps every float32 value exactly
        value = value.detach().cpu().double()
    data = value.tolist() if hasattr(value, "tolist") else value
    out = []

    def walk(v):
        if isinstance(v, (list, tuple)):
            for x in v:
                walk(x)
        else:
            out.append(float(v))

    walk(data)
    return out


GATES = {"unrolled-lstm": 4, "unrolled-gru": 3}


def weight_names(num_layers, kind="unrolled-rnn"):
    """The state_dict names, in order: the notebook UnrolledRNN's, or with nn.LSTMCell / nn.GRUCell cells."""
    names = ["embedding.weight"]
    for k in range(num_layers):
        if kind in GATES:
            names += [f"rnn_cells.{k}.weight_ih", f"rnn_cells.{k}.weight_hh",
                      f"rnn_cells.{k}.bias_ih", f"rnn_cells.{k}.bias_hh"]
        else:
            names += [f"rnn_cells.{k}.i2h.weight", f"rnn_cells.{k}.i2h.bias",
                      f"rnn_cells.{k}.h2h.weight", f"rnn_cells.{k}.h2h.bias"]
    return names + ["fc_out.weight", "fc_out.bias"]


def infer_config(state_dict, seq_length):
    """Sizes of the model from its state_dict."""
    if "embedding.weight" not in state_dict or "fc_out.weight" not in state_dict:
        raise ValueError("not the notebook's UnrolledRNN: the state_dict needs embedding.weight and fc_out.weight "
                         f"(it has: {', '.join(state_dict)})")
    vocab_size, embedding_dim = _shape(state_dict["embedding.weight"])
    kind = "unrolled-rnn"
    recurrent = "h2h.weight"
    if "rnn_cells.0.weight_hh" in state_dict:  # nn.LSTMCell (4 gate blocks) or nn.GRUCell (3)
        rows, hidden_size = _shape(state_dict["rnn_cells.0.weight_hh"])
        kind = {4 * hidden_size: "unrolled-lstm", 3 * hidden_size: "unrolled-gru"}.get(rows)
        if kind is None:
            raise ValueError(f"rnn_cells.0.weight_hh has shape [{rows}, {hidden_size}]: neither an LSTMCell (4H rows) nor a GRUCell (3H)")
        recurrent = "weight_hh"
    num_layers = 0
    while f"rnn_cells.{num_layers}.{recurrent}" in state_dict:
        num_layers += 1
    if num_layers == 0:
        raise ValueError("the state_dict has no rnn_cells.0.h2h.weight (tanh) or rnn_cells.0.weight_hh (LSTMCell/GRUCell)")
    if kind == "unrolled-rnn":
        hidden_size = _shape(state_dict["rnn_cells.0.h2h.weight"])[0]
    output_size = _shape(state_dict["fc_out.weight"])[0]
    if not (isinstance(seq_length, int) and seq_length > 0):
        raise ValueError(f"seq_length must be a positive integer, got {seq_length!r}")
    return {"kind": kind, "vocabSize": vocab_size, "embeddingDim": embedding_dim,
            "hiddenSize": hidden_size, "numLayers": num_layers, "outputSize": output_size,
            "seqLength": seq_length}


def expected_shapes(c):
    shapes = {"embedding.weight": [c["vocabSize"], c["embeddingDim"]]}
    g = GATES.get(c["kind"], 0) * c["hiddenSize"]
    for k in range(c["numLayers"] if g else 0):
        shapes[f"rnn_cells.{k}.weight_ih"] = [g, c["embeddingDim"] if k == 0 else c["hiddenSize"]]
        shapes[f"rnn_cells.{k}.weight_hh"] = [g, c["hiddenSize"]]
        shapes[f"rnn_cells.{k}.bias_ih"] = [g]
        shapes[f"rnn_cells.{k}.bias_hh"] = [g]
    for k in range(0 if g else c["numLayers"]):
        shapes[f"rnn_cells.{k}.i2h.weight"] = [c["hiddenSize"], c["embeddingDim"] if k == 0 else c["hiddenSize"]]
        shapes[f"rnn_cells.{k}.i2h.bias"] = [c["hiddenSize"]]
        shapes[f"rnn_cells.{k}.h2h.weight"] = [c["hiddenSize"], c["hiddenSize"]]
        shapes[f"rnn_cells.{k}.h2h.bias"] = [c["hiddenSize"]]
    shapes["fc_out.weight"] = [c["outputSize"], c["hiddenSize"]]
    shapes["fc_out.bias"] = [c["outputSize"]]
    return shapes


def vocab_list(word_to_ix, vocab_size):
    """Words by id (id 0 = "<PAD>") from the notebook's word_to_ix (ids 1..vocab_size-1)."""
    if len(word_to_ix) + 1 != vocab_size:
        raise ValueError(f"word_to_ix has {len(word_to_ix)} words; the embedding has {vocab_size} rows "
                         f"(expected {vocab_size - 1} words plus the pad row 0)")
    vocab = [None] * vocab_size
    vocab[0] = PAD
    for word, ix in word_to_ix.items():
        if not isinstance(ix, int) or not 1 <= ix < vocab_size:
            raise ValueError(f"word_to_ix[{word!r}] = {ix!r} is not an id in 1..{vocab_size - 1}")
        if vocab[ix] is not None:
            raise ValueError(f"id {ix} is used by both {vocab[ix]!r} and {word!r}")
        vocab[ix] = str(word)
    return vocab


def checkpoint_dict(state_dict, word_to_ix, seq_length=100, meta=None):
    """The checkpoint as a dict, checked: names, shapes, finite values, vocabulary."""
    if hasattr(state_dict, "state_dict"):
        state_dict = state_dict.state_dict()
    config = infer_config(state_dict, seq_length)
    names = weight_names(config["numLayers"], config["kind"])
    unknown = [n for n in state_dict if n not in names]
    if unknown:
        raise ValueError(f"unknown state_dict entries {unknown} (expected exactly: {', '.join(names)})")
    shapes = expected_shapes(config)
    weights = {}
    for name in names:
        if name not in state_dict:
            raise ValueError(f"state_dict is missing {name}")
        shape = _shape(state_dict[name])
        if shape != shapes[name]:
            raise ValueError(f"{name} has shape {shape}, expected {shapes[name]}")
        data = _flat(state_dict[name])
        bad = next((i for i, v in enumerate(data) if not math.isfinite(v)), None)
        if bad is not None:
            raise ValueError(f"{name} value {bad} is not finite ({data[bad]})")
        weights[name] = {"shape": shape, "data": data}
    out = {"format": FORMAT, "version": VERSION, "model": config,
           "vocab": vocab_list(word_to_ix, config["vocabSize"]), "weights": weights}
    if meta:
        out["meta"] = dict(meta)
    return out


def export_checkpoint(model, word_to_ix, path, seq_length=100, readout=None):
    """Writes the checkpoint JSON of `model` (an nn.Module or its state_dict) to `path`; returns its config."""
    meta = {"source": "pytorch"}
    try:
        import torch  # noqa: F401  (only to record the version; the export itself does not need it)
        meta["torch"] = torch.__version__
    except ImportError:
        pass
    if readout:
        meta["readout"] = readout
    ck = checkpoint_dict(model, word_to_ix, seq_length, meta)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(ck, f, allow_nan=False, separators=(",", ":"))
    c = ck["model"]
    cell = {"unrolled-lstm": "LSTM", "unrolled-gru": "GRU"}.get(c["kind"], "RNN")
    print(f"wrote {path}: {c['numLayers']}-layer {cell}, vocab {c['vocabSize']}, embedding {c['embeddingDim']}, "
          f"hidden {c['hiddenSize']}, seq length {c['seqLength']}")
    return c


def main(argv=None):
    p = argparse.ArgumentParser(description="Export a notebook UnrolledRNN state_dict to Unrolled's checkpoint JSON.")
    p.add_argument("state_dict", help="file written by torch.save(model.state_dict(), ...)")
    p.add_argument("word_to_ix", help="JSON file of the notebook's word_to_ix {word: id}")
    p.add_argument("-o", "--out", required=True, help="checkpoint JSON to write")
    p.add_argument("--seq-length", type=int, default=100, help="sequence length the model was trained with (100)")
    p.add_argument("--readout", choices=["final", "last-token", "mean"], help="readout the model was trained with")
    a = p.parse_args(argv)
    try:
        import torch
    except ImportError:
        print("error: reading a .pt file needs PyTorch (pip install torch)", file=sys.stderr)
        return 2
    try:
        sd = torch.load(a.state_dict, map_location="cpu")
        with open(a.word_to_ix, encoding="utf-8") as f:
            w2i = json.load(f)
        export_checkpoint(sd, w2i, a.out, a.seq_length, a.readout)
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
