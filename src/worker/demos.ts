/**
 * Which demo generator runs for each DemoName, with the extension's RunParams mapped onto the demos'
 * options. The demos themselves live in src/demos (written once, shared with the CLI).
 */
import type { DemoEvent, DemoName, ReadoutName } from '../shared/events';
import type { StepOptions, TrainOptions } from '../demos/options';
import type { UnrolledModel } from '../engine/unrolled-model';
import { compareDemo } from '../demos/compare';
import { compareCellsDemo } from '../demos/compare-cells';
import { explodeDemo } from '../demos/explode';
import { stepDemo } from '../demos/step';
import { vanishDemo } from '../demos/vanish';
import { trainDemo } from '../demos/train';
import type { RunParams } from '../shared/protocol';
import type { ModelHolder } from './model-holder';
import type { DemoContext, DemoFactory } from './runner';
import { isStopRequested } from '../engine/stop';

/** The training demos' options: the run's parameters as they are, and the run's signal. */
function trainOptions(p: RunParams, ctx: DemoContext): TrainOptions {
  // reviews 0 (the setting's default) = every review of the data file, i.e. no count.
  return { ...p, reviews: p.reviews ? p.reviews : undefined, signal: ctx.signal, ...(ctx.stopFlag ? { stopFlag: ctx.stopFlag } : {}) };
}

export function demoRegistry(model: ModelHolder): Partial<Record<DemoName, DemoFactory>> {
  return {
    step: (p, ctx) => stepDemo({ sentence: p.sentence, hidden: p.hidden, seed: p.seed, signal: ctx.signal } satisfies StepOptions),
    train: (p, ctx) =>
      (async function* (): AsyncGenerator<DemoEvent> {
        const onStopped = (s: { model: UnrolledModel; vocab: string[]; readout: ReadoutName; epoch: number; updates: number }) =>
          model.setTrained(s.model, s.vocab, s.readout, `stopped during epoch ${s.epoch} after ${s.updates} batches (readout ${s.readout})`);
        const trained = yield* trainDemo({ ...trainOptions(p, ctx), onStopped });
        if (trained && !ctx.signal.aborted && !isStopRequested(ctx.stopFlag)) {
          model.setTrained(trained.model, trained.vocab, trained.readout, `trained in this session (readout ${trained.readout})`);
          yield { type: 'log', level: 'info', text: 'The trained model is ready for Predict Sentiment, Analyze and Save Checkpoint.' };
        }
      })(),
    predict: (p, ctx) => model.predict(p.text ?? '', ctx),
    analyze: (p, ctx) => model.predict(p.text ?? '', ctx, 'analyze'),
    explode: (p, ctx) => explodeDemo({ seed: p.seed, length: p.length, std: p.std, cell: p.cell, dataPath: p.dataPath, glovePath: p.glovePath, signal: ctx.signal }),
    vanish: (p, ctx) => vanishDemo({ seed: p.seed, std: p.std, cell: p.cell, dataPath: p.dataPath, glovePath: p.glovePath, signal: ctx.signal }),
    compare: (p, ctx) => compareDemo(trainOptions(p, ctx)),
    'compare-cells': (p, ctx) => compareCellsDemo({ ...trainOptions(p, ctx), std: p.std }),
  };
}
