import assert from 'node:assert/strict';
import { divergingHex, NON_FINITE_HEX } from '../shared/colour';
import { bucketValue, contributionBackground, contributionBucket } from './colours';
import { commandUri, escapeMarkdown, heatmapSvg, occlusionLine, svgDataUri, wordHoverMarkdown } from './hover-content';

describe('hover heatmap and colours', () => {
  it('maps −1, 0, +1 to the ends and middle of RdBu', () => {
    assert.equal(divergingHex(-1), '#053061'); // RdBu's darkest blue
    assert.equal(divergingHex(1), '#67001f'); // darkest red
    assert.equal(divergingHex(0), '#f2efee'); // d3's RdBu centre, near white
    assert.equal(divergingHex(5), divergingHex(1), 'clamped');
    assert.equal(divergingHex(Number.NaN), NON_FINITE_HEX);
    assert.equal(divergingHex(0.5, 0.5), divergingHex(1));
  });

  it('draws one rect per layer and unit, with that unit\'s colour', () => {
    const rows = [Float32Array.of(-1, 0, 1), Float32Array.of(0.5, -0.5, Number.POSITIVE_INFINITY)];
    const svg = heatmapSvg(rows, { cellWidth: 4, rowHeight: 12 });
    const rects = [...svg.matchAll(/<rect x="(\d+)" y="(\d+)" width="4" height="12" fill="(#[0-9a-f]{6})"\/>/g)];
    assert.equal(rects.length, 6);
    assert.deepEqual(rects.map((r) => [+r[1], +r[2], r[3]]), [
      [0, 0, '#053061'], [4, 0, '#f2efee'], [8, 0, '#67001f'],
      [0, 14, divergingHex(0.5)], [4, 14, divergingHex(-0.5)], [8, 14, NON_FINITE_HEX],
    ]);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="12" height="26"/);
  });

  it('embeds the svg as a base64 data URI that decodes back', () => {
    const svg = heatmapSvg([Float32Array.of(0.1)]);
    const uri = svgDataUri(svg);
    assert.ok(uri.startsWith('data:image/svg+xml;base64,'));
    assert.equal(Buffer.from(uri.split(',')[1], 'base64').toString('utf8'), svg);
  });

  it('gives decorations alpha by strength and buckets them', () => {
    assert.equal(contributionBackground(0, 2), divergingHex(0, 2) + '00');
    assert.equal(contributionBackground(2, 2), '#67001f59'); // 0.35 × 255 = 89 = 0x59
    assert.equal(contributionBackground(-1, 2, 0.5), divergingHex(-1, 2) + '40');
    assert.deepEqual([-2, -0.5, 0, 0.1, 0.39, 0.41, 2, 9].map((c) => contributionBucket(c, 2)), [-5, -2, 0, 1, 1, 2, 5, 5]);
    assert.equal(bucketValue(-5, 2), -2);
  });

  it('does not colour negligible contributions, and floors the scale so tiny ones stay pale', () => {
    // a document whose largest contribution is 6e-13 (the gradient vanished): nothing is coloured
    assert.equal(contributionBucket(6e-13, 6e-13), 0);
    assert.equal(contributionBucket(-6e-13, 6e-13), 0);
    assert.equal(contributionBackground(6e-13, 6e-13), divergingHex(6e-13, 0.1) + '00');
    assert.equal(contributionBucket(9.9e-4, 0), 0);
    // just above 1e-3 on a floored scale (0.1): the palest bucket, not the deepest
    assert.equal(contributionBucket(0.002, 0.002), 1);
    assert.equal(contributionBucket(-0.05, 0.05), -3);
    assert.equal(contributionBackground(0.05, 0.05), divergingHex(0.05, 0.1) + '2d'); // half of 0.35 × 255
    assert.equal(contributionBucket(0.5, 0.5), 5, 'above the floor the largest still gets the deepest colour');
  });
});

