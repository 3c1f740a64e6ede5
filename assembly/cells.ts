// SIMD kernels of one LSTM or GRU layer (PyTorch's nn.LSTMCell / nn.GRUCell) over a whole sequence and batch;
// layouts in src/engine/cells/types.ts, host in src/engine/cells/wasm.ts. As for the tanh cell: the input
// projection, the weight gradients and dx are whole-sequence GEMMs; only the recurrence runs step by step
// (one [B, H] × [H, G·H] GEMM and the fused gate arithmetic per step). σ(x) = ½ + ½ tanh(x/2) through the
// same rational tanh as the tanh cell.

import { gemm, tanh4, columnSums, stopRequested } from './common';

// @ts-ignore: decorator
@inline
function sig4(v: v128): v128 {
  const half = f32x4.splat(0.5);
  return f32x4.add(half, f32x4.mul(half, tanh4(f32x4.mul(half, v))));
}

// Four lanes (vec) or one (the tail when H is not a multiple of 4), through the same arithmetic.
// @ts-ignore: decorator
@inline
function ld(p: usize, vec: bool): v128 {
  return vec ? v128.load(p) : v128.load32_splat(p);
}

// @ts-ignore: decorator
@inline
function st(p: usize, v: v128, vec: bool): void {
  if (vec) v128.store(p, v);
  else store<f32>(p, f32x4.extract_lane(v, 0));
}

/** Every row of a [rows, n] matrix = the vector v [n]. */
function broadcastRows(dst: usize, v: usize, rows: i32, n: i32): void {
  const bytes = <usize>n << 2;
  for (let r = 0; r < rows; r++) memory.copy(dst + <usize>r * bytes, v, bytes);
}

// ---------------------------------------------------------------------------------------------------------
// LSTM forward. x [T, B, In], wihT [In, 4H], whhT [H, 4H], bias [4H] = b_ih + b_hh. Out: gates [T, B, 4H]
// (pre-activations, then i, f, g, o in place), c [T, B, H], h [T, B, H].

// @ts-ignore: decorator
@inline
function lstmUnit(g: usize, cPrev: usize, c: usize, h: usize, H4: usize, first: bool, vec: bool): void {
  const i = sig4(ld(g, vec));
  const f = sig4(ld(g + H4, vec));
  const gg = tanh4(ld(g + 2 * H4, vec));
  const o = sig4(ld(g + 3 * H4, vec));
  st(g, i, vec);
  st(g + H4, f, vec);
  st(g + 2 * H4, gg, vec);
  st(g + 3 * H4, o, vec);
  let cv = f32x4.mul(i, gg);
  if (!first) cv = f32x4.add(f32x4.mul(f, ld(cPrev, vec)), cv);
  st(c, cv, vec);
  st(h, f32x4.mul(o, tanh4(cv)), vec);
}

export function lstmForward(
  x: usize, wihT: usize, whhT: usize, bias: usize, gates: usize, c: usize, h: usize,
  T: i32, B: i32, In: i32, H: i32,
): void {
  const G = 4 * H;
  const rows = T * B;
  broadcastRows(gates, bias, rows, G);
  gemm(x, <usize>In << 2, 4, wihT, G, gates, G, rows, In, G, true);
  const hBytes = <usize>H << 2;
  const gBytes = <usize>G << 2;
  for (let t = 0; t < T; t++) {
    if (stopRequested()) return;
    const gt = gates + <usize>t * <usize>B * gBytes;
    const ht = h + <usize>t * <usize>B * hBytes;
    const ct = c + <usize>t * <usize>B * hBytes;
    if (t > 0) gemm(ht - <usize>B * hBytes, hBytes, 4, whhT, G, gt, G, B, H, G, true);
    for (let b = 0; b < B; b++) {
      const gb = gt + <usize>b * gBytes;
      const hb = ht + <usize>b * hBytes;
      const cb = ct + <usize>b * hBytes;
      const cp = cb - <usize>B * hBytes;
      let j = 0;
      for (; j + 4 <= H; j += 4) {
        const o = <usize>j << 2;
        lstmUnit(gb + o, cp + o, cb + o, hb + o, hBytes, t == 0, true);
      }
      for (; j < H; j++) {
        const o = <usize>j << 2;
        lstmUnit(gb + o, cp + o, cb + o, hb + o, hBytes, t == 0, false);
      }
    }
  }
}

