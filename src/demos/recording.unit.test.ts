import { strict as assert } from 'node:assert';
import type { DemoEvent } from '../shared/events';
import { base64ToBytes, bytesToBase64, decodeRecording, encodeRecording, RecordingError, toPlainJson } from './recording';

describe('recording: event streams as JSON', () => {
  it('base64 round-trips every length and matches the standard alphabet', () => {
    for (let n = 0; n < 20; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      assert.deepEqual(base64ToBytes(bytesToBase64(b)), b);
    }
    assert.equal(bytesToBase64(new TextEncoder().encode('Man')), 'TWFu');
    assert.equal(bytesToBase64(new TextEncoder().encode('Ma')), 'TWE=');
    assert.equal(bytesToBase64(new TextEncoder().encode('M')), 'TQ==');
    const every = Uint8Array.from({ length: 256 * 3 + 1 }, (_, i) => (i * 167) & 255); // every byte value, in each position
    assert.equal(bytesToBase64(every), Buffer.from(every).toString('base64'));
  });
  it('keeps Float32Arrays bit-exact and non-finite numbers as stated', () => {
    const data = new Float32Array([0.1, -2.5e-39, 3.4e38, NaN, -0, 1 / 3]);
    const events: DemoEvent[] = [
      { type: 'demo-start', demo: 'explode', title: 'Exploding', config: { seed: 3 } },
      { type: 'clip', maxNorm: 5, before: Infinity, after: NaN, finite: false, skipped: true },
      { type: 'snapshot', id: 0, tokens: ['a', 'b', 'c'], unknown: [false, true, false], length: 2, activation: 'tanh',
        hidden: { layers: 1, steps: 3, units: 2, data }, preact: { layers: 1, steps: 3, units: 2, data: data.subarray(1, 7) },
        logits: [1, -Infinity], probs: [1, 0], readout: 'mean' },
    ];
    const text = encodeRecording(events);
    const rec = decodeRecording(text);
    assert.equal(rec.demo, 'explode');
    assert.equal(rec.events.length, 3);
    const clip = rec.events[1];
    assert.ok(clip.type === 'clip' && clip.before === Infinity && Number.isNaN(clip.after));
    const snap = rec.events[2];
    assert.ok(snap.type === 'snapshot');
    assert.ok(snap.hidden.data instanceof Float32Array);
    assert.deepEqual(new Uint8Array(snap.hidden.data.buffer, snap.hidden.data.byteOffset, 24), new Uint8Array(data.buffer));
    assert.equal(snap.preact.data.length, 5); // a subarray keeps only its own values
    assert.equal(snap.logits[1], -Infinity);
  });
  it('rejects what is not a recording with a reason', () => {
    assert.throws(() => decodeRecording('{'), (e: Error) => e instanceof RecordingError && /^not JSON/.test(e.message));
    assert.throws(() => decodeRecording('{"format":"x"}'), /format must be "unrolled-recording", not "x"/);
    assert.throws(() => decodeRecording('{"format":"unrolled-recording","version":1,"events":[{"type":"boom"}]}'), /events\[0\]: unknown event type "boom"/);
    assert.throws(() => decodeRecording('{"format":"unrolled-recording","version":1,"events":[{"type":"log","x":{"$f32":"a"}}]}'), /events\[0\]\.x: base64/);
  });
  it('plain JSON for --json: typed arrays become arrays, non-finite becomes null', () => {
    assert.equal(JSON.stringify(toPlainJson({ a: new Float32Array([0.5, 2]), b: Infinity, c: [NaN, 1] })), '{"a":[0.5,2],"b":null,"c":[null,1]}');
  });
});
