/**
 * The notebook's demos, each written once as an async generator of `DemoEvent`s (see events.ts). The CLI
 * prints them (text.ts), the extension's worker streams them to the webview, recordings keep them
 * (recording.ts). Every demo takes an options object with an AbortSignal, checked per batch or step.
 */
/** Options, defaults (the notebook's) and the two training presets. */
export * from './options';
/** The simple RNN stepped word by word, backprop, one SGD step. */
export { stepDemo, type StepDemoOptions, STEP_LR, STEP_TARGET } from './step';
/** Training with per-epoch figures and the test evaluation; returns the trained model. */
export { trainDemo, resolveTrain, type ResolvedTrain, type TrainedModel } from './train';
/** The notebook's readout and the improved preset side by side (events tagged with `series`). */
export { compareDemo, COMPARE_SERIES } from './compare';
/** predict_sentiment with every snapshot; the per-token document view for the editor. */
export { predictDemo, runPrediction, WATCHED_GRAD, type PredictRun } from './predict';
export { analyzeDemo, type AnalyzeOptions, type AnalyzedToken } from './analyze';
/** A trained model from a checkpoint (with the readout it was trained with). */
export { loadModelFile, modelFromCheckpointText, type ModelForDemo } from './model-file';
/** The two gradient demos. */
export { explodeDemo, EXPLODE_DEFAULTS } from './explode';
export { vanishDemo, VANISH_DEFAULTS } from './vanish';
/** Event streams as text lines, and as bit-exact JSON recordings. */
export { TextPrinter, fmtNorm, fmtPercent, fmtVector } from './text';
export { encodeRecording, decodeRecording, toJsonSafe, fromJsonSafe, toPlainJson, RecordingError, type Recording } from './recording';