// LSTM backward. In: x, h, c, gates (activated), dhOut, wih [4H, In], whh [4H, H]. Out: dh, dc [T, B, H] (total
// ∂L/∂h_t, ∂L/∂c_t), da [T, B, 4H] (∂L/∂pre-activation), dx [T, B, In], dwih [4H, In], dwhh [4H, H], db [4H].

// @ts-ignore: decorator
@inline
function lstmUnitBack(
  g: usize, gNext: usize, c: usize, cPrev: usize, dh: usize, dc: usize, dcNext: usize, da: usize,
  H4: usize, first: bool, last: bool, vec: bool,
): void {
  const one = f32x4.splat(1);
  const i = ld(g, vec);
  const f = ld(g + H4, vec);
  const gg = ld(g + 2 * H4, vec);
  const o = ld(g + 3 * H4, vec);
  const dht = ld(dh, vec);
  const tc = tanh4(ld(c, vec));
  let dct = f32x4.mul(f32x4.mul(dht, o), f32x4.sub(one, f32x4.mul(tc, tc)));
  if (!last) dct = f32x4.add(dct, f32x4.mul(ld(dcNext, vec), ld(gNext + H4, vec)));
  st(dc, dct, vec);
  const cp = first ? f32x4.splat(0) : ld(cPrev, vec);
  st(da, f32x4.mul(f32x4.mul(dct, gg), f32x4.mul(i, f32x4.sub(one, i))), vec);
  st(da + H4, f32x4.mul(f32x4.mul(dct, cp), f32x4.mul(f, f32x4.sub(one, f))), vec);
  st(da + 2 * H4, f32x4.mul(f32x4.mul(dct, i), f32x4.sub(one, f32x4.mul(gg, gg))), vec);
  st(da + 3 * H4, f32x4.mul(f32x4.mul(dht, tc), f32x4.mul(o, f32x4.sub(one, o))), vec);
}

export function lstmBackward(
  x: usize, h: usize, c: usize, gates: usize, dhOut: usize, wih: usize, whh: usize,
  dh: usize, dc: usize, da: usize, dx: usize, dwih: usize, dwhh: usize, db: usize,
  T: i32, B: i32, In: i32, H: i32,
): void {
  const G = 4 * H;
  const hBytes = <usize>H << 2;
  const gBytes = <usize>G << 2;
  const hStep = <usize>B * hBytes;
  const gStep = <usize>B * gBytes;
  for (let t = T - 1; t >= 0; t--) {
    if (stopRequested()) return;
    const dht = dh + <usize>t * hStep;
    memory.copy(dht, dhOut + <usize>t * hStep, hStep);
    // dh_t += da_{t+1} · Whh
    if (t < T - 1) gemm(da + <usize>(t + 1) * gStep, gBytes, 4, whh, H, dht, H, B, G, H, true);
    for (let b = 0; b < B; b++) {
      const gb = gates + <usize>t * gStep + <usize>b * gBytes;
      const hb = <usize>t * hStep + <usize>b * hBytes;
      const dab = da + <usize>t * gStep + <usize>b * gBytes;
      let j = 0;
      for (; j + 4 <= H; j += 4) {
        const o = <usize>j << 2;
        lstmUnitBack(gb + o, gb + gStep + o, c + hb + o, c + hb - hStep + o, dh + hb + o, dc + hb + o, dc + hb + hStep + o, dab + o, hBytes, t == 0, t == T - 1, true);
      }
      for (; j < H; j++) {
        const o = <usize>j << 2;
        lstmUnitBack(gb + o, gb + gStep + o, c + hb + o, c + hb - hStep + o, dh + hb + o, dc + hb + o, dc + hb + hStep + o, dab + o, hBytes, t == 0, t == T - 1, false);
      }
    }
  }
  const rows = T * B;
  gemm(da, 4, gBytes, x, In, dwih, In, G, rows, In, false);
  gemm(da + gStep, 4, gBytes, h, H, dwhh, H, G, rows - B, H, false);
  gemm(da, gBytes, 4, wih, In, dx, In, rows, G, In, false);
  columnSums(da, db, rows, G);
}

