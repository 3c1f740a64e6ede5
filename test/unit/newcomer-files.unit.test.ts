// The files a newcomer to a VS Code extension expects, and that they agree with package.json.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const read = (f: string) => readFileSync(path.join(root, f), 'utf8');
/** JSON with // comment lines, as VS Code's launch.json and tasks.json allow. */
const jsonc = (f: string) => JSON.parse(read(f).replace(/^\s*\/\/.*$/gm, '')) as Record<string, unknown>;
const pkg = JSON.parse(read('package.json')) as { license: string; version: string; main: string };

describe('newcomer files', () => {
  it('LICENSE is the licence package.json names (MIT)', () => {
    assert.equal(pkg.license, 'MIT');
    assert.match(read('LICENSE'), /^MIT License\n\nCopyright \(c\) \d{4} /);
  });

  it('CHANGELOG.md has an Unreleased section and the package version', () => {
    const log = read('CHANGELOG.md');
    assert.match(log, /^## \[Unreleased\]$/m);
    assert.match(log, new RegExp(`^## \\[${pkg.version.replace(/\./g, '\\.')}\\]`, 'm'));
  });

  it('F5 runs the build task, which builds the bundle package.json starts', () => {
    const launch = jsonc('.vscode/launch.json') as { configurations: Array<{ type: string; preLaunchTask?: string; args: string[] }> };
    const tasks = jsonc('.vscode/tasks.json') as { tasks: Array<{ label: string; command: string; dependsOn?: string[] }> };
    const run = launch.configurations.find((c) => c.type === 'extensionHost');
    assert.ok(run, 'an extensionHost launch configuration');
    assert.deepEqual(run.args, ['--extensionDevelopmentPath=${workspaceFolder}']);
    const build = tasks.tasks.find((t) => t.label === run.preLaunchTask);
    assert.ok(build, `the task "${String(run.preLaunchTask)}" exists`);
    assert.match(build.command, /^node esbuild\.config\.mjs\b/);
    for (const dep of build.dependsOn ?? []) assert.ok(tasks.tasks.some((t) => t.label === dep), `task ${dep}`);
    assert.equal(pkg.main, './dist/extension.js');
    assert.match(read('esbuild.config.mjs'), /in: 'src\/extension\.ts', out: 'extension'/);
    assert.ok(existsSync(path.join(root, '.vscodeignore')) && read('.vscodeignore').includes('!LICENSE'));
  });
});
