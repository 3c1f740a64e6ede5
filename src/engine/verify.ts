/**
 * Verification against PyTorch: runs every case of a fixture (any of the three kinds, any sizes) and compares every
 * expected quantity, reporting per quantity the largest absolute and relative error and pass/fail.
 * Tolerances: values (hidden, logits, probs, loss, weights after SGD) ≤ 1e-4 absolute; gradients and their
 * norms elementwise ≤ 1e-3 relative OR ≤ 1e-6 absolute; the Jacobian diagnostics ≤ 1e-4 relative OR ≤ 1e-6
 * absolute (`verify-jacobian.ts`).
 * The simple RNN's SGD step runs through tfjs: `await initTf()` before calling `verifyFixture`.
 */
import { checkpointFromJson } from './checkpoint';
import { clipGradNorm } from './clip';
import { WeightOptimizer } from './optimizer';
import { type SimpleRnnConfig, oneHot, simpleBackward, simpleForward, simpleRnnFromWeights, simpleWeightShapes } from './simple-rnn';
import { makeBatch, unrolledForward } from './unrolled-forward';
import { unrolledBackward } from './unrolled-backward';
import { READOUTS, type Readout, type WeightMap, cellOf, unrolledWeightNames } from './unrolled-model';
import { gatedQuantities } from './cells/verify';
import { compareQuantity, flatten, GRAD_TOLERANCE, isRecord, type QuantityReport, type Tolerance, VALUE_TOLERANCE } from './verify-compare';
import { isJacobianFixture, verifyJacobianFixture } from './verify-jacobian';

export { compareQuantity, GRAD_TOLERANCE, type QuantityReport, type Tolerance, VALUE_TOLERANCE } from './verify-compare';

/** The whole verification. */
export interface VerifyReport {
  kind: FixtureKind;
  /** The unrolled model's checkpoint kind (unrolled-rnn, unrolled-gru, unrolled-lstm); absent for the simple RNN. */
  modelKind?: string;
  /** Every quantity within its tolerance. */
  ok: boolean;
  /** Largest absolute error over the value quantities (hidden, logits, probs, loss, weights after SGD). */
  maxAbsErr: number;
  /** Largest relative error over the gradient quantities (grads and their norms, clipping). */
  maxRelErr: number;
  quantities: QuantityReport[];
}

function missing(name: string, tolerance: Tolerance, what: string): QuantityReport {
  return { name, count: 0, maxAbsErr: Infinity, maxRelErr: Infinity, tolerance, ok: false, detail: what };
}

function compareWeightMap(prefix: string, actual: WeightMap, expected: unknown, names: string[], tol: Tolerance): QuantityReport[] {
  const out: QuantityReport[] = [];
  if (!isRecord(expected)) return [missing(prefix, tol, 'missing in the fixture')];
  for (const n of names) {
    if (!(n in expected)) out.push(missing(`${prefix}[${n}]`, tol, 'missing in the fixture'));
    else out.push(compareQuantity(`${prefix}[${n}]`, actual[n], expected[n], tol));
  }
  for (const n of Object.keys(expected)) {
    if (!names.includes(n)) out.push(missing(`${prefix}[${n}]`, tol, 'the fixture has a parameter the model does not'));
  }
  return out;
}