// ---------------------------------------------------------------------------------------------------------
// GRU forward. x [T, B, In], wihT [In, 3H], whhT [H, 3H], bih, bhh [3H]; scratch gh [B, 3H]. Out: gates
// [T, B, 3H] (x W_ih^T + b_ih, then r, z, n in place), hn [T, B, H] = W_hn h_{t−1} + b_hn, h [T, B, H].

// @ts-ignore: decorator
@inline
function gruUnit(g: usize, gh: usize, hPrev: usize, hn: usize, h: usize, H4: usize, first: bool, vec: bool): void {
  const one = f32x4.splat(1);
  const r = sig4(f32x4.add(ld(g, vec), ld(gh, vec)));
  const z = sig4(f32x4.add(ld(g + H4, vec), ld(gh + H4, vec)));
  const hnv = ld(gh + 2 * H4, vec);
  const n = tanh4(f32x4.add(ld(g + 2 * H4, vec), f32x4.mul(r, hnv)));
  st(g, r, vec);
  st(g + H4, z, vec);
  st(g + 2 * H4, n, vec);
  st(hn, hnv, vec);
  let hv = f32x4.mul(f32x4.sub(one, z), n);
  if (!first) hv = f32x4.add(hv, f32x4.mul(z, ld(hPrev, vec)));
  st(h, hv, vec);
}

export function gruForward(
  x: usize, wihT: usize, whhT: usize, bih: usize, bhh: usize, gates: usize, hn: usize, h: usize, gh: usize,
  T: i32, B: i32, In: i32, H: i32,
): void {
  const G = 3 * H;
  const rows = T * B;
  broadcastRows(gates, bih, rows, G);
  gemm(x, <usize>In << 2, 4, wihT, G, gates, G, rows, In, G, true);
  const hBytes = <usize>H << 2;
  const gBytes = <usize>G << 2;
  const hStep = <usize>B * hBytes;
  for (let t = 0; t < T; t++) {
    if (stopRequested()) return;
    const gt = gates + <usize>t * <usize>B * gBytes;
    const ht = h + <usize>t * hStep;
    broadcastRows(gh, bhh, B, G);
    if (t > 0) gemm(ht - hStep, hBytes, 4, whhT, G, gh, G, B, H, G, true);
    for (let b = 0; b < B; b++) {
      const gb = gt + <usize>b * gBytes;
      const ghb = gh + <usize>b * gBytes;
      const hb = ht + <usize>b * hBytes;
      const hnb = hn + <usize>t * hStep + <usize>b * hBytes;
      let j = 0;
      for (; j + 4 <= H; j += 4) {
        const o = <usize>j << 2;
        gruUnit(gb + o, ghb + o, hb - hStep + o, hnb + o, hb + o, hBytes, t == 0, true);
      }
      for (; j < H; j++) {
        const o = <usize>j << 2;
        gruUnit(gb + o, ghb + o, hb - hStep + o, hnb + o, hb + o, hBytes, t == 0, false);
      }
    }
  }
}

// GRU backward. In: x, h, gates (r, z, n), hn, dhOut, wih [3H, In], whh [3H, H]. Out: dh [T, B, H], dax, dah
// [T, B, 3H] (∂L/∂(x W_ih^T + b_ih), ∂L/∂(h W_hh^T + b_hh)), dx, dwih, dwhh, dbih, dbhh.

