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
          model.setTrained(s.model, s.vocab, s.readout, `stopped during epoch ${s.epoch} after ${s.updates} batches in this window`, { preset: p.preset });
        // Step through by hand to see the test accuracy go by (the model competes on it).
        const it = trainDemo({ ...trainOptions(p, ctx), onStopped });
        let testAcc: number | undefined;
        let preset: string | undefined;
        // Ended early (Stop Training): end the training generator too, so it hands over the model as it stood.
        try {
          for (let r = await it.next(); ; r = await it.next()) {
            if (r.done) {
              if (r.value && !ctx.signal.aborted && !isStopRequested(ctx.stopFlag)) {
                const kept = model.offerTrained({ ...r.value, source: 'trained in this window by Train on IMDB', testAcc, preset });
                yield { type: 'log', level: 'info', text: kept.line };
              }
              return;
            }
            const e = r.value;
            if (e.type === 'eval' && e.split === 'test') testAcc = e.acc;
            if (e.type === 'demo-end' && typeof e.summary.preset === 'string') preset = e.summary.preset;
            yield e;
          }
        } finally {
          await it.return(null);
        }
      })(),
    predict: (p, ctx) => model.predict(p.text ?? '', ctx),
    analyze: (p, ctx) => model.predict(p.text ?? '', ctx, 'analyze'),
    explode: (p, ctx) => explodeDemo({ seed: p.seed, length: p.length, std: p.std, cell: p.cell, dataPath: p.dataPath,
      glovePath: p.glovePath, signal: ctx.signal }),
    vanish: (p, ctx) => vanishDemo({ seed: p.seed, std: p.std, cell: p.cell, dataPath: p.dataPath, glovePath: p.glovePath,
      signal: ctx.signal }),
    compare: (p, ctx) =>
      (async function* (): AsyncGenerator<DemoEvent> {
        // Both series' models compete; one line says which model answers afterwards (the last one kept).
        let verdict: { kept: boolean; line: string } | undefined;
        const onTrained = (t: { model: UnrolledModel; vocab: string[]; readout: ReadoutName; preset: string; testAcc: number }) => {
          const v = model.offerTrained({ ...t, source: 'trained in this window by Compare Readouts' });
          if (v.kept || !verdict?.kept) verdict = v;
        };
        for await (const e of compareDemo({ ...trainOptions(p, ctx), onTrained })) {
          // The verdict goes before the run's end, so the panel's log shows it.
          if (e.type === 'demo-end' && verdict) yield { type: 'log', level: 'info', text: verdict.line };
          yield e;
        }
      })(),
    'compare-cells': (p, ctx) => compareCellsDemo({ ...trainOptions(p, ctx), std: p.std }),
  };
}
