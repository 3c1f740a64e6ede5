/**
 * The engine's public API: the notebook's two RNNs, exact to PyTorch. Pure TypeScript (no vscode, no DOM).
 * Use: `await initTf()` once (picks the tfjs backend), then build/load a model, train, predict, verify.
 */

// --- setup
/** Picks and awaits the tfjs backend (wasm preferred, cpu fallback; UNROLLED_TF_BACKEND forces one). */
export { initTf, tfInfo, assertTfReady, tf, type TfInfo, type TfBackendName } from './tf';
/** The RNN layer kernels in use (wasm SIMD when it loads, else reference; UNROLLED_KERNELS forces one). */
export { getKernels, setKernels, wasmKernelsError, createReferenceKernels } from './kernels/index';
export type { RnnKernels, LayerShape, LayerWeights, LayerForwardOut, LayerGrads } from './kernels/types';
/** Seeded PRNG with uniform/normal draws and permutations. */
export { Prng, createPrng } from '../shared/prng';

// --- the UnrolledRNN
/** Config, weights (PyTorch state_dict names/layouts), PyTorch-like initialisation. */
export {
  type UnrolledConfig,
  type UnrolledModel,
  type UnrolledInit,
  type Readout,
  type WeightMap,
  READOUTS,
  createUnrolledModel,
  cloneUnrolledModel,
  countParameters,
  unrolledWeightNames,
  unrolledWeightShapes,
  validateUnrolledConfig,
} from './unrolled-model';
/** Forward pass over a batch (every layer's h and pre-activation at every t), batch helpers. */
export {
  type SequenceBatch,
  type LayerTrace,
  type UnrolledForwardResult,
  makeBatch,
  unrolledForward,
  effectiveLength,
  validateBatch,
} from './unrolled-forward';
/** BPTT: every gradient, ‖∂L/∂h_t‖ per layer and t, ‖∂L/∂x_t‖ per t. */
export { type UnrolledBackwardResult, type BackwardOptions, unrolledBackward, unrolledBackwardFromLogits, blockNorms } from './unrolled-backward';
/** Softmax and cross-entropy. */
export { softmaxRows, crossEntropyRow, crossEntropyMean } from './softmax';
/** Gradient norms and clip_grad_norm_ (non-finite norms reported, gradients untouched). */
export { type GradNorms, type ClipResult, type SparseRows, gradNorms, clipGradNorm, l2norm } from './clip';
/** tfjs Adam/SGD applied to Float32Array weights. */
export { WeightOptimizer, type OptimizerKind, type OptimizerOptions } from './optimizer';
/** Training step, epoch loop (last incomplete batch dropped, as the notebook) and evaluation. */
export {
  UnrolledTrainer,
  type TrainerOptions,
  type StepResult,
  type Dataset,
  type EpochResult,
  trainEpoch,
  evaluate,
  sliceBatch,
  countCorrect,
} from './trainer';
/** One review with every snapshot, running P(positive) and per-token contribution (for hovers and the panel). */
export { predictIds, type PredictSnapshot, type PredictOptions } from './predict';

/** Why gradients vanish or explode: ‖J_t‖₂, ‖J_t…J_1‖₂, saturation, W_hh's singular values and spectral radius. */
export {
  type LayerJacobian,
  type JacobianDiagnostics,
  SATURATION_THRESHOLD,
  layerJacobian,
  jacobianDiagnostics,
  jacobianReading,
} from './jacobian';
/** Dense float64 linear algebra behind it (power iteration, Lanczos, symmetric and general eigenvalues). */
export { singularValues, spectralNorm } from './linalg';
export { spectralRadius, eigenvalues } from './eigen';

// --- the simple RNN
/** The notebook's first RNN (one-hot words, no nonlinearity by default), stepped word by word, with backward. */
export {
  type SimpleRnnConfig,
  type SimpleRnnModel,
  type SimpleStep,
  type SimpleBackwardResult,
  SIMPLE_WEIGHT_NAMES,
  createSimpleRnn,
  simpleRnnFromWeights,
  simpleWeightShapes,
  simpleStep,
  simpleForward,
  simpleBackward,
  oneHot,
} from './simple-rnn';

// --- checkpoints and verification
/** Save/load the checkpoint JSON (format "unrolled-checkpoint", version 1), validated with clear errors. */
export {
  type CheckpointJson,
  type LoadedCheckpoint,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  checkpointFromJson,
  checkpointToJson,
  parseCheckpoint,
  serializeCheckpoint,
} from './checkpoint';
/** Runs a PyTorch fixture (either kind, any sizes) and reports per-quantity errors; CLI formatting. */
export {
  type VerifyReport,
  type QuantityReport,
  type Tolerance,
  VALUE_TOLERANCE,
  GRAD_TOLERANCE,
  verifyFixture,
  formatVerifyReport,
  fixtureKind,
  type FixtureKind,
  compareQuantity,
} from './verify';
