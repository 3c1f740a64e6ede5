// package.json's contributions must agree with the code: settings with the schema table, commands with
// what the extension registers and the webview may run, walkthrough steps with existing files.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { WEBVIEW_COMMANDS } from '../shared/protocol';
import { ALL_SETTINGS } from './settings-schema';
import { COMMAND_IDS } from './command-ids';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
type Prop = {
  type: string; default: unknown; minimum?: number; maximum?: number; exclusiveMinimum?: number; enum?: string[];
  markdownDescription?: string;
};
const props: Record<string, Prop> = Object.assign({}, ...pkg.contributes.configuration.map((c: { properties: object }) => c.properties));

describe('package.json contributions', () => {
  it('declares every setting of the schema with the same type, range and default', () => {
    assert.deepEqual(Object.keys(props).sort(), ALL_SETTINGS.map((s) => `unrolled.${s.key}`).sort());
    for (const s of ALL_SETTINGS) {
      const p = props[`unrolled.${s.key}`];
      assert.equal(p.default, s.default, s.key);
      assert.ok((p.markdownDescription ?? '').length > 30, `${s.key} has a description`);
      if (s.kind === 'integer') assert.deepEqual([p.type, p.minimum, p.maximum], ['integer', s.min, s.max], s.key);
      if (s.kind === 'number') {
        assert.equal(p.type, 'number', s.key);
        assert.equal(s.exclusiveMin ? p.exclusiveMinimum : p.minimum, s.min, s.key);
        assert.equal(p.maximum, s.max, s.key);
      }
      if (s.kind === 'enum') assert.deepEqual(p.enum, [...s.values], s.key);
      if (s.kind === 'path') assert.equal(p.type, 'string', s.key);
    }
  });

  it('contributes every command the extension registers, in category Unrolled', () => {
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(contributed, [...COMMAND_IDS].sort());
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'Unrolled');
    for (const c of WEBVIEW_COMMANDS) assert.ok(contributed.includes(c), c);
  });

  it('walks through seven demos and the lesson, each step with a command button and an existing page', () => {
    const steps = pkg.contributes.walkthroughs[0].steps;
    assert.equal(steps.length, 8);
    assert.equal(steps[7].id, 'lesson');
    for (const s of steps) {
      const m = /\(command:([\w.]+)\)/.exec(s.description);
      assert.ok(m && COMMAND_IDS.includes(m[1] as (typeof COMMAND_IDS)[number]), s.id);
      assert.ok(existsSync(path.join(root, s.media.markdown)), s.media.markdown);
    }
  });

  it('contributes the lesson notebook, its cell language and its renderer for the kernel\'s output mime', async () => {
    const { EVENTS_MIME } = await import('../lesson/format');
    assert.deepEqual(pkg.contributes.notebooks, [{ type: 'unrolled-lesson', displayName: 'Unrolled Lesson', selector: [{ filenamePattern: '*.unrolled-lesson' }] }]);
    assert.equal(pkg.contributes.languages[0].id, 'unrolled');
    const r = pkg.contributes.notebookRenderer[0];
    assert.deepEqual(r.mimeTypes, [EVENTS_MIME]);
    assert.equal(r.entrypoint, './dist/lessonRenderer.js');
    assert.ok(existsSync(path.join(root, 'media/lessons/rnn.unrolled-lesson')));
  });

  it('limits what runs in untrusted workspaces', () => {
    const u = pkg.capabilities.untrustedWorkspaces;
    assert.equal(u.supported, 'limited');
    assert.deepEqual(u.restrictedConfigurations, ['unrolled.dataPath', 'unrolled.glovePath', 'unrolled.reviews']);
  });
});
