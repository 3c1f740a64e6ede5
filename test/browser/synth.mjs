// Synthetic demo streams for the browser tests, until/unless real recordings are present: a real tanh RNN
// (seeded weights, exact forward and BPTT in float64, stored as float32) so every number the page shows can
// be checked against the snapshot. Shapes follow the notebook: 2 layers × 64 units × 100 steps for training.

/** mulberry32: small seeded PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function gauss(r) {
  const u = Math.max(1e-12, r()), v = r();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
const mat = (r, rows, cols, std) => Array.from({ length: rows }, () => Float64Array.from({ length: cols }, () => gauss(r) * std));
const vec = (r, n, std) => Float64Array.from({ length: n }, () => gauss(r) * std);
function matvec(W, x) {
  const out = new Float64Array(W.length);
  for (let i = 0; i < W.length; i++) { let s = 0; const w = W[i]; for (let j = 0; j < x.length; j++) s += w[j] * x[j]; out[i] = s; }
  return out;
}
function matTvec(W, g) {
  const out = new Float64Array(W[0].length);
  for (let i = 0; i < W.length; i++) { const w = W[i], gi = g[i]; for (let j = 0; j < out.length; j++) out[j] += w[j] * gi; }
  return out;
}
const norm = (v) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));

/**
 * Run an L-layer tanh RNN over T inputs of dim D with H units. Returns a SnapshotEvent (float32 arrays).
 * whhStd sets the recurrent weights' scale (0.1 vanishes, 2 explodes).
 */
export function rnnSnapshot({ id, seed, tokens, length, layers, units, dim = 16, whhStd, readout = 'final', target = 1, label }) {
  const r = prng(seed);
  const T = tokens.length, H = units, L = layers;
  const emb = new Map();
  const x = tokens.map((w, t) => {
    if (t >= length) return new Float64Array(dim);
    if (!emb.has(w)) emb.set(w, vec(r, dim, 1));
    return emb.get(w);
  });
  const P = [];
  for (let l = 0; l < L; l++) {
    const inDim = l === 0 ? dim : H;
    P.push({
      wih: mat(r, H, inDim, 1 / Math.sqrt(inDim)), bih: vec(r, H, 0.1), whh: mat(r, H, H, whhStd ?? 1 / Math.sqrt(H)), bhh: vec(r, H, 0.1),
    });
  }
  const fc = mat(r, 2, H, 1 / Math.sqrt(H));
  const fcb = vec(r, 2, 0.1);
  const h = [], pre = [], inp = [], rec = [];
  for (let l = 0; l < L; l++) { h.push([]); pre.push([]); inp.push([]); rec.push([]); }
  for (let t = 0; t < T; t++) {
    for (let l = 0; l < L; l++) {
      const xin = l === 0 ? x[t] : h[l - 1][t];
      const a = matvec(P[l].wih, xin).map((v, i) => v + P[l].bih[i]);
      const hp = t > 0 ? h[l][t - 1] : new Float64Array(H);
      const b = matvec(P[l].whh, hp).map((v, i) => v + P[l].bhh[i]);
      const z = a.map((v, i) => v + b[i]);
      inp[l].push(a); rec[l].push(b); pre[l].push(z); h[l].push(z.map(Math.tanh));
    }
  }
  const top = h[L - 1];
  let feat, from;
  if (readout === 'mean') {
    from = [...Array(length).keys()]; feat = new Float64Array(H);
    for (const t of from) for (let i = 0; i < H; i++) feat[i] += top[t][i] / length;
  } else { const t = readout === 'last-token' ? length - 1 : T - 1; from = [t]; feat = top[t]; }
  const logitsAt = (f) => matvec(fc, f).map((v, i) => v + fcb[i]);
  const softmax = (z) => {
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };
  const logits = logitsAt(feat);
  const probs = softmax(logits);
  const loss = -Math.log(probs[target]);
  const dlogits = probs.map((p, i) => p - (i === target ? 1 : 0));
  const dfeat = matTvec(fc, Float64Array.from(dlogits));
  // BPTT: dh[l][t] total gradient at h_t of layer l.
  const dh = Array.from({ length: L }, () => Array.from({ length: T }, () => new Float64Array(H)));
  for (const t of from) for (let i = 0; i < H; i++) dh[L - 1][t][i] += dfeat[i] / from.length;
  const dx = Array.from({ length: T }, () => new Float64Array(dim));
  for (let t = T - 1; t >= 0; t--) {
    for (let l = L - 1; l >= 0; l--) {
      const dz = dh[l][t].map((g, i) => g * (1 - h[l][t][i] * h[l][t][i]));
      if (t > 0) { const back = matTvec(P[l].whh, dz); for (let i = 0; i < H; i++) dh[l][t - 1][i] += back[i]; }
      const din = matTvec(P[l].wih, dz);
      if (l > 0) for (let i = 0; i < H; i++) dh[l - 1][t][i] += din[i];
      else dx[t] = din;
    }
  }
  const series = (src) => {
    const data = new Float32Array(L * T * H);
    for (let l = 0; l < L; l++) for (let t = 0; t < T; t++) data.set(src[l][t], (l * T + t) * H);
    return { layers: L, steps: T, units: H, data };
  };
  const hiddenGradNorm = new Float32Array(L * T);
  for (let l = 0; l < L; l++) for (let t = 0; t < T; t++) hiddenGradNorm[l * T + t] = norm(dh[l][t]);
  const runningProb = Float32Array.from(top.map((s) => softmax(logitsAt(s))[1]));
  const sign = target === 1 ? 1 : -1;
  const contribution = Float32Array.from(dx.map((g, t) => (t < length ? -g.reduce((a, v, i) => a + v * x[t][i], 0) * sign : 0)));
  return {
    type: 'snapshot', id, label, tokens, unknown: tokens.map((w) => w.startsWith('zz')), length, activation: 'tanh',
    hidden: series(h), preact: series(pre), hiddenGrad: series(dh), hiddenGradNorm,
    inputGradNorm: Float32Array.from(dx.map(norm)), runningProb, contribution,
    logits: Array.from(logits, Math.fround), probs: Array.from(probs, Math.fround), loss: Math.fround(loss), target,
    inputPart: series(inp), recurrentPart: series(rec), readout,
  };
}

