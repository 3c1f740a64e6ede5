/**
 * Reads and validates the `unrolled.*` settings into the RunParams a demo runs with. Pure: the caller
 * passes a getter (vscode's `WorkspaceConfiguration.get`, or a plain object in tests) and a file check.
 * Every problem becomes one clear message naming the setting, the bad value and what is allowed.
 */
import * as path from 'node:path';
import type { RunParams } from '../shared/protocol';
import { ATTRIBUTION, SETTINGS, SETTINGS_SECTION, STEP_HIDDEN, type SettingSpec } from './settings-schema';

export interface SettingsContext {
  /** Workspace trust: when false, paths relative to the workspace are refused. */
  trusted: boolean;
  /** Folder that relative paths are resolved against (the first workspace folder), if any. */
  workspaceFolder?: string;
  /** Whether a path names an existing regular file. */
  isFile(p: string): boolean;
}

export interface ValidatedSettings {
  /** Parameters for the IMDB model demos (train, compare, explode, vanish, predict, analyze). */
  params: Required<Omit<RunParams, 'sentence' | 'text' | 'dataPath' | 'glovePath'>> &
    Pick<RunParams, 'dataPath' | 'glovePath'>;
  /** Hidden size of the simple RNN in Step Through a Sentence. */
  stepHidden: number;
  /** One message per invalid setting; empty when all are valid. */
  errors: string[];
}

/** Reviews in the embedded data file (the notebook's subset). */
const EMBEDDED_REVIEWS = 2000;

const fullKey = (s: SettingSpec): string => `${SETTINGS_SECTION}.${s.key}`;
const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** Checks one value against its spec; returns the value to use and an error when it is invalid. */
export function validateSetting(
  spec: SettingSpec,
  raw: unknown,
  ctx: SettingsContext,
): { value: number | string | undefined; error?: string } {
  const name = `Setting "${fullKey(spec)}"`;
  if (raw === undefined || raw === null) return { value: spec.kind === 'path' ? undefined : spec.default };
  switch (spec.kind) {
    case 'integer':
      if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < spec.min || raw > spec.max) {
        return {
          value: spec.default,
          error: `${name} must be a whole number from ${spec.min} to ${spec.max}, not ${show(raw)} (${spec.notebook === false ? 'default' : 'the notebook uses'} ${spec.default}).`,
        };
      }
      return { value: raw };
    case 'number': {
      const ok = typeof raw === 'number' && Number.isFinite(raw) && raw <= spec.max &&
        (spec.exclusiveMin ? raw > spec.min : raw >= spec.min);
      if (!ok) {
        const range = spec.exclusiveMin ? `greater than ${spec.min} and at most ${spec.max}` : `from ${spec.min} to ${spec.max}`;
        return { value: spec.default, error: `${name} must be a number ${range}, not ${show(raw)} (${spec.notebook === false ? 'default' : 'the notebook uses'} ${spec.default}).` };
      }
      return { value: raw as number };
    }
    case 'enum':
      if (typeof raw !== 'string' || !spec.values.includes(raw)) {
        return { value: spec.default, error: `${name} must be one of ${spec.values.map((v) => `"${v}"`).join(', ')}, not ${show(raw)}.` };
      }
      return { value: raw };
    case 'path': {
      if (typeof raw !== 'string') return { value: undefined, error: `${name} must be a file path (text), not ${show(raw)}.` };
      const p = raw.trim();
      if (p === '') return { value: undefined };
      let abs = p;
      if (!path.isAbsolute(p)) {
        if (!ctx.trusted) {
          return { value: undefined, error: `${name} is the relative path ${show(p)}; in an untrusted workspace Unrolled reads no workspace files. Trust the workspace or give an absolute path in your user settings.` };
        }
        if (!ctx.workspaceFolder) {
          return { value: undefined, error: `${name} is the relative path ${show(p)} but no folder is open to resolve it against; give an absolute path.` };
        }
        abs = path.resolve(ctx.workspaceFolder, p);
      }
      if (!ctx.isFile(abs)) return { value: undefined, error: `${name}: file not found: ${abs}` };
      return { value: abs };
    }
  }
}

/** Reads every setting through `get(key)` (key without the `unrolled.` prefix) and validates it. */
export function readSettings(get: (key: string) => unknown, ctx: SettingsContext): ValidatedSettings {
  const errors: string[] = [];
  const values: Partial<Record<keyof RunParams, number | string>> = {};
  for (const spec of SETTINGS) {
    const r = validateSetting(spec, get(spec.key), ctx);
    if (r.error) errors.push(r.error);
    if (r.value !== undefined && spec.param) values[spec.param] = r.value;
  }
  const step = validateSetting(STEP_HIDDEN, get(STEP_HIDDEN.key), ctx);
  if (step.error) errors.push(step.error);

  const params = values as ValidatedSettings['params'];
  if (params.reviews > 0 && params.dataPath !== undefined) {
    errors.push(
      `Settings "${SETTINGS_SECTION}.reviews" (${params.reviews}) and "${SETTINGS_SECTION}.dataPath" cannot be used together: ` +
        `reviews draws that many reviews from the full IMDB set, dataPath reads your CSV. Set reviews to 0 to use every review of the CSV.`,
    );
  }
  // The notebook drops the last incomplete batch: a batch larger than the training split trains nothing.
  const trainSize = Math.floor((params.reviews > 0 ? params.reviews : EMBEDDED_REVIEWS) * 0.8);
  if (params.dataPath === undefined && params.batch > trainSize) {
    errors.push(
      `Setting "${SETTINGS_SECTION}.batchSize" (${params.batch}) is larger than the training split ` +
        `(80 % of ${params.reviews > 0 ? params.reviews : EMBEDDED_REVIEWS} reviews = ${trainSize}), so no batch would train; lower it or raise "${SETTINGS_SECTION}.reviews".`,
    );
  }
  return { params, stepHidden: step.value as number, errors };
}

/**
 * The training settings a preset decides (read length, clipping) left at their defaults do not override it: with
 * readout `mean` the improved preset reads 200 words and clips to 5, as `unrolled train --readout mean` does, and
 * Compare Readouts trains each preset as Train would. A value the user set (`isUserSet`) is kept. Pure.
 */
export function presetDecides<P extends Partial<RunParams>>(params: P, isUserSet: (key: string) => boolean): P {
  const out = { ...params };
  for (const spec of SETTINGS) {
    if ((spec.param === 'seqLength' || spec.param === 'clip') && !isUserSet(spec.key)) delete out[spec.param];
  }
  return out;
}

/** The `unrolled.attribution` setting (invalid values fall back to occlusion). */
export function readAttribution(get: (key: string) => unknown): 'occlusion' | 'gradient' {
  return validateSetting(ATTRIBUTION, get(ATTRIBUTION.key), { trusted: true, isFile: () => false }).value === 'gradient' ? 'gradient' : 'occlusion';
}
