/** Exports of the current view: SVG, PNG (through a canvas) or JSON, as files the host saves. */
import { inlineStyles as inlineAll, type NetworkView } from './network';
import type { PhaseAt } from '../model/playback';
import type { SnapshotEvent } from '../../src/shared/events';
import type { RunState } from '../model/store';
import { dashboard } from '../model/dashboard';
import { encode, snapshotJson, type ViewName } from '../model/persist';

/** The JSON export of a view: the Training view's dashboard, the Predict view's answer, else the shown snapshot. */
export function viewJson(view: ViewName, training: () => RunState, predicted: SnapshotEvent | null,
  shown: SnapshotEvent | null): string | null {
  if (view === 'training') return JSON.stringify({ format: 'unrolled-dashboard', version: 1, dashboard: encode(dashboard(training())) }, null, 1);
  if (view === 'predict' && predicted) return snapshotJson(predicted);
  return shown ? snapshotJson(shown) : null;
}
/** SVG text → PNG data URL, through an <img> and a canvas (the CSP allows blob: images for this). */
export async function svgToPng(svg: string, width: number, height: number, scale = 1): Promise<string> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = Math.ceil(width * scale); c.height = Math.ceil(height * scale);
    const ctx = c.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return c.toDataURL('image/png');
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Put the dashboard's charts into one SVG, in their on-screen arrangement. */
export function stackSvgs(charts: SVGSVGElement[]): { text: string; width: number; height: number } {
  const boxes = charts.map((c) => c.getBoundingClientRect());
  const x0 = Math.min(...boxes.map((b) => b.left)), y0 = Math.min(...boxes.map((b) => b.top));
  const width = Math.ceil(Math.max(...boxes.map((b) => b.right)) - x0), height = Math.ceil(Math.max(...boxes.map((b) => b.bottom)) - y0);
  const bg = getComputedStyle(document.body).backgroundColor;
  const parts = charts.map((c, i) => {
    const b = boxes[i];
    const clone = c.cloneNode(true) as SVGSVGElement;
    inlineAll(c, clone);
    clone.setAttribute('x', String(b.left - x0)); clone.setAttribute('y', String(b.top - y0));
    clone.setAttribute('width', String(b.width)); clone.setAttribute('height', String(b.height));
    return new XMLSerializer().serializeToString(clone);
  });
  const text = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="${bg}"/>${parts.join('')}</svg>`;
  return { text, width, height };
}

export type ExportFormat = 'svg' | 'png' | 'json';

/** What an export can draw from: the view shown and its contents. */
export interface ExportSource {
  demo: string | null;
  view: 'network' | 'training' | 'predict';
  /** The JSON for the view (dashboard or snapshot), null when there is nothing to export. */
  json(): string | null;
  network: NetworkView;
  /** The network's phase to draw (the playback position). */
  phase: PhaseAt;
  hasSnapshot: boolean;
  dashboardRoot: HTMLElement;
}

/** The file an export writes: its name and contents (PNG: a data URL). Throws a one-line reason when there is none. */
export async function buildExport(format: ExportFormat, src: ExportSource): Promise<{ fileName: string; data: string }> {
  const base = `unrolled-${src.demo ?? 'view'}-${src.view}`;
  if (format === 'json') {
    const data = src.json();
    if (!data) throw new Error('nothing to export yet');
    return { fileName: `${base}.json`, data };
  }
  const svg = currentSvg(src);
  if (!svg) throw new Error('this view has no picture to export');
  if (format === 'svg') return { fileName: `${base}.svg`, data: svg.text };
  return { fileName: `${base}.png`, data: await svgToPng(svg.text, svg.width, svg.height) };
}

function currentSvg(src: ExportSource): { text: string; width: number; height: number } | null {
  if (src.view === 'network' && src.hasSnapshot && src.network.layout) {
    const text = src.network.toSvgString(src.phase);
    return { text, width: src.network.layout.width, height: src.network.layout.height };
  }
  if (src.view === 'training') {
    const charts = Array.from(src.dashboardRoot.querySelectorAll<SVGSVGElement>('svg.chart'));
    if (!charts.length) return null;
    return stackSvgs(charts);
  }
  return null;
}
