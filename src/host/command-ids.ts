/** Every command the extension registers (package.json contributes each one). */
export const COMMAND_IDS = [
  'unrolled.stepThrough',
  'unrolled.train',
  'unrolled.stopTraining',
  'unrolled.predict',
  'unrolled.analyze',
  'unrolled.exploding',
  'unrolled.vanishing',
  'unrolled.compareReadouts',
  'unrolled.compareCells',
  'unrolled.saveCheckpoint',
  'unrolled.loadCheckpoint',
  'unrolled.openVisualizer',
  'unrolled.clearAnalysis',
  'unrolled.showStep',
  'unrolled.openLesson',
  'unrolled.presenterMode',
  'unrolled.openViewLink',
] as const;
export type CommandId = (typeof COMMAND_IDS)[number];
