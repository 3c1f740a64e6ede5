/** Play / pause / step / scrub / speed, and the snapshot scrubber for training runs. Keyboard shortcuts live in app.ts. */
import { ZOOMS, zoomLabel } from '../model/zoom';
import { setPresenter } from './presenter';
import { SPEEDS } from '../model/playback';
import { el, button, svgEl } from './dom';

/** Play / pause drawn as SVG shapes (a font may lack ⏸ and show a missing-glyph box). */
function playIcon(playing: boolean): SVGSVGElement {
  const svg = svgEl('svg', { class: 'play-icon', viewBox: '0 0 10 10', 'aria-hidden': 'true' });
  if (playing) svg.append(svgEl('rect', { x: 1, y: 0, width: 3, height: 10 }), svgEl('rect', { x: 6, y: 0, width: 3, height: 10 }));
  else svg.append(svgEl('polygon', { points: '1,0 10,5 1,10' }));
  return svg;
}

export interface ControlCallbacks {
  togglePlay(): void;
  step(delta: number): void;
  seek(pos: number): void;
  setSpeed(speed: number): void;
  setSnapshotIndex(i: number): void;
  setZoom(z: number): void;
}

export class Controls {
  readonly root: HTMLDivElement;
  readonly playBtn: HTMLButtonElement;
  readonly slider: HTMLInputElement;
  readonly speed: HTMLSelectElement;
  readonly position: HTMLSpanElement;
  readonly snapRow: HTMLDivElement;
  readonly snapSlider: HTMLInputElement;
  readonly snapLabel: HTMLSpanElement;
  readonly zoom: HTMLSelectElement;
  private readonly ordinal: HTMLSpanElement;
  private shownPlaying: boolean | null = null;

  constructor(private readonly cb: ControlCallbacks) {
    this.playBtn = button('Play', 'Play', () => cb.togglePlay(), 'Space');
    this.playBtn.classList.add('primary', 'play');
    this.setPlaying(false);
    const back = button('‹ Back', 'Step back', () => cb.step(-1), 'ArrowLeft');
    const fwd = button('Next ›', 'Step forward', () => cb.step(1), 'ArrowRight');
    const start = button('⇤', 'Go to the start', () => cb.seek(0), 'Home');
    const end = button('⇥', 'Go to the end', () => cb.seek(Number.MAX_SAFE_INTEGER), 'End');
    this.slider = el('input', { type: 'range', min: 0, max: 0, value: 0, step: 1, 'aria-label': 'Timestep (scrub)', class: 'scrub' });
    this.slider.addEventListener('input', () => cb.seek(Number(this.slider.value)));
    this.speed = el('select', { 'aria-label': 'Speed (steps per second)', title: 'Speed (+ / −)' });
    for (const s of SPEEDS) this.speed.append(el('option', { value: s, text: `${s} steps/s` }));
    this.speed.addEventListener('change', () => cb.setSpeed(Number(this.speed.value)));
    this.zoom = el('select', { 'aria-label': 'Zoom', title: 'Zoom' });
    for (const z of ZOOMS) this.zoom.append(el('option', { value: String(z), text: zoomLabel(z) }));
    this.zoom.value = '1';
    this.zoom.addEventListener('change', () => cb.setZoom(Number(this.zoom.value)));
    this.position = el('span', { class: 'position', 'aria-live': 'off' });
    this.ordinal = el('span', { class: 'ordinal' });
    const row = el('div', { class: 'controls', role: 'toolbar', 'aria-label': 'Playback' }, start, back, this.playBtn, fwd, end, this.slider, el('span', { class: 'where' }, this.position, this.ordinal), this.speed, this.zoom);
    this.snapSlider = el('input', { type: 'range', min: 0, max: 0, value: 0, step: 1, 'aria-label': 'Recorded sequence (scrub through batches)', class: 'scrub' });
    this.snapSlider.addEventListener('input', () => cb.setSnapshotIndex(Number(this.snapSlider.value)));
    this.snapLabel = el('span', { class: 'position' });
    const prev = button('‹', 'Previous recorded sequence', () => cb.setSnapshotIndex(Number(this.snapSlider.value) - 1), '[');
    const next = button('›', 'Next recorded sequence', () => cb.setSnapshotIndex(Number(this.snapSlider.value) + 1), ']');
    this.snapRow = el('div', { class: 'controls snaps', role: 'toolbar', 'aria-label': 'Recorded sequences' }, el('span', { class: 'lbl', text: 'Sequence' }), prev, this.snapSlider, next, this.snapLabel);
    this.root = el('div', { class: 'control-block' }, row, this.snapRow);
  }

  /** The play button's icon, text, name and tooltip follow the state. */
  private setPlaying(playing: boolean): void {
    if (this.shownPlaying === playing) return;
    this.shownPlaying = playing;
    const what = playing ? 'Pause' : 'Play';
    this.playBtn.replaceChildren(playIcon(playing), document.createTextNode(what));
    this.playBtn.setAttribute('aria-label', what);
    this.playBtn.title = `${what} (Space)`;
    this.playBtn.setAttribute('aria-pressed', String(playing));
  }

  /** `label`: "forward · t = 3 / 27"; `ordinal`: "word 4 of 28" (shown beside it where there is room). */
  update(o: {
    pos: number; total: number; playing: boolean; speed: number; label: string; ordinal?: string; snapIndex: number; snapCount: number;
    snapLabel: string;
  }): void {
    this.setPlaying(o.playing);
    this.slider.max = String(Math.max(0, o.total - 1));
    if (this.slider.value !== String(o.pos)) this.slider.value = String(o.pos);
    this.slider.setAttribute('aria-valuetext', o.ordinal ? `${o.label} (${o.ordinal})` : o.label);
    this.position.textContent = o.label;
    this.ordinal.textContent = o.ordinal ? `(${o.ordinal})` : '';
    if (this.speed.value !== String(o.speed)) this.speed.value = String(o.speed);
    this.snapRow.hidden = o.snapCount <= 1;
    this.snapSlider.max = String(Math.max(0, o.snapCount - 1));
    this.snapSlider.value = String(o.snapIndex);
    this.snapSlider.setAttribute('aria-valuetext', o.snapLabel);
    this.snapLabel.textContent = o.snapLabel;
  }

  /** Set the zoom as the menu would (Ctrl +/−/0, Ctrl+wheel, presenter mode). */
  setZoom(z: number): void {
    this.zoom.value = String(z);
    this.cb.setZoom(z);
  }

  /** Unrolled: Presenter Mode on or off (large type via body.presenter, 200 % zoom; off: 100 %). */
  presenter(on: boolean, root?: HTMLElement): void {
    setPresenter(on, (z) => this.setZoom(z), root);
  }
}