// @ts-ignore: decorator
@inline
function gruUnitBack(g: usize, hn: usize, hPrev: usize, dh: usize, dax: usize, dah: usize, H4: usize, first: bool, vec: bool): void {
  const one = f32x4.splat(1);
  const r = ld(g, vec);
  const z = ld(g + H4, vec);
  const n = ld(g + 2 * H4, vec);
  const dht = ld(dh, vec);
  const hp = first ? f32x4.splat(0) : ld(hPrev, vec);
  const dn = f32x4.mul(f32x4.mul(dht, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(n, n)));
  const dz = f32x4.mul(f32x4.mul(dht, f32x4.sub(hp, n)), f32x4.mul(z, f32x4.sub(one, z)));
  const dr = f32x4.mul(f32x4.mul(dn, ld(hn, vec)), f32x4.mul(r, f32x4.sub(one, r)));
  st(dax, dr, vec);
  st(dax + H4, dz, vec);
  st(dax + 2 * H4, dn, vec);
  st(dah, dr, vec);
  st(dah + H4, dz, vec);
  st(dah + 2 * H4, f32x4.mul(dn, r), vec);
}

/** dh_t += dh_{t+1} ⊙ z_{t+1} (the direct path h_t → h_{t+1}). */
// @ts-ignore: decorator
@inline
function gruCarry(dh: usize, dhNext: usize, zNext: usize, vec: bool): void {
  st(dh, f32x4.add(ld(dh, vec), f32x4.mul(ld(dhNext, vec), ld(zNext, vec))), vec);
}

export function gruBackward(
  x: usize, h: usize, gates: usize, hn: usize, dhOut: usize, wih: usize, whh: usize,
  dh: usize, dax: usize, dah: usize, dx: usize, dwih: usize, dwhh: usize, dbih: usize, dbhh: usize,
  T: i32, B: i32, In: i32, H: i32,
): void {
  const G = 3 * H;
  const hBytes = <usize>H << 2;
  const gBytes = <usize>G << 2;
  const hStep = <usize>B * hBytes;
  const gStep = <usize>B * gBytes;
  for (let t = T - 1; t >= 0; t--) {
    if (stopRequested()) return;
    const dht = dh + <usize>t * hStep;
    memory.copy(dht, dhOut + <usize>t * hStep, hStep);
    if (t < T - 1) {
      for (let b = 0; b < B; b++) {
        const hb = dht + <usize>b * hBytes;
        const zb = gates + <usize>(t + 1) * gStep + <usize>b * gBytes + hBytes;
        let j = 0;
        for (; j + 4 <= H; j += 4) gruCarry(hb + (<usize>j << 2), hb + hStep + (<usize>j << 2), zb + (<usize>j << 2), true);
        for (; j < H; j++) gruCarry(hb + (<usize>j << 2), hb + hStep + (<usize>j << 2), zb + (<usize>j << 2), false);
      }
      gemm(dah + <usize>(t + 1) * gStep, gBytes, 4, whh, H, dht, H, B, G, H, true);
    }
    for (let b = 0; b < B; b++) {
      const go = <usize>t * gStep + <usize>b * gBytes;
      const ho = <usize>t * hStep + <usize>b * hBytes;
      let j = 0;
      for (; j + 4 <= H; j += 4) {
        const o = <usize>j << 2;
        gruUnitBack(gates + go + o, hn + ho + o, h + ho - hStep + o, dh + ho + o, dax + go + o, dah + go + o, hBytes, t == 0, true);
      }
      for (; j < H; j++) {
        const o = <usize>j << 2;
        gruUnitBack(gates + go + o, hn + ho + o, h + ho - hStep + o, dh + ho + o, dax + go + o, dah + go + o, hBytes, t == 0, false);
      }
    }
  }
  const rows = T * B;
  gemm(dax, 4, gBytes, x, In, dwih, In, G, rows, In, false);
  gemm(dah + gStep, 4, gBytes, h, H, dwhh, H, G, rows - B, H, false);
  gemm(dax, gBytes, 4, wih, In, dx, In, rows, G, In, false);
  columnSums(dax, dbih, rows, G);
  columnSums(dah, dbhh, rows, G);
}