function verifyUnrolled(json: Record<string, unknown>): QuantityReport[] {
  const { model } = checkpointFromJson(json.checkpoint, 'fixture.checkpoint');
  const names = unrolledWeightNames(model.config);
  const L = model.config.numLayers;
  const H = model.config.hiddenSize;
  if (!Array.isArray(json.cases) || json.cases.length === 0) throw new Error('fixture.cases must be a non-empty array');
  const q: QuantityReport[] = [];
  let case0Grads: WeightMap | null = null;
  json.cases.forEach((c: unknown, i: number) => {
    if (!isRecord(c) || !Array.isArray(c.ids) || typeof c.length !== 'number' || typeof c.label !== 'number' || !isRecord(c.expected)) {
      throw new Error(`fixture.cases[${i}] needs ids, length, label and expected`);
    }
    const readout = c.readout as Readout;
    if (!READOUTS.includes(readout)) throw new Error(`fixture.cases[${i}].readout must be one of ${READOUTS.join(', ')}, got ${JSON.stringify(c.readout)}`);
    const ids = c.ids as number[];
    const batch = makeBatch([ids], ids.length, [c.length]);
    const fwd = unrolledForward(model, batch, readout);
    const bwd = unrolledBackward(model, fwd, [c.label]);
    if (i === 0) case0Grads = bwd.grads;
    const ex = c.expected;
    const p = `case ${i} (${readout}) `;
    const Tc = batch.seqLength;
    const hidden = new Float32Array(L * Tc * H);
    const hgn = new Float32Array(L * Tc);
    for (let k = 0; k < L; k++) {
      hidden.set(fwd.layers[k].h, k * Tc * H);
      hgn.set(bwd.hiddenGradNorm[k], k * Tc);
    }
    const gn = names.map((n) => Math.sqrt(bwd.grads[n].reduce((s, v) => s + v * v, 0)));
    const expGn = isRecord(ex.gradNormPerParam) ? names.map((n) => (ex.gradNormPerParam as Record<string, unknown>)[n]) : undefined;
    q.push(compareQuantity(p + 'hidden', hidden, ex.hidden, VALUE_TOLERANCE));
    q.push(compareQuantity(p + 'logits', fwd.logits, ex.logits, VALUE_TOLERANCE));
    q.push(compareQuantity(p + 'probs', fwd.probs, ex.probs, VALUE_TOLERANCE));
    q.push(compareQuantity(p + 'loss', [bwd.loss], [ex.loss], VALUE_TOLERANCE));
    const gq = compareWeightMap(p + 'grads', bwd.grads, ex.grads, names, GRAD_TOLERANCE);
    q.push(summarise(p + 'grads', gq));
    q.push(expGn ? compareQuantity(p + 'gradNormPerParam', gn, expGn, GRAD_TOLERANCE) : missing(p + 'gradNormPerParam', GRAD_TOLERANCE, 'missing in the fixture'));
    q.push(compareQuantity(p + 'hiddenGradNorm', hgn, ex.hiddenGradNorm, GRAD_TOLERANCE));
    q.push(compareQuantity(p + 'inputGradNorm', bwd.inputGradNorm, ex.inputGradNorm, GRAD_TOLERANCE));
    if (cellOf(model.config) !== 'tanh') q.push(...gatedQuantities(p, model.config, fwd, bwd, ex));
  });
  const clip = json.clip;
  if (clip !== undefined) {
    if (!isRecord(clip) || typeof clip.maxNorm !== 'number') throw new Error('fixture.clip needs maxNorm, totalNormBefore and clippedGrads');
    const grads = case0Grads as unknown as WeightMap;
    const r = clipGradNorm(grads, clip.maxNorm);
    q.push(compareQuantity('clip totalNormBefore', [r.totalNormBefore], [clip.totalNormBefore], GRAD_TOLERANCE));
    q.push(summarise('clip clippedGrads', compareWeightMap('clip clippedGrads', grads, clip.clippedGrads, names, GRAD_TOLERANCE)));
  }
  return q;
}

/** Folds per-parameter reports into one line (keeping the first failure's detail). */
function summarise(name: string, parts: QuantityReport[], tolerance: Tolerance = GRAD_TOLERANCE): QuantityReport {
  const bad = parts.find((p) => !p.ok);
  return {
    name,
    count: parts.reduce((s, p) => s + p.count, 0),
    maxAbsErr: Math.max(0, ...parts.map((p) => p.maxAbsErr)),
    maxRelErr: Math.max(0, ...parts.map((p) => p.maxRelErr)),
    tolerance,
    ok: !bad,
    ...(bad ? { detail: `${bad.name}${bad.detail ? ': ' + bad.detail : ' out of tolerance'}` } : {}),
  };
}

function verifySimple(json: Record<string, unknown>): QuantityReport[] {
  const vocab = json.vocab;
  if (!Array.isArray(vocab) || vocab.some((w) => typeof w !== 'string')) throw new Error('fixture.vocab must be an array of words');
  if (typeof json.sentence !== 'string') throw new Error('fixture.sentence must be a string');
  if (typeof json.hiddenSize !== 'number') throw new Error('fixture.hiddenSize must be a number');
  if (!isRecord(json.weights)) throw new Error('fixture.weights must be an object of {shape, data}');
  const ws = json.weights;
  if (!isRecord(ws['h2o.bias']) || !Array.isArray((ws['h2o.bias'] as Record<string, unknown>).data)) {
    throw new Error('fixture.weights["h2o.bias"] must be {shape, data}');
  }
  const config: SimpleRnnConfig = {
    inputSize: vocab.length,
    hiddenSize: json.hiddenSize,
    outputSize: ((ws['h2o.bias'] as Record<string, unknown>).data as unknown[]).length,
    activation: 'linear',
  };
  const shapes = simpleWeightShapes(config);
  const weights: WeightMap = {};
  for (const n of Object.keys(shapes)) {
    const e = ws[n];
    if (!isRecord(e)) throw new Error(`fixture.weights["${n}"] is missing`);
    const data = flatten(e.data);
    const want = shapes[n].reduce((a, b) => a * b, 1);
    if (data.length !== want) throw new Error(`fixture.weights["${n}"] has ${data.length} values, expected ${want} for [${shapes[n].join(', ')}]`);
    weights[n] = Float32Array.from(data);
  }
  const model = simpleRnnFromWeights(config, weights);
  const words = json.sentence.split(/\s+/).filter((w) => w.length > 0);
  const inputs = words.map((w) => {
    const i = (vocab as string[]).indexOf(w);
    if (i < 0) throw new Error(`fixture.sentence word "${w}" is not in fixture.vocab`);
    return oneHot(i, vocab.length);
  });
  const steps = simpleForward(model, inputs);
  const q: QuantityReport[] = [];
  const expSteps = Array.isArray(json.steps) ? json.steps : [];
  if (expSteps.length !== steps.length) q.push(missing('steps', VALUE_TOLERANCE, `computed ${steps.length} steps, fixture has ${expSteps.length}`));
  const hid: number[] = [];
  const log: number[] = [];
  steps.forEach((s) => {
    hid.push(...s.hidden);
    log.push(...s.logits);
  });
  q.push(compareQuantity('steps hidden', hid, expSteps.map((s: unknown) => (isRecord(s) ? s.hidden : NaN)), VALUE_TOLERANCE));
  q.push(compareQuantity('steps logits', log, expSteps.map((s: unknown) => (isRecord(s) ? s.logits : NaN)), VALUE_TOLERANCE));
  const target = typeof json.target === 'number' ? json.target : 0;
  const bwd = simpleBackward(model, steps, target);
  q.push(compareQuantity('loss', [bwd.loss], [json.loss], VALUE_TOLERANCE));
  const names = Object.keys(shapes);
  q.push(summarise('grads', compareWeightMap('grads', bwd.grads, json.grads, names, GRAD_TOLERANCE)));
  const i2hNorm = Math.sqrt(bwd.grads['i2h.weight'].reduce((s, v) => s + v * v, 0));
  q.push(compareQuantity('i2hGradNorm', [i2hNorm], [json.i2hGradNorm], GRAD_TOLERANCE));
  const lr = typeof json.lr === 'number' ? json.lr : 0.1;
  const opt = new WeightOptimizer(model.weights, { kind: 'sgd', lr });
  try {
    opt.step(bwd.grads);
  } finally {
    opt.dispose();
  }
  q.push(summarise('weightsAfterSgd', compareWeightMap('weightsAfterSgd', model.weights, json.weightsAfterSgd, names, VALUE_TOLERANCE), VALUE_TOLERANCE));
  return q;
}

