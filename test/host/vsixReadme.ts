// The READMEs a .vsix ships, and what VS Code's Extensions view makes of them: images must show, or there must be none.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { openWorkbench, startCodeServer } from './codeServer';

/** The files of a zip archive (a .vsix), by path. Stored and deflated entries only, which is all vsce writes. */
export function readZip(file: string): Map<string, Buffer> {
  const zip = fs.readFileSync(file);
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file} is not a zip archive`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + size);
    if (method !== 0 && method !== 8) throw new Error(`${file}: ${name} uses compression method ${method}`);
    files.set(name, method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw));
  }
  return files;
}

/** Targets of the images in a markdown text: `![alt](url)`, `![alt][ref]` with `[ref]: url`, and HTML `<img src>`. */
export function imageTargets(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const targets: string[] = [];
  for (const m of text.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+["'(][^)]*)?\)/g)) targets.push(m[1]);
  const definitions = new Map<string, string>();
  for (const m of text.matchAll(/^ {0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s|$)/gm)) definitions.set(m[1].toLowerCase(), m[2]);
  for (const m of text.matchAll(/!\[([^\]]*)\]\[([^\]]*)\]/g)) {
    const target = definitions.get((m[2] || m[1]).toLowerCase());
    targets.push(target ?? `[undefined reference ${m[2] || m[1]}]`);
  }
  for (const m of text.matchAll(/<img\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)/gi)) targets.push(m[1]);
  return targets;
}

/**
 * Every image of every markdown file the .vsix ships (its README, the Chinese README, the changelog) that does not
 * point at a file inside the .vsix, as `file: target`. An image on the web or missing from the package shows as a
 * broken image in the Extensions view, offline or when the address is wrong.
 */
export function imagesOutsideVsix(vsixFiles: Map<string, Buffer>): string[] {
  const problems: string[] = [];
  for (const [name, contents] of vsixFiles) {
    if (!name.startsWith('extension/') || !/\.md$/i.test(name)) continue;
    for (const target of imageTargets(contents.toString('utf8'))) {
      const local = !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('//');
      const resolved = local ? path.posix.normalize(path.posix.join(path.posix.dirname(name), decodeURI(target.split(/[?#]/)[0]))) : '';
      if (!local || !vsixFiles.has(resolved)) problems.push(`${name}: ${target}`);
    }
  }
  return problems;
}

/** The little of the webview's DOM read below (the tests compile without the DOM library). */
interface Page {
  document?: {
    querySelector(selector: string): { textContent: string | null } | null;
    body: { innerText: string };
    images: ArrayLike<{ complete: boolean; naturalWidth: number; getAttribute(name: string): string | null }>;
  };
}

export interface RenderedImage {
  src: string | null;
  loaded: boolean;
}

/**
 * Installs the .vsix into a fresh code-server, opens the extension's page in the Extensions view, as a person who
 * installed it would, and returns the README's text and each image the page shows with whether it loaded.
 */
export async function extensionPage(vsix: string, displayName: string): Promise<{ text: string; images: RenderedImage[] }> {
  const server = await startCodeServer();
  try {
    await server.cli(['--install-extension', vsix]);
    const workbench = await openWorkbench(server);
    try {
      const { page } = workbench;
      await page.locator('.activitybar').waitFor({ timeout: 60_000 });
      // The shortcut opens the Extensions view with its search box focused.
      await page.keyboard.press('Control+Shift+X');
      await page.locator('.extensions-viewlet').waitFor({ state: 'visible', timeout: 30_000 });
      await page.waitForTimeout(500);
      await page.keyboard.type(`@installed ${displayName}`);
      await page.locator('.extensions-viewlet .monaco-list-row', { hasText: displayName }).first().click({ timeout: 30_000 });
      // The README is drawn in a webview (nested frames); find the frame that shows its title.
      const deadline = Date.now() + 30_000;
      for (;;) {
        for (const frame of page.frames()) {
          const title = await frame.evaluate(() => (globalThis as unknown as Page).document?.querySelector('h1')?.textContent ?? '').catch(() => '');
          if (title.trim() !== displayName) continue;
          // Let every image finish loading or fail.
          await frame.waitForFunction(() => Array.from((globalThis as unknown as Page).document!.images).every((i) => i.complete), undefined, {
            timeout: 15_000,
          });
          return await frame.evaluate(() => {
            const doc = (globalThis as unknown as Page).document!;
            return {
              text: doc.body.innerText,
              images: Array.from(doc.images).map((i) => ({ src: i.getAttribute('src'), loaded: i.naturalWidth > 0 })),
            };
          });
        }
        if (Date.now() > deadline) throw new Error(`the Extensions view never showed the README of ${displayName}`);
        await page.waitForTimeout(250);
      }
    } finally {
      await workbench.close();
    }
  } finally {
    await server.stop();
  }
}