const WORDS = 'one of the other reviewers has mentioned that after watching just oz episode you will be hooked they are right as this is exactly what happened with me the first thing that struck me about oz was its brutality and unflinching scenes of violence'.split(' ');
function review(n, T) {
  const toks = [];
  for (let i = 0; i < T; i++) toks.push(i < n ? WORDS[i % WORDS.length] : '<PAD>');
  return toks;
}

/** The notebook's first demo: 7 words, 10 units, no nonlinearity (we use tanh-free values via a small scale). */
export function stepDemo() {
  const tokens = 'this movie was absolutely amazing and wonderful'.split(' ');
  const s = rnnSnapshot({ id: 0, seed: 7, tokens, length: 7, layers: 1, units: 10, whhStd: 0.3, readout: 'final', target: 0 });
  s.activation = 'linear';
  s.readout = 'simple';
  // For the linear RNN the hidden state is the pre-activation itself.
  s.hidden = { ...s.preact, data: Float32Array.from(s.preact.data) };
  const ev = [{ type: 'demo-start', demo: 'step', title: 'Step through a sentence (simple RNN)', config: { hidden: 10, sentence: tokens.join(' ') } },
    { type: 'tokens', tokens, ids: tokens.map((_, i) => i + 1), unknown: tokens.map(() => false), length: 7, seqLength: 7 }];
  for (let t = 0; t < 7; t++) {
    ev.push({ type: 'forward-step', t, word: tokens[t], hidden: [s.hidden.data.slice(t * 10, t * 10 + 10)], preact: [s.preact.data.slice(t * 10, t * 10 + 10)], logits: s.logits });
  }
  ev.push({ type: 'output', logits: s.logits, probs: s.probs, predicted: s.probs[1] > s.probs[0] ? 1 : 0 });
  ev.push({ type: 'loss', loss: s.loss, target: 0 });
  ev.push(s);
  ev.push({ type: 'grad-norms', perParam: { 'i2h.weight': 0.4213, 'i2h.bias': 0.1, 'h2o.weight': 0.9 }, total: 1.0, finite: true });
  ev.push({ type: 'update', optimizer: 'sgd', lr: 0.1, weightChange: 0.1 });
  ev.push({ type: 'demo-end', demo: 'step', summary: {} });
  return ev;
}

