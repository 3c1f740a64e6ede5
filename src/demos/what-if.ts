/**
 * What-if (issue 14): the gradient demos' random model rebuilt from its seed and std, W_hh scaled, another
 * cell, truncated BPTT, the shown sequence with a word changed — and the answer at once. `run` is one forward
 * + backward of the sequence (no running probability or saliency: those are a forward pass per token);
 * `jacobian` the step Jacobians of the same setup, asked for second because they cost far more. Models are
 * cached per (seed, std, cell, size, data) so dragging a slider never reloads the data set.
 */
import type { WhatIfSetup } from '../shared/what-if';
import { loadDataset, type Dataset } from '../data/index';
import { randomModel } from './random-model';
import { WhatIfCore } from './what-if-core';

export { WHAT_IF_SNAPSHOT_ID, scaledModel, WhatIfCore } from './what-if-core';

/** Where the demo's vocabulary and embedding came from (the run's dataPath / glovePath). */
export interface WhatIfData { dataPath?: string; glovePath?: string }

/** The what-if on the gradient demos' random model, rebuilt from the data set the run used. */
export class WhatIf extends WhatIfCore {
  constructor(data: () => WhatIfData = () => ({})) {
    // the data set is read once per (data, seed): another init std or cell only draws a new model
    let kept: { key: string; ds: Promise<Dataset> } | null = null;
    const dataset = (setup: WhatIfSetup, d: WhatIfData): Promise<Dataset> => {
      const key = JSON.stringify([setup.seed, d.dataPath ?? '', d.glovePath ?? '']);
      if (kept?.key !== key) {
        const ds = loadDataset({ dataPath: d.dataPath, glovePath: d.glovePath, seed: setup.seed });
        kept = { key, ds };
        ds.catch(() => { if (kept?.ds === ds) kept = null; });
      }
      return kept.ds;
    };
    super({
      key: (setup: WhatIfSetup) => {
        const d = data();
        return JSON.stringify([setup.seed, setup.std, setup.cell, setup.layers, setup.hidden, d.dataPath ?? '', d.glovePath ?? '']);
      },
      load: async (setup: WhatIfSetup) => {
        const d = data();
        return randomModel({
          seed: setup.seed, std: setup.std, seqLength: setup.tokens.length, hidden: setup.hidden, layers: setup.layers,
          cell: setup.cell, dataPath: d.dataPath, glovePath: d.glovePath, dataset: await dataset(setup, d),
        });
      },
    });
  }
}
