/**
 * Verification of the Jacobian diagnostics (`jacobian.ts`) against a PyTorch `tanh-jacobian` fixture
 * (format: `../shared/fixtures/README.md`): the notebook's tanh model, one unpadded sequence `ids`, and per
 * layer and step ‖J_t‖₂, ‖J_t … J_1‖₂, the saturated fraction, W_hh's singular values and spectral radius.
 * Hidden states are judged as values (1e-4 absolute); the diagnostics at 1e-4 relative or 1e-6 absolute.
 */
import { checkpointFromJson } from './checkpoint';
import { jacobianDiagnostics } from './jacobian';
import { makeBatch, unrolledForward } from './unrolled-forward';
import { compareQuantity, type QuantityReport, type Tolerance, VALUE_TOLERANCE } from './verify-compare';

/** The fixture's tolerance for the diagnostics: 1e-4 relative or 1e-6 absolute, elementwise. */
export const JACOBIAN_TOLERANCE: Tolerance = { kind: 'grad', rel: 1e-4, abs: 1e-6 };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Is this parsed JSON a tanh-jacobian fixture? */
export function isJacobianFixture(json: unknown): boolean {
  return isRecord(json) && isRecord(json.checkpoint) && Array.isArray(json.ids) && isRecord(json.expected) && 'jacobianNorm' in json.expected;
}

/** Runs the fixture's sequence through its model and compares every expected quantity. */
export function verifyJacobianFixture(json: Record<string, unknown>): QuantityReport[] {
  const { model } = checkpointFromJson(json.checkpoint, 'fixture.checkpoint');
  const ids = json.ids as unknown[];
  if (ids.length === 0 || ids.some((i) => typeof i !== 'number' || !Number.isInteger(i))) {
    throw new Error('fixture.ids must be a non-empty array of token ids');
  }
  const ex = json.expected as Record<string, unknown>;
  const { numLayers: L, hiddenSize: H } = model.config;
  const T = ids.length;
  const fwd = unrolledForward(model, makeBatch([ids as number[]], T, [T]), 'final');
  const diag = jacobianDiagnostics(model, fwd);
  const hidden = new Float32Array(L * T * H);
  for (let k = 0; k < L; k++) hidden.set(fwd.layers[k].h, k * T * H);
  const per = (f: (k: number) => ArrayLike<number>): number[] => {
    const out: number[] = [];
    for (let k = 0; k < L; k++) out.push(...Array.from(f(k)));
    return out;
  };
  return [
    compareQuantity('hidden', hidden, ex.hidden, VALUE_TOLERANCE),
    compareQuantity('jacobianNorm', per((k) => diag.perLayer[k].jacobianNorm), ex.jacobianNorm, JACOBIAN_TOLERANCE),
    compareQuantity('productNorm', per((k) => diag.perLayer[k].productNorm), ex.productNorm, JACOBIAN_TOLERANCE),
    compareQuantity('saturated', per((k) => diag.perLayer[k].saturated), ex.saturated, JACOBIAN_TOLERANCE),
    compareQuantity('whhSingularValues', per((k) => diag.perLayer[k].whhSingularValues), ex.whhSingularValues, JACOBIAN_TOLERANCE),
    compareQuantity('whhSpectralRadius', per((k) => [diag.perLayer[k].whhSpectralRadius]), ex.whhSpectralRadius, JACOBIAN_TOLERANCE),
  ];
}
