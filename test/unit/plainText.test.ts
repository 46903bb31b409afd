// Outside text shown in notifications, progress and the status bar: no live link, no icon, one bounded line.
import * as assert from 'node:assert/strict';
import { plainLine } from '../../src/sdrs/plainText';

describe('sdrs/plainText', () => {
  // The shapes VS Code renders: markdown links (command, https, file) and codicons.
  const linkSyntax = /\]\s*\((?:command:|https?:|file:)/;
  const iconSyntax = /\$\([a-z0-9-]+(?:~[a-z0-9-]*)?\)/i;

  it('breaks every link a notification would render, whatever the spacing', () => {
    for (const hostile of [
      '[Fix it](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)',
      'see [docs] (https://evil.example/) now',
      '[a](file:///etc/passwd) and [b](command:x)',
    ]) {
      const shown = plainLine(hostile, 500);
      assert.doesNotMatch(shown, linkSyntax, shown);
      assert.equal(shown.replace(/\u200b/g, '').replace(/\]\s*\(/g, ']('), hostile.replace(/\]\s*\(/g, ']('), 'reads the same');
    }
  });

  it('breaks $(icon) syntax, and applying it twice changes nothing more', () => {
    const shown = plainLine('status $(sync~spin) $(error) done', 500);
    assert.doesNotMatch(shown, iconSyntax);
    assert.equal(plainLine(shown, 500), shown);
  });

  it('makes one line of many, bounds the length, and shows non-strings as text', () => {
    assert.equal(plainLine('first\nsecond\r\n\tthird', 500), 'first second third');
    assert.ok(plainLine('x'.repeat(10_000), 300).length <= 300);
    assert.equal(plainLine(undefined, 50), '');
    assert.equal(plainLine(42, 50), '42');
  });
});
