/**
 * Do the strongest words by occlusion look like sentiment words a student would name? Reads held-out reviews
 * with a trained checkpoint and reports, for occlusion and for gradient × input:
 *  - lexicon hit: the fraction of reviews whose strongest word (largest |score|) is in a small sentiment
 *    lexicon (written here, below), and of those, the fraction whose sign agrees with the lexicon's polarity;
 *  - sign agreement with the prediction: the strongest word pushes toward the class the model predicted.
 *
 *   npx tsx scripts/occlusion-agreement.ts --model M.json [--csv data/imdb_heldout.csv] [--n 500]
 */
import { readReviewsCsv } from '../src/data/index';
import { initTf } from '../src/engine/index';
import { loadModelFile } from '../src/demos/model-file';
import { runPrediction } from '../src/demos/predict';

const POSITIVE = `good great excellent wonderful amazing superb brilliant best love loved loves lovely beautiful
  perfect perfectly fantastic favorite enjoyed enjoy enjoyable fun funny masterpiece touching moving powerful
  fine nice recommend recommended highly gem well terrific outstanding delightful charming beautifully
  stunning strong solid classic worth hilarious impressive incredible awesome refreshing pleasant wonderfully
  excellently remarkable superbly`.split(/\s+/).filter(Boolean);
const NEGATIVE = `bad worst awful terrible horrible boring waste poor poorly stupid dull worse lame mess
  ridiculous pointless disappointing disappointed disappointment crap garbage annoying weak fails failed
  unfunny pathetic badly laughable avoid nothing unfortunately wasted mediocre bland tedious dreadful
  lousy atrocious redeeming sucks sucked cheap unwatchable forgettable predictable silly`.split(/\s+/).filter(Boolean);

function arg(name: string, dflt?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

async function main(): Promise<void> {
  const modelPath = arg('model');
  if (!modelPath) throw new Error('give --model CKPT');
  const csv = readReviewsCsv(arg('csv', 'data/imdb_heldout.csv') as string);
  const n = Math.min(csv.reviews.length, Number(arg('n', '500')));
  const m = loadModelFile(modelPath);
  await initTf();
  const polarity = new Map<string, number>([...POSITIVE.map((w) => [w, 1] as const), ...NEGATIVE.map((w) => [w, -1] as const)]);
  const tally = { occ: { hit: 0, hitSign: 0, predSign: 0 }, grad: { hit: 0, hitSign: 0, predSign: 0 } };
  const topWords = new Map<string, number>();
  let correct = 0;
  let counted = 0;
  const t0 = Date.now();
  for (let r = 0; r < n; r++) {
    const run = runPrediction(m, csv.reviews[r]);
    const { enc, snap } = run;
    if (enc.length === 0) continue;
    counted++;
    if (snap.predicted === csv.labels[r]) correct++;
    const dir = snap.predicted === 1 ? 1 : -1;
    const read = enc.positions.map((i, t) => ({ word: enc.tokens[i].word, occ: run.occlusion[i], grad: snap.contribution[t] }));
    for (const kind of ['occ', 'grad'] as const) {
      const top = read.reduce((a, b) => (Math.abs(b[kind]) > Math.abs(a[kind]) ? b : a));
      const pol = polarity.get(top.word);
      if (pol !== undefined) {
        tally[kind].hit++;
        if (Math.sign(top[kind]) === pol) tally[kind].hitSign++;
      }
      if (Math.sign(top[kind]) === dir) tally[kind].predSign++;
      if (kind === 'occ') topWords.set(top.word, (topWords.get(top.word) ?? 0) + 1);
    }
  }
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;
  console.log(`${counted} held-out reviews, model ${modelPath} (readout ${m.readout}); accuracy on them ${pct(correct, counted)}; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`lexicon: ${POSITIVE.length} positive + ${NEGATIVE.length} negative words`);
  for (const [kind, name] of [['occ', 'occlusion'], ['grad', 'gradient × input']] as const) {
    const t = tally[kind];
    console.log(`${name}: strongest word in the lexicon ${pct(t.hit, counted)} (${t.hit}/${counted}); of those, sign agrees with the lexicon ${pct(t.hitSign, t.hit)}; strongest word pushes toward the predicted class ${pct(t.predSign, counted)}`);
  }
  const common = [...topWords].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([w, c]) => `${w} ${c}`);
  console.log(`most frequent strongest words by occlusion: ${common.join(', ')}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