/** The fixture kinds `verifyFixture` runs. */
export type FixtureKind = 'unrolled-rnn' | 'simple-rnn' | 'tanh-jacobian';

/** Which fixture kind a parsed JSON object is. */
export function fixtureKind(json: unknown): FixtureKind {
  if (isJacobianFixture(json)) return 'tanh-jacobian';
  if (isRecord(json) && isRecord(json.checkpoint) && Array.isArray(json.cases)) return 'unrolled-rnn';
  if (isRecord(json) && Array.isArray(json.steps) && isRecord(json.weights) && Array.isArray(json.vocab)) return 'simple-rnn';
  throw new Error('not a fixture: expected {checkpoint, cases} (UnrolledRNN), {checkpoint, ids, expected.jacobianNorm} (tanh Jacobian) or {vocab, sentence, weights, steps} (simple RNN)');
}

/** Runs a fixture of either kind and compares every expected quantity. Throws on a malformed fixture. */
export function verifyFixture(json: unknown): VerifyReport {
  const kind = fixtureKind(json);
  const j = json as Record<string, unknown>;
  const quantities = kind === 'unrolled-rnn' ? verifyUnrolled(j) : kind === 'tanh-jacobian' ? verifyJacobianFixture(j) : verifySimple(j);
  const modelKind = kind === 'unrolled-rnn' ? String(((json as Record<string, Record<string, Record<string, unknown>>>).checkpoint.model ?? {}).kind) : undefined;
  return {
    kind,
    ...(modelKind && modelKind !== 'unrolled-rnn' ? { modelKind } : {}),
    ok: quantities.every((x) => x.ok),
    maxAbsErr: Math.max(0, ...quantities.filter((x) => x.tolerance.kind === 'abs').map((x) => x.maxAbsErr)),
    maxRelErr: Math.max(0, ...quantities.filter((x) => x.tolerance.kind === 'grad').map((x) => x.maxRelErr)),
    quantities,
  };
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toExponential(2) : String(x);
}

/** A table for the CLI: one line per quantity, then the verdict. */
export function formatVerifyReport(report: VerifyReport): string {
  const w = Math.max(...report.quantities.map((q) => q.name.length), 8);
  const lines = [`${'quantity'.padEnd(w)}  ${'max abs'.padStart(9)}  ${'max rel'.padStart(9)}  ${'tolerance'.padEnd(34)}  result`];
  for (const q of report.quantities) {
    const tol = q.tolerance.kind === 'abs' ? `abs ≤ ${q.tolerance.abs}` : `rel ≤ ${q.tolerance.rel} or abs ≤ ${q.tolerance.abs}`;
    lines.push(`${q.name.padEnd(w)}  ${fmt(q.maxAbsErr).padStart(9)}  ${fmt(q.maxRelErr).padStart(9)}  ${tol.padEnd(34)}  ${q.ok ? 'ok' : 'FAIL'}${q.detail ? ' — ' + q.detail : ''}`);
  }
  const bad = report.quantities.filter((q) => !q.ok).length;
  lines.push(
    report.ok
      ? `${report.modelKind ?? report.kind}: all ${report.quantities.length} quantities within tolerance (values max abs ${fmt(report.maxAbsErr)}, ${report.kind === 'tanh-jacobian' ? 'Jacobian figures' : 'gradients'} max rel ${fmt(report.maxRelErr)})`
      : `${report.modelKind ?? report.kind}: ${bad} of ${report.quantities.length} quantities out of tolerance`,
  );
  return lines.join('\n');
}
