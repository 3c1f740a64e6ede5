import { strict as assert } from 'node:assert';
import { newPlayback, phaseAt, play, tick, step, seek, total, seekTimestep, nudgeSpeed, pause } from './playback';

describe('webview model: playback clock', () => {
  it('runs forward 0…T-1 then backward T-1…0 when gradients exist', () => {
    const p = newPlayback(5, true);
    assert.equal(total(p), 10);
    assert.deepEqual(phaseAt(seek(p, 0)), { phase: 'forward', t: 0, computedUpTo: 0, gradFrom: 5 });
    assert.deepEqual(phaseAt(seek(p, 4)), { phase: 'forward', t: 4, computedUpTo: 4, gradFrom: 5 });
    assert.deepEqual(phaseAt(seek(p, 5)), { phase: 'backward', t: 4, computedUpTo: 4, gradFrom: 4 });
    assert.deepEqual(phaseAt(seek(p, 9)), { phase: 'backward', t: 0, computedUpTo: 4, gradFrom: 0 });
  });
  it('has only a forward phase without gradients', () => {
    const p = newPlayback(7, false);
    assert.equal(total(p), 7);
    assert.equal(seek(p, 100).pos, 6);
    assert.equal(seek(p, -3).pos, 0);
  });
  it('advances speed positions per second and stops at the end', () => {
    let p = play(newPlayback(10, false, 4)); // from the start, frac 1 at pos 0
    p = tick(p, 250); // one position
    assert.equal(p.pos, 1);
    assert.ok(Math.abs(p.frac) < 1e-9);
    p = tick(p, 125);
    assert.equal(p.pos, 1);
    assert.ok(Math.abs(p.frac - 0.5) < 1e-9);
    p = tick(p, 100_000);
    assert.equal(p.pos, 9);
    assert.equal(p.playing, false);
  });
  it('steps pause playback and restart from 0 when playing at the end', () => {
    let p = play(newPlayback(3, false));
    p = step(p, 1);
    assert.equal(p.playing, false);
    assert.equal(p.pos, 1);
    p = play(seek(p, 2));
    assert.equal(p.pos, 0);
    assert.equal(pause(p).playing, false);
  });
  it('seeks to a timestep in either phase and nudges speed through presets', () => {
    const p = newPlayback(10, true, 4);
    assert.equal(seekTimestep(p, 3).pos, 3);
    assert.equal(seekTimestep(p, 3, 'backward').pos, 16);
    assert.equal(phaseAt(seekTimestep(p, 3, 'backward')).t, 3);
    assert.equal(nudgeSpeed(p, 1).speed, 8);
    assert.equal(nudgeSpeed(p, -1).speed, 2);
  });
});