/** Training: batches and epochs of the notebook config, snapshots of 2 × 64 × 100. */
export function trainDemo({ series = [undefined], epochs = 5, batches = 50, snapshots = 3 } = {}) {
  const r = prng(11);
  const ev = [{ type: 'demo-start', demo: series.length > 1 ? 'compare' : 'train', title: series.length > 1 ? 'Compare readouts: final vs mean' : 'Train on IMDB', config: { epochs, batch: 32, hidden: 64, layers: 2, lr: 0.001, seqLength: 100, clip: 5 } }];
  let id = 0;
  for (let e = 1; e <= epochs; e++) {
    for (let b = 0; b < batches; b++) {
      for (const [k, name] of series.entries()) {
        const prog = (e - 1 + b / batches) / epochs;
        const good = name === 'mean' ? 1 : 0.35;
        const loss = 0.69 - 0.35 * prog * good + 0.05 * (r() - 0.5);
        const acc = 0.5 + 0.3 * prog * good + 0.08 * (r() - 0.5);
        const gradNorm = Math.exp(Math.log(0.5) + 2.5 * r()) * (k + 1);
        ev.push({ type: 'batch', series: name, epoch: e, batch: b, batches, loss, acc, gradNorm, clipped: gradNorm > 5, skipped: false });
      }
    }
    for (const name of series) {
      const good = name === 'mean' ? 1 : 0.35;
      ev.push({ type: 'epoch', series: name, epoch: e, epochs, loss: 0.66 - 0.3 * good * e / epochs, acc: 50 + 26 * good * e / epochs, seconds: 3 });
      ev.push({ type: 'log', level: 'info', text: `Epoch ${e}/${epochs}` });
    }
    if (e <= snapshots) {
      ev.push(rnnSnapshot({ id: id++, seed: 100 + e, tokens: review(40 + 10 * e, 100), length: 40 + 10 * e, layers: 2, units: 64, label: `epoch ${e}, batch ${batches}`, readout: series.length > 1 ? 'mean' : 'final' }));
    }
  }
  for (const name of series) ev.push({ type: 'eval', series: name, split: 'test', epoch: epochs, loss: 0.96, acc: name === 'mean' ? 75.5 : 52.25 });
  ev.push({ type: 'demo-end', demo: series.length > 1 ? 'compare' : 'train', summary: {} });
  return ev;
}

/** Exploding gradients: W_hh ~ N(0, 2), 50 steps, then clipping at 5 (the norm may overflow). */
export function explodeDemo() {
  const tokens = review(50, 50);
  const s = rnnSnapshot({ id: 0, seed: 3, tokens, length: 50, layers: 1, units: 64, whhStd: 2, readout: 'final', target: 0, label: 'W_hh ~ N(0, 2)' });
  // Make the story complete: the earliest steps overflowed in float32.
  s.hiddenGradNorm[0] = Infinity;
  s.hiddenGradNorm[1] = NaN;
  const before = 1679682306048;
  return [
    { type: 'demo-start', demo: 'explode', title: 'Exploding gradients and clipping', config: { hidden: 64, layers: 1, seqLength: 50, clip: 5 } },
    s,
    { type: 'grad-norms', perParam: { 'rnn_cells.0.h2h.weight': before, 'fc_out.weight': 0.5 }, total: before, finite: true },
    { type: 'clip', maxNorm: 5, before, after: 5, finite: true, skipped: false, watched: { name: 'rnn_cells.0.h2h.weight', before, after: 0.2699 } },
    { type: 'demo-end', demo: 'explode', summary: {} },
  ];
}

