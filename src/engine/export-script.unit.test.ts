import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkpointFromJson } from './checkpoint';

const SCRIPT_DIR = path.resolve(__dirname, '..', '..', 'scripts');

/** Runs Python code with scripts/ on the path (fake tensors: objects with .shape and .tolist(), no torch needed). */
function python(code: string): { status: number | null; stdout: string; stderr: string } {
  const prelude = `
import sys, json
sys.path.insert(0, ${JSON.stringify(SCRIPT_DIR)})
from export_checkpoint import export_checkpoint, checkpoint_dict
class T:
    def __init__(self, shape, seed):
        self.shape = shape
        n = 1
        for d in shape: n *= d
        flat = [((i * 7 + seed) % 13 - 6) / 8.0 for i in range(n)]
        self.flat = flat
    def tolist(self):
        if len(self.shape) == 1: return list(self.flat)
        r, c = self.shape
        return [self.flat[i * c:(i + 1) * c] for i in range(r)]
def sd(V, D, H, L):
    d = {"embedding.weight": T((V, D), 1)}
    for k in range(L):
        d[f"rnn_cells.{k}.i2h.weight"] = T((H, D if k == 0 else H), 2 + k)
        d[f"rnn_cells.{k}.i2h.bias"] = T((H,), 3 + k)
        d[f"rnn_cells.{k}.h2h.weight"] = T((H, H), 4 + k)
        d[f"rnn_cells.{k}.h2h.bias"] = T((H,), 5 + k)
    d["fc_out.weight"] = T((2, H), 6)
    d["fc_out.bias"] = T((2,), 7)
    return d
def gated(V, D, H, L, G):
    d = {"embedding.weight": T((V, D), 1)}
    for k in range(L):
        d[f"rnn_cells.{k}.weight_ih"] = T((G * H, D if k == 0 else H), 2 + k)
        d[f"rnn_cells.{k}.weight_hh"] = T((G * H, H), 3 + k)
        d[f"rnn_cells.{k}.bias_ih"] = T((G * H,), 4 + k)
        d[f"rnn_cells.{k}.bias_hh"] = T((G * H,), 5 + k)
    d["fc_out.weight"] = T((2, H), 6)
    d["fc_out.bias"] = T((2,), 7)
    return d
`;
  const r = spawnSync('python3', ['-c', prelude + code], { encoding: 'utf8' });
  if (r.error) throw new Error(`python3 could not run: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scripts/export_checkpoint.py (the teacher\'s PyTorch export)', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'unrolled-export-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a checkpoint the engine loads, with vocab by id and every weight row-major', () => {
    const out = path.join(dir, 'm.json');
    const r = python(`
w2i = {"the": 1, "movie": 2, "good": 3, "bad": 4}
export_checkpoint(sd(5, 3, 4, 2), w2i, ${JSON.stringify(out)}, seq_length=12, readout="mean")
`);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /2-layer RNN, vocab 5, embedding 3, hidden 4, seq length 12/);
    const { model, vocab, meta } = checkpointFromJson(JSON.parse(readFileSync(out, 'utf8')), 'm.json');
    assert.deepEqual(vocab, ['<PAD>', 'the', 'movie', 'good', 'bad']);
    assert.deepEqual(model.config, { vocabSize: 5, embeddingDim: 3, hiddenSize: 4, numLayers: 2, outputSize: 2, seqLength: 12 });
    assert.equal(meta.readout, 'mean');
    // T((4, 3), 2): element [1][2] is flat index 5 → ((5*7+2) % 13 − 6) / 8
    assert.equal(model.weights['rnn_cells.0.i2h.weight'][5], (((5 * 7 + 2) % 13) - 6) / 8);
  });

  it('exports nn.LSTMCell / nn.GRUCell state_dicts as unrolled-lstm / unrolled-gru checkpoints the engine loads', () => {
    for (const [cell, G] of [['lstm', 4], ['gru', 3]] as const) {
      const out = path.join(dir, `${cell}.json`);
      const r = python(`export_checkpoint(gated(5, 3, 4, 2, ${G}), {"a": 1, "b": 2, "c": 3, "d": 4}, ${JSON.stringify(out)}, seq_length=7)`);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`2-layer ${cell.toUpperCase()}, vocab 5, embedding 3, hidden 4, seq length 7`));
      const { model } = checkpointFromJson(JSON.parse(readFileSync(out, 'utf8')), `${cell}.json`);
      assert.equal(model.kind, `unrolled-${cell}`);
      assert.equal(model.weights['rnn_cells.1.weight_hh'].length, G * 4 * 4);
    }
    const bad = python('checkpoint_dict(gated(5, 3, 4, 1, 2), {"a":1,"b":2,"c":3,"d":4})');
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /rnn_cells\.0\.weight_hh has shape \[8, 4\]: neither an LSTMCell \(4H rows\) nor a GRUCell \(3H\)/);
  });

  it('names the problem: extra entry, wrong shape, non-finite value, vocabulary size', () => {
    const cases: Array<[string, RegExp]> = [
      ['d = sd(5,3,4,1); d["dropout.weight"] = T((1,), 0); checkpoint_dict(d, {"a":1,"b":2,"c":3,"d":4})', /unknown state_dict entries \['dropout\.weight'\]/],
      ['d = sd(5,3,4,1); d["fc_out.bias"] = T((3,), 0); checkpoint_dict(d, {"a":1,"b":2,"c":3,"d":4})', /fc_out\.bias has shape \[3\], expected \[2\]/],
      ['d = sd(5,3,4,1); d["fc_out.bias"].flat[1] = float("nan"); checkpoint_dict(d, {"a":1,"b":2,"c":3,"d":4})', /fc_out\.bias value 1 is not finite/],
      ['checkpoint_dict(sd(5,3,4,1), {"a":1,"b":2})', /word_to_ix has 2 words; the embedding has 5 rows/],
      ['checkpoint_dict(sd(5,3,4,1), {"a":1,"b":2,"c":3,"d":9})', /word_to_ix\['d'\] = 9 is not an id in 1\.\.4/],
    ];
    // one Python process runs every case and prints each error on its own line
    const body = cases
      .map(([code]) => `try:\n    ${code}\n    print("NO ERROR")\nexcept ValueError as e:\n    print("ERR", e)`)
      .join('\n');
    const r = python(body);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, cases.length);
    cases.forEach(([, message], i) => assert.match(lines[i], message));
  });
});
