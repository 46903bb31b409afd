// Every user-facing string exists in English and Simplified Chinese.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Message literals passed to vscode.l10n.t or to say() (which localizes them), as strings or template-free backticks. */
function runtimeMessages(): Set<string> {
  const found = new Set<string>();
  const call = /(?:l10n\.t|\bsay)\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g;
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(call)) {
      found.add(m[2].replace(/\\(['"`\\])/g, '$1'));
    }
  }
  return found;
}

describe('localization', () => {
  const en = readJson('package.nls.json');
  const zh = readJson('package.nls.zh-cn.json');

  it('has a Chinese manifest string for every English one, and no extras', () => {
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
    for (const [key, value] of Object.entries(zh)) assert.ok(typeof value === 'string' && value.trim(), `empty zh-cn value for ${key}`);
  });

  it('keeps placeholders and command links intact in every translation', () => {
    const marks = (text: string): string[] => [...text.matchAll(/\{\d+\}|\(command:[^)]+\)|`[^`]+`/g)].map((m) => m[0]).sort();
    const bundle = readJson('l10n/bundle.l10n.zh-cn.json');
    for (const [message, translation] of Object.entries(bundle)) {
      assert.deepEqual(
        marks(String(translation)).filter((m) => !m.startsWith('`')),
        marks(message).filter((m) => !m.startsWith('`')),
        `placeholders differ in the translation of "${message}"`,
      );
    }
    for (const [key, english] of Object.entries(en)) {
      assert.deepEqual(marks(String(zh[key])), marks(String(english)), `placeholders, code or command links differ in zh-cn ${key}`);
    }
  });

  it('defines every %key% the manifest uses', () => {
    const manifest = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
    const used = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(used.length > 0);
    for (const key of used) assert.ok(key in en, `package.json uses %${key}% but package.nls.json lacks it`);
  });

  it('translates every runtime message passed to vscode.l10n.t', () => {
    const bundle = readJson('l10n/bundle.l10n.zh-cn.json');
    const messages = runtimeMessages();
    assert.ok(messages.size > 0, 'no l10n.t calls found: the scan is broken');
    const missing = [...messages].filter((m) => !(m in bundle));
    assert.deepEqual(missing, [], 'messages without a zh-cn translation');
    const stale = Object.keys(bundle).filter((m) => !messages.has(m));
    assert.deepEqual(stale, [], 'zh-cn translations no code uses any more');
  });
});