/** Vanishing gradients: W_hh ~ N(0, 0.1), 100 steps. */
export function vanishDemo() {
  const tokens = review(100, 100);
  const s = rnnSnapshot({ id: 0, seed: 5, tokens, length: 100, layers: 1, units: 64, whhStd: 0.1, readout: 'final', target: 0, label: 'W_hh ~ N(0, 0.1), 100 tokens' });
  return [
    { type: 'demo-start', demo: 'vanish', title: 'Vanishing gradients', config: { hidden: 64, layers: 1, seqLength: 100 } },
    s,
    { type: 'demo-end', demo: 'vanish', summary: {} },
  ];
}

/** The answer to a predict request. */
// As the engine does (src/demos/predict.ts): unknown words ("zz…") are in the tokens event, marked, but the
// model skips them, so the snapshot holds the known words, then padding.
export function predictAnswer(text, { readout = 'mean', seqLength = 20 } = {}) {
  const words = text.toLowerCase().replace(/[^a-z\s]/g, '').split(/\s+/).filter(Boolean);
  const known = words.filter((w) => !w.startsWith('zz')).slice(0, seqLength);
  const tokens = [...known, ...Array(Math.max(0, seqLength - known.length)).fill('<PAD>')];
  const s = rnnSnapshot({ id: 900, seed: words.length, tokens, length: known.length, layers: 2, units: 64, readout, target: 1 });
  // Occlusion as the engine sends it (P(positive) minus P(positive) without the word, per step read). The synthetic
  // RNN draws its weights after the words, so deleting one would change the model: stand in with the running
  // P(positive)'s change at each word (a ranking that differs from gradient × input, so tests can tell them apart).
  s.occlusion = Float32Array.from(s.runningProb, (p, t) => (t < known.length ? p - (t > 0 ? s.runningProb[t - 1] : 0.5) : 0));
  return [
    { type: 'tokens', tokens: words, ids: words.map((w, i) => (w.startsWith('zz') ? 0 : i + 1)), unknown: words.map((w) => w.startsWith('zz')), length: known.length, seqLength },
    { type: 'output', logits: s.logits, probs: s.probs, predicted: s.probs[1] > s.probs[0] ? 1 : 0 },
    s,
  ];
}

/** Predict Sentiment with the notebook's `final` readout on a short review (the stream `unrolled predict --record` writes). */
export function predictFinalDemo() {
  const text = 'Terrible, boring and badly acted. The worst movie I have ever seen.';
  return [{ type: 'demo-start', demo: 'predict', title: 'Predict sentiment', config: { text, readout: 'final' } }, ...predictAnswer(text, { readout: 'final', seqLength: 100 }), { type: 'demo-end', demo: 'predict', summary: {} }];
}

/** JSON-safe form, the same as src/demos/recording.ts writes ({$f32: base64}, {$num: "NaN"}). */
export function toJsonSafe(v) {
  if (typeof v === 'number') return Number.isFinite(v) ? v : { $num: Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' };
  if (v instanceof Float32Array) return { $f32: Buffer.from(new Float32Array(v).buffer).toString('base64') };
  if (Array.isArray(v)) return v.map(toJsonSafe);
  if (v && typeof v === 'object') { const o = {}; for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = toJsonSafe(x); return o; }
  return v;
}

/** Inverse of toJsonSafe, in Node (for reading numbers out of recordings in assertions). */
export function fromJsonSafe(v) {
  if (Array.isArray(v)) return v.map(fromJsonSafe);
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$f32') { const b = Buffer.from(v.$f32, 'base64'); return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length)); }
    if (keys.length === 1 && keys[0] === '$num') return Number(v.$num === '-Infinity' ? -Infinity : v.$num);
    const o = {}; for (const [k, x] of Object.entries(v)) o[k] = fromJsonSafe(x); return o;
  }
  return v;
}
