import { strict as assert } from 'node:assert';
import { parseWebviewMessage } from './protocol';
import type { WhatIfSetup } from './what-if';

const setup: WhatIfSetup = { demo: 'vanish', seed: 1234, std: 0.1, scale: 1.5, cell: 'tanh', truncate: 10, tokens: ['the', 'film'], layers: 1, hidden: 64 };

describe('protocol: what-if requests from the webview', () => {
  it('a well-formed what-if and what-if-jacobian pass unchanged', () => {
    for (const type of ['what-if', 'what-if-jacobian'] as const) {
      const r = parseWebviewMessage({ type, requestId: 3, setup });
      assert.deepEqual(r, { ok: true, value: { type, requestId: 3, setup } });
    }
  });
  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ['scale beyond ×3', { scale: 3.5 }, /setup\.scale must be a number in \[0\.1, 3\]/],
    ['scale NaN', { scale: NaN }, /setup\.scale/],
    ['unknown cell', { cell: 'rnn' }, /setup\.cell must be tanh, gru or lstm/],
    ['truncation on a gated cell', { cell: 'lstm' }, /truncated BPTT is for the tanh cell only/],
    ['negative truncation', { truncate: -1 }, /setup\.truncate/],
    ['an empty word', { tokens: ['the', ''] }, /setup\.tokens\[1\]/],
    ['no words', { tokens: [] }, /setup\.tokens must be a list/],
    ['another demo', { demo: 'train' }, /setup\.demo must be vanish or explode/],
    ['a huge model', { hidden: 100000 }, /setup\.hidden/],
    ['a negative clipping threshold', { clip: -1 }, /setup\.clip must be a number in \[0, 1000000\]/],
    ['a clipping threshold as text', { clip: '5' }, /setup\.clip/],
  ];
  for (const [what, change, reason] of bad) {
    it(`refuses ${what}, naming the field`, () => {
      const r = parseWebviewMessage({ type: 'what-if', requestId: 1, setup: { ...setup, ...change } });
      assert.equal(r.ok, false);
      assert.match(!r.ok ? r.reason : '', reason);
      assert.match(!r.ok ? r.reason : '', /^what-if: /);
    });
  }
  it('a clipping threshold passes', () => {
    const r = parseWebviewMessage({ type: 'what-if', requestId: 2, setup: { ...setup, clip: 0.5 } });
    assert.deepEqual(r, { ok: true, value: { type: 'what-if', requestId: 2, setup: { ...setup, clip: 0.5 } } });
  });
  it('refuses a missing setup and a bad requestId', () => {
    assert.match(JSON.stringify(parseWebviewMessage({ type: 'what-if', requestId: 1 })), /setup must be an object/);
    assert.match(JSON.stringify(parseWebviewMessage({ type: 'what-if-jacobian', requestId: -1, setup })), /requestId/);
  });
});