describe('hover markdown', () => {
  const base = {
    word: 'amazing', t: 4, length: 7, unknown: false,
    hidden: [Float32Array.of(0.2, -0.3), Float32Array.of(0.9, 0)],
    showCommandUri: commandUri('unrolled.showStep', [{ runId: 3, t: 4 }]),
  };

  it('shows the word, its position, the heatmap, running probability with its change, saliency and the link', () => {
    const md = wordHoverMarkdown({ ...base, runningProb: 0.7312, previousProb: 0.61, saliency: 0.01234, contribution: 0.25 });
    const lines = md.split('\n').filter(Boolean);
    assert.equal(lines[0], '**amazing** · position 5 of 7');
    assert.match(lines[1], /^!\[hidden state h_4: 2 layer\(s\) × 2 units, blue −1 … red \+1\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+\)$/);
    assert.equal(lines[3], 'P(positive) if the text ended here: **0.731** (▲ +0.121 from the previous word)');
    assert.equal(lines[4], 'saliency ‖∂L/∂x‖ = 0.0123 · contribution +0.2500 (towards positive)');
    assert.equal(lines[5], '[Show in visualizer](command:unrolled.showStep?%5B%7B%22runId%22%3A3%2C%22t%22%3A4%7D%5D "Open the unrolled network at position 5")');
  });

  it('says when a word is unknown, and writes tiny and non-finite numbers readably', () => {
    const md = wordHoverMarkdown({ ...base, unknown: true, runningProb: 0.4, previousProb: 0.5, saliency: 3e-9, contribution: Number.NaN });
    assert.match(md, /not in the vocabulary/);
    assert.match(md, /\(▼ −0\.100 from the previous word\)/);
    const flat = wordHoverMarkdown({ ...base, runningProb: 0.5544, previousProb: 0.55438 });
    assert.match(flat, /\(no change from the previous word\)/);
    assert.match(md, /saliency ‖∂L\/∂x‖ = 3\.00e-9 · contribution NaN/);
  });

  it('calls a negligible contribution negligible, with its real magnitude, not a direction', () => {
    const md = wordHoverMarkdown({ ...base, contribution: 6.1e-13, note: 'All words\' contributions are below 1e-3.' });
    assert.match(md, /contribution \+6\.10e-13 \(negligible: below 1e-3\)/);
    assert.doesNotMatch(md, /towards/);
    assert.match(wordHoverMarkdown({ ...base, contribution: -0.02 }), /contribution -0\.0200 \(towards negative\)/);
  });

  it('escapes markdown in words from the document', () => {
    assert.equal(escapeMarkdown('a*b_[c](d)'), 'a\\*b\\_\\[c\\]\\(d\\)');
  });
});

describe('hover: occlusion first, gradient × input second, the model named', () => {
  const base = {
    word: 'wonderful', t: 2, length: 9, unknown: false, hidden: [Float32Array.of(0.2)],
    showCommandUri: commandUri('unrolled.showStep', [{ runId: 1, t: 2 }]), saliency: 0.5, contribution: 2.54,
  };
  it('says what deleting the word does, with the two P(positive) Predict would answer', () => {
    const md = wordHoverMarkdown({ ...base, occlusion: 0.0463, pPositive: 0.1274, colouredBy: 'occlusion', model: 'readout mean, test accuracy 79.30 %' });
    const lines = md.split('\n').filter(Boolean);
    const occ = lines.findIndex((l) => l.startsWith('Occlusion:'));
    const grad = lines.findIndex((l) => l.includes('gradient × input +2.5400'));
    assert.equal(lines[occ], 'Occlusion: without this word P(positive) would be 0.0811 instead of 0.1274, so the word adds **+0.046** (towards positive)');
    assert.ok(occ > 0 && grad > occ, 'occlusion before gradient × input');
    assert.ok(lines.includes('Model: readout mean, test accuracy 79\\.30 %'), md);
  });
  it('puts gradient × input first, labelled as the colouring, when the setting chooses it', () => {
    const md = wordHoverMarkdown({ ...base, occlusion: -0.0004, pPositive: 0.5, colouredBy: 'gradient' });
    const lines = md.split('\n').filter(Boolean);
    const grad = lines.findIndex((l) => l.includes('contribution (gradient × input, coloured) +2.5400'));
    const occ = lines.findIndex((l) => l.startsWith('Occlusion:'));
    assert.ok(grad > 0 && occ > grad, md);
    assert.match(lines[occ], /adds \*\*−4\.0e-4\*\* \(negligible: below 1e-3\)$/);
  });
  it('occlusionLine: the two numbers differ by exactly the ΔP shown', () => {
    assert.equal(occlusionLine(-0.312, 0.2), 'Occlusion: without this word P(positive) would be 0.5120 instead of 0.2000, so the word adds **−0.312** (towards negative)');
  });
});
