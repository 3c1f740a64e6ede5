/**
 * The flags of every `unrolled` command. Names and defaults are fixed by the demos issue (the notebook's
 * values); the demos read them through their options objects.
 */
import { DEFAULT_SEED, EXPLODE_DEFAULTS, VANISH_DEFAULTS, NOTEBOOK_REVIEW, NOTEBOOK_SENTENCE, NOTEBOOK_TRAIN, PRESETS } from '../demos/options';
import type { CommandSpec, FlagSpec } from './args';
import { READOUTS } from '../shared/names';

const seed: FlagSpec = { name: 'seed', kind: 'int', min: 0, max: 2 ** 31 - 1, default: DEFAULT_SEED, help: 'random seed (weights, shuffles, random tokens)' };
const data: FlagSpec = { name: 'data', kind: 'string', arg: 'CSV', help: 'reviews CSV with columns review,sentiment (default: the embedded IMDB subset)' };
const glove: FlagSpec = { name: 'glove', kind: 'string', arg: 'TXT', help: 'GloVe vectors, e.g. glove.6B.50d.txt (default: the embedded 100d subset)' };

const CELL_FLAG: FlagSpec = { name: 'cell', kind: 'enum', choices: ['tanh', 'gru', 'lstm'], help: 'recurrent cell: tanh (the notebook), gru or lstm (PyTorch GRUCell / LSTMCell)' };

const KEEP_FLAG: FlagSpec = {
  name: 'keep-gate-bias', kind: 'string', arg: 'B|pytorch',
  help: "gated cells: initial bias of the keep gate (LSTM forget f, GRU update z), as Keras's unit_forget_bias; pytorch = PyTorch's uniform draw (default 1)",
};

export const TRAIN_FLAGS: FlagSpec[] = [
  data,
  glove,
  { name: 'test-data', kind: 'string', arg: 'CSV', help: 'test on this CSV instead of the 20 % split (e.g. data/imdb_heldout.csv)' },
  { name: 'reviews', kind: 'int', min: 10, help: 'train on N balanced reviews of the 50,000-review IMDB corpus shipped with Unrolled instead of --data' },
  { name: 'epochs', kind: 'int', min: 1, max: 1000, default: NOTEBOOK_TRAIN.epochs, help: 'training epochs' },
  { name: 'batch', kind: 'int', min: 1, max: 4096, default: NOTEBOOK_TRAIN.batch, help: 'batch size' },
  { name: 'hidden', kind: 'int', min: 1, max: 1024, default: NOTEBOOK_TRAIN.hidden, help: 'hidden units per layer' },
  { name: 'layers', kind: 'int', min: 1, max: 8, default: NOTEBOOK_TRAIN.layers, help: 'stacked tanh layers' },
  { name: 'lr', kind: 'number', min: 0, minExclusive: true, max: 10, default: NOTEBOOK_TRAIN.lr, help: 'Adam learning rate' },
  { name: 'seq-length', kind: 'int', min: 1, max: 5000, help: `positions per review, post-padded or cut (preset: notebook ${NOTEBOOK_TRAIN.seqLength}, improved ${PRESETS.improved.seqLength})` },
  { name: 'vocab-size', kind: 'int', min: 1, max: 1_000_000, default: NOTEBOOK_TRAIN.vocabSize, help: 'most frequent words kept (+1 for padding)' },
  { name: 'readout', kind: 'enum', choices: READOUTS, help: 'state the classifier reads: final = the notebook (after the padding); default mean (the improved preset)' },
  CELL_FLAG,
  KEEP_FLAG,
  { name: 'preset', kind: 'enum', choices: ['notebook', 'improved'], help: 'notebook or improved; default improved, or notebook when --readout final' },
  { name: 'clip', kind: 'number', min: 0, max: 1e12, help: 'clip the global gradient norm to X; 0 = off (preset: notebook 0, improved 5)' },
  { name: 'threads', kind: 'int', min: 1, max: 2, help: 'training threads: 2 splits each batch across two cores (default 2 when the machine has 2 or more cores)' },
  { name: 'truncate', kind: 'int', min: 0, max: 5000, default: 0, help: 'truncated BPTT: cut the recurrent gradient every K steps counted back from the last position (final readout: at most K steps back from it); 0 = full BPTT' },
  { name: 'validation', kind: 'number', min: 0, max: 0.9, default: 0, help: 'hold out this fraction of the training split to validate on each epoch' },
  seed,
];

