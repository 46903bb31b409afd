// IDs in code through the real providers in the extension host: hover, links (Ctrl/Cmd-click), completion and the
// Terraform check with its quick fix, against the emulator's listing; drill server rows named after their instances.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProtectedInstance } from '../../src/sdrs/model';
import { labelOf, makeDrill, makeGroup, openHarness, report, setSetting, uuid, waitFor, WAIT_MS, type Harness } from './support';

const prod = makeGroup('prod-web');
const erp = makeGroup('erp-db');
const instanceA: ProtectedInstance = { id: uuid(), name: 'ecs-web-01', server_group_id: prod.id, status: 'protected' };
const drill = makeDrill('quarterly-failover', prod.id, { drill_servers: [{ protected_instance: instanceA.id, drill_server_id: uuid() }] });
/** A name a hostile server might send: markdown links to other commands, HTML, icons. */
const HOSTILE_NAME = '[pwn](command:sdrsDrills.deleteDrill) <img src=x onerror=alert(1)> $(alert) **bold** `code`';
const hostile = makeDrill(HOSTILE_NAME, erp.id);
const UNKNOWN = '0000dead-beef-4000-8000-00000000beef';

describe('IDs in code', function () {
  let h: Harness;
  let dir: string;

  before(async () => {
    h = await openHarness({ groups: [prod, erp], drills: [drill, hostile], instances: [instanceA] });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdrs-ids-'));
  });
  beforeEach(async () => {
    await h.reset();
    await waitFor(() => h.api.services.ids.complete, 'the ID index to be complete');
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('checkTerraform', undefined);
    await h?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function open(content: string, language = 'plaintext'): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument({ content, language });
    await vscode.window.showTextDocument(document);
    return document;
  }

  async function openFile(name: string, content: string): Promise<vscode.TextDocument> {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(document);
    return document;
  }

  /** The position of the first character of `text` in the document, plus `offset`. */
  function at(document: vscode.TextDocument, text: string, offset = 0): vscode.Position {
    const i = document.getText().indexOf(text);
    assert.ok(i >= 0, `${text} not in the document`);
    return document.positionAt(i + offset);
  }

  async function hoverText(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): Promise<{ text: string; plain: string; markdown: vscode.MarkdownString[] }> {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const markdown = hovers.flatMap((hover) => hover.contents.filter((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString));
    // appendText writes spaces as &nbsp;.
    const text = markdown.map((m) => m.value.replace(/&nbsp;/g, ' ')).join('\n');
    // As read on screen: without the escapes.
    return { text, plain: text.replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1').replace(/&lt;/g, '<'), markdown };
  }

  it('names drill server rows after the protected instance they copy, with the drill server ID beside it', () => {
    const server = drill.drill_servers[0];
    const item = h.item(h.server(drill.id, server.drill_server_id));
    assert.equal(labelOf(item), 'ecs-web-01');
    assert.equal(item.description, server.drill_server_id);
  });

  it('draws the drills at once when the instance listing hangs, keeping the names it had', async () => {
    h.emulator.injectFault({ path: '/protected-instances', kind: 'hang', times: 1 });
    h.emulator.data.drills[0].name = 'renamed-while-instances-hang';
    const since = h.mark();
    const started = Date.now();
    void h.model.refresh();
    await waitFor(() => h.model.findDrill(drill.id)?.name === 'renamed-while-instances-hang', 'the drills drawn');
    // Drawn while the instance listing still hangs, not once it timed out: that would have drawn them with its error.
    assert.equal(h.emulator.requests.slice(since).filter((r) => r.path.endsWith('/protected-instances')).length, 1);
    assert.equal(h.model.listing?.instancesError, undefined, `drawn after the instance listing failed: ${h.model.listing?.instancesError?.describe()}`);
    report(`      instance listing hanging: drills drawn after ${Date.now() - started} ms (request deadline 10 s)`);
    assert.equal(labelOf(h.item(h.server(drill.id, drill.drill_servers[0].drill_server_id))), 'ecs-web-01');
    h.emulator.data.drills[0].name = 'quarterly-failover';
  });

  it('hovers every kind of listed ID in any file, with Reveal and Copy, and nothing for an unknown one', async () => {
    const server = drill.drill_servers[0];
    const document = await open(
      [
        `drill: ${drill.id}`,
        `group: ${prod.id}`,
        `server: ${server.drill_server_id}`,
        `instance: ${instanceA.id}`,
        `vpc: ${drill.drill_vpc_id}`,
        `unknown: ${UNKNOWN}`,
      ].join('\n'),
    );
    const since = h.mark();
    const cases: Array<[string, RegExp[]]> = [
      [drill.id, [/\*\*Drill\*\* · quarterly-failover/, /Status: available/, /Protection group: prod-web/, /Connection: /]],
      [prod.id, [/\*\*Protection group\*\* · prod-web/, /Status: protected/]],
      [server.drill_server_id, [/\*\*Drill server\*\* · ecs-web-01/, /Drill: quarterly-failover/]],
      [instanceA.id, [/\*\*Protected instance\*\* · ecs-web-01/, /Protection group: prod-web/]],
      [drill.drill_vpc_id, [/\*\*Drill VPC\*\*/, /Used by: 1 drill \(quarterly-failover\)/]],
    ];
    for (const [id, expected] of cases) {
      // In the middle of the ID, as a mouse would rest.
      const { text, plain, markdown } = await hoverText(document, at(document, id, 10));
      for (const pattern of expected) assert.match(plain, pattern, `hover of ${id}`);
      assert.match(text, /\[Reveal in SDRS View\]\(command:sdrsDrills\.revealId\?/);
      assert.match(text, /\[Copy ID\]\(command:sdrsDrills\.copyId\?/);
      // The details (server text) are not trusted at all; the links, ours only, may run just our two commands.
      assert.equal(markdown.length, 2);
      assert.ok(!markdown[0].isTrusted, 'server text in a trusted block');
      assert.doesNotMatch(markdown[0].value, /command:/);
      const trusted = markdown[1].isTrusted;
      assert.deepEqual(typeof trusted === 'object' ? [...(trusted.enabledCommands ?? [])].sort() : trusted, ['sdrsDrills.copyId', 'sdrsDrills.revealId']);
    }
    assert.equal((await hoverText(document, at(document, UNKNOWN, 10))).text, '');
    // Answered from the listings in memory: not one request to SDRS (but the view's own, for an opened group's failed tasks).
    const asked = h.emulator.requests.slice(since).filter((r) => !r.path.endsWith('/task-center/failure-jobs'));
    assert.deepEqual(
      asked.map((r) => r.path),
      [],
    );
  });

  it('hovers IDs in the SDRS Output channel too', async () => {
    const { log } = h.api.services;
    log.info(`Test line naming drill ${drill.id}`);
    log.show(true);
    let document: vscode.TextDocument | undefined;
    await waitFor(() => {
      document = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && d.getText().includes(drill.id));
      return !!document;
    }, 'the Output channel document with the line');
    const { plain } = await hoverText(document!, at(document!, drill.id, 10));
    assert.match(plain, /\*\*Drill\*\* · quarterly-failover/);
  });

  it('escapes a hostile drill name in the hover: no links but ours, no HTML, no icons', async () => {
    const document = await open(`id = "${hostile.id}"`);
    const { text, plain, markdown } = await hoverText(document, at(document, hostile.id, 3));
    // Shown exactly as the server sent it, as text.
    assert.ok(plain.includes(HOSTILE_NAME), plain);
    const links = [...text.matchAll(/\]\((command:[^?)]+)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(links)].sort(), ['command:sdrsDrills.copyId', 'command:sdrsDrills.revealId']);
    assert.doesNotMatch(text, /<img/);
    assert.doesNotMatch(text, /(^|[^\\])\$\(alert\)/);
    for (const m of markdown) {
      assert.notEqual(m.supportHtml, true);
      assert.notEqual(m.supportThemeIcons, true);
    }
    assert.ok(!markdown[0].isTrusted, 'the hostile name sits in a trusted block');
  });

  it('links listed IDs only, and the link reveals and selects the row in the tree', async () => {
    const server = drill.drill_servers[0];
    const document = await open(
      `resource: https://sdrs.example/v1/p/disaster-recovery-drills/${drill.id}?x=1\nother: ${UNKNOWN}\nserver: "${server.drill_server_id}"`,
    );
    // The provider is registered again a moment after each listing (so open files get links): ask until it answers.
    const expectedLinks = [drill.id, server.drill_server_id];
    let ours: vscode.DocumentLink[] = [];
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', document.uri);
      ours = links.filter((l) => l.target?.scheme === 'command');
      if (JSON.stringify(ours.map((l) => document.getText(l.range))) === JSON.stringify(expectedLinks) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(
      ours.map((l) => document.getText(l.range)),
      expectedLinks,
    );
    for (const [link, expected] of [
      [ours[0], (n: unknown) => (n as { kind: string; drill?: { id: string } }).kind === 'drill' && (n as { drill: { id: string } }).drill.id === drill.id],
      [
        ours[1],
        (n: unknown) =>
          (n as { kind: string }).kind === 'drillServer' && (n as { server: { drill_server_id: string } }).server.drill_server_id === server.drill_server_id,
      ],
    ] as const) {
      const target = link.target!;
      assert.equal(target.path, 'sdrsDrills.revealId');
      const args = JSON.parse(decodeURIComponent(target.query)) as unknown[];
      await vscode.commands.executeCommand('sdrsDrills.revealId', ...args);
      // reveal() resolves before the workbench's selection event reaches the extension host.
      const { treeView } = h.api.services.view;
      await waitFor(
        () => treeView.selection.length === 1 && expected(treeView.selection[0]),
        `the link to select its row (selected: ${treeView.selection.map((n) => n.kind).join(', ') || 'nothing'})`,
      );
    }
  });

  it('reveals each kind where it lives, from the cursor too, and copies an ID', async () => {
    const server = drill.drill_servers[0];
    const { view } = h.api.services;
    const selected = (): string => {
      const [node] = view.treeView.selection;
      if (!node) return 'nothing';
      if (node.kind === 'protectionGroup') return `group ${node.group.id}`;
      if (node.kind === 'drill') return `drill ${node.drill.id}`;
      if (node.kind === 'drillServer') return `server ${node.server.drill_server_id}`;
      return node.kind;
    };
    // A protected instance as the drill server that copies it; a drill VPC as the drill using it; a group as itself.
    for (const [id, expected] of [
      [instanceA.id, `server ${server.drill_server_id}`],
      [drill.drill_vpc_id, `drill ${drill.id}`],
      [erp.id, `group ${erp.id}`],
      [drill.id.toUpperCase(), `drill ${drill.id}`],
    ]) {
      await vscode.commands.executeCommand('sdrsDrills.revealId', { id });
      await waitFor(() => selected() === expected, `reveal ${id} to select ${expected} (selected: ${selected()})`);
    }
    // From the palette: the ID under the cursor.
    const document = await open(`see ${prod.id} here`);
    vscode.window.activeTextEditor!.selection = new vscode.Selection(at(document, prod.id, 4), at(document, prod.id, 4));
    await vscode.commands.executeCommand('sdrsDrills.revealId');
    await waitFor(() => selected() === `group ${prod.id}`, `the ID under the cursor to be selected (selected: ${selected()})`);

    await vscode.env.clipboard.writeText('before');
    await vscode.commands.executeCommand('sdrsDrills.copyId', { id: drill.id, kind: 'drill' });
    assert.equal(await vscode.env.clipboard.readText(), drill.id);
    // Arguments from a link are checked: junk copies nothing.
    await vscode.commands.executeCommand('sdrsDrills.copyId', { id: 42 });
    assert.equal(await vscode.env.clipboard.readText(), drill.id);
  });

  it('completes IDs by name after ID keys in Terraform, YAML, JSON and a shell script, inserting the ID', async () => {
    const since = h.mark();
    const cases: Array<[string, string, string, string]> = [
      // [language, text, text the cursor follows, the ID expected by the name]
      ['plaintext', 'resource "huaweicloud_sdrs_drill" "d" {\n  group_id = ""\n}', 'group_id = "', prod.id],
      ['yaml', 'drills:\n  - drill_id: \n', 'drill_id: ', drill.id],
      ['json', '{"drill_vpc_id": ""}', '"drill_vpc_id": "', drill.drill_vpc_id],
      ['shellscript', 'export SERVER_GROUP_ID=\n', 'SERVER_GROUP_ID=', prod.id],
      ['plaintext', 'hcloud sdrs --drill-server-id ', '--drill-server-id ', drill.drill_servers[0].drill_server_id],
    ];
    for (const [language, content, before, expected] of cases) {
      const document = await open(content, language);
      const position = at(document, before, before.length);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
      const ours = list.items.filter((i) => typeof i.label === 'object' && typeof i.insertText === 'string' && /^[0-9a-f-]{36}$/.test(i.insertText));
      const item = ours.find((i) => i.insertText === expected);
      assert.ok(item, `${language}: no item inserting ${expected}; got ${ours.map((i) => JSON.stringify(i.label)).join(', ')}`);
      const label = item.label as vscode.CompletionItemLabel;
      // By name; a drill VPC has none, so the drill using it is named beside the ID.
      if (expected === drill.drill_vpc_id) assert.equal(label.detail, ' · quarterly-failover');
      else assert.notEqual(label.label, expected, `${language}: offered by ID, not by name`);
      const editor = vscode.window.activeTextEditor!;
      await editor.insertSnippet(new vscode.SnippetString(expected), position);
      assert.ok(document.getText().includes(`${before}${expected}`), document.getText());
    }
    // (The view asks for an opened group's failed tasks after each listing, on its own: not completion's doing.)
    const asked = h.emulator.requests.slice(since).filter((r) => !r.path.endsWith('/task-center/failure-jobs'));
    assert.deepEqual(
      asked.map((r) => r.path),
      [],
      'completion asked SDRS',
    );
    // Not after other keys.
    const document = await open('security_group_id = "', 'plaintext');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      document.positionAt(document.getText().length),
    );
    assert.equal(list.items.filter((i) => i.insertText === prod.id).length, 0);
  });

  const TF = (groupId: string, vpcId: string): string =>
    [
      'resource "huaweicloud_sdrs_drill" "test" {',
      '  name         = "drill-from-terraform"',
      `  group_id     = "${groupId}"`,
      `  drill_vpc_id = "${vpcId}"`,
      '}',
      '',
      'resource "huaweicloud_sdrs_protected_instance" "ok" {',
      `  group_id = "${prod.id}"`,
      '}',
      '',
    ].join('\n');

  const ours = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'SDRS');

  it('flags an unlisted protection group in Terraform, and the quick fix puts in a listed one', async () => {
    const document = await openFile('main.tf', TF(UNKNOWN, drill.drill_vpc_id));
    await waitFor(() => ours(document.uri).length === 1, 'one SDRS diagnostic');
    const [diagnostic] = ours(document.uri);
    assert.equal(document.getText(diagnostic.range), UNKNOWN);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diagnostic.message, /not listed by any SDRS connection/);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
    const fixes = actions.filter((a) => a.kind?.value === 'quickfix' && a.edit);
    assert.deepEqual(fixes.map((a) => a.title).sort(), [`Use protection group "erp-db" (${erp.id})`, `Use protection group "prod-web" (${prod.id})`].sort());
    const fix = fixes.find((a) => a.title.includes('prod-web'))!;
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.ok(document.getText().includes(`group_id     = "${prod.id}"`));
    await waitFor(() => ours(document.uri).length === 0, 'the diagnostic to go after the fix');
  });

  it('says an unlisted drill VPC as information, and an ID of the wrong kind as a warning', async () => {
    const document = await openFile('vpc.tf', TF(drill.id, UNKNOWN));
    await waitFor(() => ours(document.uri).length === 2, 'two SDRS diagnostics');
    const [group, vpc] = ours(document.uri).sort((a, b) => a.range.start.line - b.range.start.line);
    assert.equal(group.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(group.message, /takes a protection group ID, but this is the ID of drill "quarterly-failover"/);
    assert.equal(vpc.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(document.getText(vpc.range), UNKNOWN);
  });

  it('says nothing while a connection has failed, while a filter hides part of a project, or when turned off', async () => {
    const document = await openFile('quiet.tf', TF(UNKNOWN, drill.drill_vpc_id));
    await waitFor(() => ours(document.uri).length === 1, 'the diagnostic');

    // The listing fails: the tree keeps the old one (stale), but an ID might be in what failed to load.
    h.emulator.injectFault({ path: '/disaster-recovery-drills', status: 500, times: Infinity });
    await h.refresh();
    assert.equal(h.model.state.kind, 'stale');
    await waitFor(() => ours(document.uri).length === 0, 'no diagnostic while the connection failed');
    h.emulator.clearFaults();
    await h.refresh();
    await waitFor(() => ours(document.uri).length === 1, 'the diagnostic back once the listing is complete');

    // A filter: the listing is partial.
    await h.api.services.filterState.set(h.model.id, { name: 'quarterly' });
    await h.refresh();
    await waitFor(() => ours(document.uri).length === 0, 'no diagnostic while filtered');
    await h.api.services.filterState.clearAll();
    await h.refresh();
    await waitFor(() => ours(document.uri).length === 1, 'the diagnostic back without the filter');

    await setSetting('checkTerraform', false);
    await waitFor(() => ours(document.uri).length === 0, 'no diagnostic when turned off');
    await setSetting('checkTerraform', undefined);
    await waitFor(() => ours(document.uri).length === 1, 'the diagnostic back when turned on');
  });

  it('says nothing while another connection failed to load, and still hovers the IDs of the one that loaded', async () => {
    const document = await openFile('two.tf', TF(UNKNOWN, drill.drill_vpc_id));
    await waitFor(() => ours(document.uri).length === 1, 'the diagnostic with one connection');
    const { registry, ids } = h.api.services;
    // The same project, and one the emulator does not serve (403): that connection fails and lists nothing.
    await setSetting('connections', [
      { account: 'default', region: 'cn-north-4', projectId: h.emulator.projectId, label: 'served' },
      { account: 'default', region: 'cn-north-4', projectId: 'f'.repeat(32), label: 'not served' },
    ]);
    await waitFor(() => registry.connections.length === 2 && registry.connections.every((e) => !e.model.loading), 'two connections loaded or failed');
    assert.deepEqual(
      registry.connections.map((e) => e.model.state.kind),
      ['loaded', 'failed'],
    );
    assert.equal(ids.complete, false);
    await waitFor(() => ours(document.uri).length === 0, 'no diagnostic while a connection failed');
    const { plain } = await hoverText(document, at(document, drill.drill_vpc_id, 5));
    assert.match(plain, /Drill VPC/);
    assert.match(plain, /Connection: served/);

    await setSetting('connections', undefined);
    await waitFor(() => registry.connections.length === 1 && ids.complete, 'back to the one connection, complete');
    await waitFor(() => ours(document.uri).length === 1, 'the diagnostic back');
  });

  it('names the connection in each quick fix when several list the same protection group', async () => {
    const { registry, ids } = h.api.services;
    const second = 'e'.repeat(32);
    // The DR account has a protection group of the same name (another ID): the fixes must say which is whose.
    const drProd = makeGroup('prod-web');
    h.emulator.setProjectData(second, { groups: [drProd], drills: [], instances: [] });
    try {
      await setSetting('connections', [
        { account: 'default', region: 'cn-north-4', projectId: h.emulator.projectId, label: 'prod account' },
        { account: 'default', region: 'cn-north-4', projectId: second, label: 'dr account' },
      ]);
      await waitFor(
        () => registry.connections.length === 2 && registry.connections.every((e) => e.model.state.kind === 'loaded') && ids.complete,
        'both connections loaded',
      );
      const document = await openFile('both.tf', TF(UNKNOWN, drill.drill_vpc_id));
      await waitFor(() => ours(document.uri).length === 1, 'the diagnostic');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, ours(document.uri)[0].range);
      const titles = actions.filter((a) => a.kind?.value === 'quickfix' && a.edit).map((a) => a.title);
      const prodFixes = titles.filter((t) => t.includes('"prod-web"'));
      assert.deepEqual(
        prodFixes.sort(),
        [`Use protection group "prod-web" (${drProd.id}) from dr account`, `Use protection group "prod-web" (${prod.id}) from prod account`].sort(),
      );
    } finally {
      await setSetting('connections', undefined);
      h.emulator.removeProject(second);
      await waitFor(() => registry.connections.length === 1 && ids.complete, 'back to the one connection, complete');
    }
  });

  it('follows each refresh: a name changed on the server is the name hovers show', async () => {
    h.emulator.data.drills[0].name = 'renamed-on-the-server';
    await h.refresh();
    await waitFor(() => h.api.services.ids.lookup(drill.id)[0]?.name === 'renamed-on-the-server', 'the index to follow the listing');
    report(`      ID index rebuilt after a refresh in ${h.api.services.ids.lastBuildMs.toFixed(2)} ms`);
    h.emulator.data.drills[0].name = 'quarterly-failover';
  });
});