export const SPECS: Record<string, CommandSpec> = {
  step: {
    name: 'step',
    short: 'the one-hot simple RNN word by word, backprop and one SGD step',
    summary: 'The notebook\'s first RNN (one-hot words, no nonlinearity) stepped word by word: hidden state and logits per word, loss against class 0, backprop, one SGD step (lr 0.1).',
    recordable: true,
    flags: [
      { name: 'sentence', kind: 'string', arg: 'S', default: NOTEBOOK_SENTENCE, help: 'the sentence to step through' },
      { name: 'hidden', kind: 'int', min: 1, max: 1024, default: 10, help: 'hidden units' },
      seed,
    ],
  },
  train: {
    name: 'train',
    short: 'train the 2-layer tanh RNN on IMDB reviews; epoch and test figures',
    summary: 'Train the notebook\'s 2-layer tanh RNN on IMDB reviews with GloVe embeddings; loss and accuracy per epoch, then on the test split.',
    recordable: true,
    flags: [...TRAIN_FLAGS, { name: 'save', kind: 'string', arg: 'CKPT', help: 'save the trained model as a checkpoint (JSON)' }],
    notes: [
      'Presets: notebook = --readout final, no clipping (the notebook printed 52.25 % test accuracy);',
      '         improved = mean of the hidden states over the real words, up to 200 words, clipping at 5 (default).',
      'Tune on --validation F (a slice of the training split); test once, e.g. --test-data data/imdb_heldout.csv.',
    ],
  },
  predict: {
    name: 'predict',
    short: 'label, confidence and h2h gradient norm of one text (predict_sentiment)',
    summary: 'The notebook\'s predict_sentiment: label, confidence and the gradient norm of layer 0\'s h2h weights for one text.',
    recordable: true,
    flags: [
      { name: 'model', kind: 'string', arg: 'CKPT', required: true, help: 'checkpoint written by `unrolled train --save`' },
      { name: 'text', kind: 'string', arg: 'S', default: NOTEBOOK_REVIEW, help: 'the review; - reads it from stdin' },
    ],
  },
  explode: {
    name: 'explode',
    short: 'exploding gradients and clipping to norm 5',
    summary: 'Exploding gradients: h2h ~ N(0, 2), 50 random tokens, the gradient norm before and after clipping to 5.',
    recordable: true,
    flags: [
      seed,
      { name: 'length', kind: 'int', min: 1, max: 2000, default: 50, help: 'random tokens (around 200 the norm overflows to NaN/infinity)' },
      { name: 'std', kind: 'number', min: 0, minExclusive: true, max: 100, default: EXPLODE_DEFAULTS.std, help: 'standard deviation of the normal h2h weights' },
      CELL_FLAG,
      data,
      glove,
    ],
  },
  vanish: {
    name: 'vanish',
    short: 'vanishing gradients: first-token gradient, 100 vs 4 tokens',
    summary: 'Vanishing gradients: h2h ~ N(0, 0.1), the first token\'s embedding gradient for 100 tokens vs 4 tokens.',
    recordable: true,
    flags: [seed, { name: 'std', kind: 'number', min: 0, minExclusive: true, max: 100, default: VANISH_DEFAULTS.std, help: 'standard deviation of the normal h2h weights' }, CELL_FLAG, KEEP_FLAG, data, glove],
  },
  'compare-cells': {
    name: 'compare-cells',
    recordable: true,
    short: 'tanh vs GRU vs LSTM: first-token gradients and IMDB training side by side',
    summary: 'The vanishing-gradient demo with the tanh, GRU and LSTM cells on the same random sequence (first-token gradient after 100 and 4 tokens), then the three trained side by side on IMDB (test accuracy, seconds per epoch). Default the notebook preset (readout final).',
    flags: [...TRAIN_FLAGS.filter((f) => f.name !== 'cell'), { name: 'std', kind: 'number', min: 0, minExclusive: true, max: 100, default: VANISH_DEFAULTS.std, help: 'standard deviation of the normal recurrent weights in the vanishing part' }],
  },
  jacobian: {
    name: 'jacobian',
    short: 'why gradients vanish or explode: ‖J_t‖ per step and their running product',
    summary: 'The gradient demos\' random model (h2h ~ N(0, std²), times scale) on random tokens: per layer and step the norm of the step Jacobian J_t = diag(1 − h_t²) W_hh, the norm of the running product J_t … J_1, the fraction of saturated units (|h| > 0.99) and ‖∂L/∂h_t‖; W_hh\'s singular values and spectral radius with a one-line reading.',
    flags: [
      { name: 'std', kind: 'number', min: 0, max: 100, default: 0.1, help: 'standard deviation of the h2h weights (vanish 0.1, explode 2)' },
      { name: 'scale', kind: 'number', min: 0, max: 100, default: 1, help: 'multiply every h2h weight by X after drawing it' },
      { name: 'length', kind: 'int', min: 1, max: 2000, default: 100, help: 'random tokens' },
      { name: 'layers', kind: 'int', min: 1, max: 8, default: 1, help: 'stacked tanh layers' },
      { name: 'hidden', kind: 'int', min: 1, max: 512, default: 64, help: 'hidden units per layer' },
      seed,
      data,
      glove,
    ],
    notes: ['--json keys: jacobianNorm, productNorm, saturated, hiddenGradNorm ([layer][t]), whhSingularValues ([layer][…]), whhSpectralRadius, reading.'],
  },
  compare: {
    name: 'compare',
    short: 'the notebook readout vs the improved preset, trained side by side',
    summary: 'Train the notebook\'s readout (final) and the improved preset side by side on the same data and split.',
    recordable: true,
    flags: TRAIN_FLAGS.filter((f) => f.name !== 'readout' && f.name !== 'preset' && f.name !== 'clip' && f.name !== 'keep-gate-bias'),
  },
  analyze: {
    name: 'analyze',
    short: 'per-token running P(positive), occlusion and contribution of a document',
    summary: 'Read a document with a trained model: per token its offsets, the running P(positive), its occlusion (P(positive) minus P(positive) of the text with that word deleted, what `predict` answers for it) and its contribution (gradient × input).',
    recordable: true,
    flags: [
      { name: 'model', kind: 'string', arg: 'CKPT', required: true, help: 'checkpoint written by `unrolled train --save`' },
      { name: 'text', kind: 'string', arg: 'S', help: 'the text; - reads it from stdin' },
      { name: 'file', kind: 'string', arg: 'FILE', help: 'read the text from FILE' },
    ],
  },
  verify: {
    name: 'verify',
    short: 'check the engine against a PyTorch fixture',
    summary: 'Check the engine against a PyTorch fixture: largest absolute and relative error per quantity; exit 0 only if all are within tolerance.',
    flags: [],
    positionals: [{ name: 'FIXTURE', help: 'fixture JSON, e.g. ../shared/fixtures/unrolled-rnn.json', required: true }],
  },
  bench: {
    name: 'bench',
    short: 'seconds per epoch: this engine vs a tf.layers SimpleRNN stack',
    summary: 'Seconds per epoch of this engine and of a tf.layers SimpleRNN stack of the same shape, on the same data.',
    flags: [
      { name: 'epochs', kind: 'int', min: 1, max: 20, default: 1, help: 'epochs to time for each (at least 2 for the 1- vs 2-thread figures)' },
      { name: 'whole-run', kind: 'int', min: 0, max: 10, default: 1, help: 'rounds of whole `train` processes against PyTorch nn.RNN (scripts/bench_torch_rnn.py; needs python3-torch); 0 skips' },
      { name: 'torch', kind: 'bool', help: "also time PyTorch's fused nn.RNN / nn.GRU / nn.LSTM (scripts/bench_torch_cells.py, Debian python3-torch)" },
    ],
  },
  replay: {
    name: 'replay',
    short: 'print a stream recorded with --record',
    summary: 'Print a stream recorded with --record as the demo printed it.',
    flags: [],
    positionals: [{ name: 'FILE', help: 'recording JSON', required: true }],
  },
};

export const COMMAND_ORDER = ['step', 'train', 'predict', 'explode', 'vanish', 'jacobian', 'compare', 'compare-cells', 'analyze', 'verify', 'bench', 'replay'];
