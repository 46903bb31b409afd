// Literal SDRS IDs are found in the attributes of huaweicloud_sdrs_* blocks, whatever else a Terraform file holds.
import * as assert from 'node:assert/strict';
import { parseSdrsBlocks, sdrsIdReferences, type TfBlock } from '../../src/ids/terraform';

const PG = '1b7c8e2a-3f4d-4c5e-9a6b-7c8d9e0f1a2b';
const VPC = 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';
const PG2 = 'c4d5e6f7-0809-4a0b-8c0d-0e0f10111213';

const MAIN_TF = `terraform {
  required_providers {
    huaweicloud = {
      source  = "huaweicloud/huaweicloud"
      version = ">= 1.60.0"
    }
  }
}

provider "huaweicloud" {
  region = "cn-north-4"
}

# resource "huaweicloud_sdrs_drill" "commented" { group_id = "hash-comment" }
// resource "huaweicloud_sdrs_drill" "commented2" { group_id = "slash-comment" }
/*
resource "huaweicloud_sdrs_drill" "commented3" {
  group_id = "block-comment" # with { braces } and "quotes
}
*/

resource "huaweicloud_sdrs_protection_group" "pg" {
  name                     = "prod-web"
  source_availability_zone = "cn-north-4a"
  target_availability_zone = "cn-north-4b"
  domain_id                = data.huaweicloud_sdrs_domain.default.id
  source_vpc_id            = huaweicloud_vpc.main.id
  description              = <<-EOT
    resource "huaweicloud_sdrs_drill" "in_heredoc" {
      group_id = "heredoc"
    }
    EOT
}

resource "huaweicloud_sdrs_drill" "literal" {
  name         = "nightly"
  group_id     = "${PG}" # the production group
  drill_vpc_id = "${VPC}"

  timeouts {
    create = "10m"
    group_id = "nested"
  }

  lifecycle {
    ignore_changes = [name]
  }
}

resource "huaweicloud_sdrs_drill" "referenced" {
  count        = var.enabled ? 1 : 0
  name         = "drill-\${count.index}"
  group_id     = huaweicloud_sdrs_protection_group.pg.id
  drill_vpc_id = var.drill_vpc_id
}

resource "huaweicloud_sdrs_protected_instance" "web" {
  for_each = {
    a = "x"
    b = "y"
  }
  name                 = "web-\${each.key}"
  group_id             = "${PG2}"
  server_id            = huaweicloud_compute_instance.web[each.key].id
  delete_target_server = true
}

data "huaweicloud_sdrs_domain" "default" {
  name = "SDRS_HypeDomain01"
}

resource "huaweicloud_compute_instance" "web" {
  name     = "web"
  group_id = "${PG}"
}
`;

function block(blocks: TfBlock[], name: string): TfBlock {
  const found = blocks.find((b) => b.name === name);
  assert.ok(found, `block ${name}`);
  return found;
}

/** Each block's attributes as key=value. */
function attributes(b: TfBlock): string[] {
  return b.attributes.map((a) => `${a.key}=${a.value}`);
}

describe('ids: terraform', () => {
  describe('parseSdrsBlocks on a realistic main.tf', () => {
    const blocks = parseSdrsBlocks(MAIN_TF);

    it('finds the SDRS resource and data blocks only, in order', () => {
      assert.deepEqual(
        blocks.map((b) => `${b.kind} ${b.type}.${b.name}`),
        [
          'resource huaweicloud_sdrs_protection_group.pg',
          'resource huaweicloud_sdrs_drill.literal',
          'resource huaweicloud_sdrs_drill.referenced',
          'resource huaweicloud_sdrs_protected_instance.web',
          'data huaweicloud_sdrs_domain.default',
        ],
      );
    });

    it('spans each block from its keyword to its closing brace', () => {
      for (const b of blocks) {
        const source = MAIN_TF.slice(b.start, b.end);
        assert.ok(source.startsWith(`${b.kind} "${b.type}" "${b.name}" {`), source);
        assert.ok(source.endsWith('}'), source);
      }
    });

    it('keeps literal attributes and skips references, heredocs and nested blocks', () => {
      assert.deepEqual(attributes(block(blocks, 'pg')), ['name=prod-web', 'source_availability_zone=cn-north-4a', 'target_availability_zone=cn-north-4b']);
      assert.deepEqual(attributes(block(blocks, 'literal')), ['name=nightly', `group_id=${PG}`, `drill_vpc_id=${VPC}`]);
      assert.deepEqual(attributes(block(blocks, 'referenced')), []);
      assert.deepEqual(attributes(block(blocks, 'web')), [`group_id=${PG2}`]);
      assert.deepEqual(attributes(block(blocks, 'default')), ['name=SDRS_HypeDomain01']);
    });

    it('gives value offsets that slice to the value', () => {
      for (const b of blocks) {
        for (const a of b.attributes) assert.equal(MAIN_TF.slice(a.valueStart, a.valueEnd), a.value);
      }
    });

    it('lists the IDs to check with their expected kinds', () => {
      const checks = sdrsIdReferences(blocks);
      assert.deepEqual(
        checks.map((c) => [c.block.name, c.attribute.key, c.attribute.value, c.expected]),
        [
          ['literal', 'group_id', PG, 'protectionGroup'],
          ['literal', 'drill_vpc_id', VPC, 'drillVpc'],
          ['web', 'group_id', PG2, 'protectionGroup'],
        ],
      );
    });
  });

  describe('sdrsIdReferences', () => {
    it('checks server_group_id, any SDRS block type, data sources too, and skips empty values', () => {
      const text = [
        `resource "huaweicloud_sdrs_replication_pair" "rp" {\n  group_id = "${PG}"\n}`,
        `data "huaweicloud_sdrs_drills" "all" {\n  server_group_id = "${PG2}"\n  drill_vpc_id = ""\n}`,
        `resource "huaweicloud_sdrs_drill" "d" {\n  group_id = ""\n  name = "${PG}"\n}`,
      ].join('\n');
      const checks = sdrsIdReferences(parseSdrsBlocks(text));
      assert.deepEqual(
        checks.map((c) => [c.block.type, c.attribute.key, c.expected]),
        [
          ['huaweicloud_sdrs_replication_pair', 'group_id', 'protectionGroup'],
          ['huaweicloud_sdrs_drills', 'server_group_id', 'protectionGroup'],
        ],
      );
    });
  });

  describe('robustness', () => {
    it('reads a one-line block and bare labels', () => {
      const text = `resource "huaweicloud_sdrs_drill" "one" { group_id = "${PG}" }\nresource huaweicloud_sdrs_drill bare {\n  group_id = "x"\n}\n`;
      const blocks = parseSdrsBlocks(text);
      assert.deepEqual(
        blocks.map((b) => [b.name, attributes(b)]),
        [
          ['one', [`group_id=${PG}`]],
          ['bare', ['group_id=x']],
        ],
      );
      assert.equal(blocks[0].end, text.indexOf('\n'));
    });

    it('skips interpolated and directive strings, keeps $${ and %%{ literals', () => {
      const text = [
        'resource "huaweicloud_sdrs_drill" "d" {',
        '  a = "${var.x}"',
        '  b = "pre-${lookup(var.m, "k}")}-post"',
        '  c = "%{ if true }x%{ endif }"',
        '  d = "$${literal}"',
        '  e = "100%%{x}"',
        '}',
      ].join('\n');
      assert.deepEqual(attributes(parseSdrsBlocks(text)[0]), ['d=${literal}', 'e=100%{x}']);
    });

    it('resolves escapes, and braces and quotes inside strings do not count', () => {
      const text = 'resource "huaweicloud_sdrs_drill" "d" {\n  name = "a \\"quoted\\" {brace} \\\\ \\u00e9\\n"\n  group_id = "}"\n}\n';
      const [b] = parseSdrsBlocks(text);
      assert.deepEqual(attributes(b), ['name=a "quoted" {brace} \\ \u00e9\n', 'group_id=}']);
      const name = b.attributes[0];
      assert.equal(text.slice(name.valueStart, name.valueEnd), 'a \\"quoted\\" {brace} \\\\ \\u00e9\\n');
    });

    it('skips values that are references, calls, lists, numbers, or a literal with more after it', () => {
      const text = [
        'resource "huaweicloud_sdrs_drill" "d" {',
        '  a = huaweicloud_sdrs_protection_group.pg.id',
        '  b = var.group_id',
        '  c = lower("ABC")',
        '  d = ["x", "y"]',
        '  e = 1',
        '  f = "x" == "y" ? "a" : "b"',
        '  g = (',
        '    "multi-line"',
        '  )',
        '  h = "kept"',
        '}',
      ].join('\n');
      assert.deepEqual(attributes(parseSdrsBlocks(text)[0]), ['h=kept']);
    });

    it('ignores attributes of nested and dynamic blocks at any depth', () => {
      const text = [
        'resource "huaweicloud_sdrs_protected_instance" "p" {',
        '  timeouts { group_id = "t" }',
        '  dynamic "x" {',
        '    for_each = var.xs',
        '    content {',
        '      group_id = "dyn"',
        '    }',
        '  }',
        `  group_id = "${PG}"`,
        '}',
      ].join('\n');
      assert.deepEqual(attributes(parseSdrsBlocks(text)[0]), [`group_id=${PG}`]);
    });

    it('skips heredocs, plain and indented, with fake blocks and unbalanced braces inside', () => {
      const text = [
        'resource "huaweicloud_sdrs_drill" "d" {',
        '  a = <<EOF',
        'resource "huaweicloud_sdrs_drill" "fake" {',
        '  group_id = "fake" }}}',
        'EOF',
        '  b = <<-EOT',
        '    {{{ "',
        '    EOT',
        '  group_id = "real"',
        '}',
      ].join('\n');
      const blocks = parseSdrsBlocks(text);
      assert.deepEqual(
        blocks.map((b) => [b.name, attributes(b)]),
        [['d', ['group_id=real']]],
      );
    });

    it('reads CRLF files with offsets into the original text', () => {
      const text = MAIN_TF.replace(/\n/g, '\r\n');
      const blocks = parseSdrsBlocks(text);
      assert.equal(blocks.length, 5);
      const checks = sdrsIdReferences(blocks);
      assert.deepEqual(
        checks.map((c) => c.attribute.value),
        [PG, VPC, PG2],
      );
      for (const c of checks) assert.equal(text.slice(c.attribute.valueStart, c.attribute.valueEnd), c.attribute.value);
    });

    it('parses what is complete of an unterminated file, without throwing', () => {
      const complete = `resource "huaweicloud_sdrs_drill" "done" {\n  group_id = "${PG}"\n}\n`;
      const endings = [
        'resource "huaweicloud_sdrs_drill" "open" {\n  group_id = "abc"\n',
        'resource "huaweicloud_sdrs_drill" "open" {\n  group_id = "abc',
        'resource "huaweicloud_sdrs_drill" "open" {\n  group_id = "${var',
        'resource "huaweicloud_sdrs_drill" "open" {\n  a = <<EOF\n}\n',
        'resource "huaweicloud_sdrs_drill" "open" {\n  /* }',
        'resource "huaweicloud_sdrs_drill" "open',
        'resource "huaweicloud_sdrs_drill"',
        'resource',
        'resource "huaweicloud_sdrs_drill" "open" {\n  a = [\n',
        'resource "huaweicloud_sdrs_drill" "open" {\n  timeouts {\n',
        '  a = <<',
        '}}}} )))] "',
      ];
      for (const ending of endings) {
        const blocks = parseSdrsBlocks(complete + ending);
        assert.deepEqual(
          blocks.map((b) => b.name),
          ['done'],
          JSON.stringify(ending),
        );
      }
      assert.deepEqual(parseSdrsBlocks(''), []);
    });

    it('recovers after a string left open on one line', () => {
      const text = `resource "huaweicloud_sdrs_drill" "d" {\n  name = "oops\n  group_id = "${PG}"\n}\n`;
      assert.deepEqual(attributes(parseSdrsBlocks(text)[0]), [`group_id=${PG}`]);
    });

    it('recovers after stray closing braces and junk at the top level', () => {
      const text = `}\n) ] junk = [1,\n2]\nlocals {\n  x = "}"\n}\n}}\nresource "huaweicloud_sdrs_drill" "d" {\n  group_id = "${PG}"\n}\n`;
      assert.deepEqual(
        parseSdrsBlocks(text).map((b) => b.name),
        ['d'],
      );
    });

    it('ignores other providers, other block types and SDRS types in the wrong place', () => {
      const text = [
        'resource "huaweicloud_vpc" "v" {\n  group_id = "x"\n}',
        'module "huaweicloud_sdrs_drill" {\n  group_id = "x"\n}',
        'resource "huaweicloud_sdrs_drill" {\n  group_id = "one label"\n}',
        'resource "huaweicloud_sdrs_drill" "a" "b" {\n  group_id = "three labels"\n}',
        'resource "aws_sdrs_drill" "d" {\n  group_id = "x"\n}',
        'locals {\n  resource = { "huaweicloud_sdrs_drill" = { group_id = "x" } }\n}',
      ].join('\n');
      assert.deepEqual(parseSdrsBlocks(text), []);
    });
  });

  describe('performance', () => {
    it('parses a 2 MB file of 5,000 blocks quickly', () => {
      const parts: string[] = [];
      for (let i = 0; i < 5000; i++) {
        const sdrs = i % 2 === 0;
        parts.push(
          `# block ${i} ${'-'.repeat(60)}`,
          `resource "${sdrs ? 'huaweicloud_sdrs_drill' : 'huaweicloud_vpc'}" "r${i}" {`,
          `  name         = "drill-${i} \\"quoted\\" {brace}"`,
          `  group_id     = "${PG}"`,
          `  drill_vpc_id = "${VPC}"`,
          `  description  = "${'lorem ipsum '.repeat(12)}"`,
          '  tags = {',
          `    owner = "team-${i}"`,
          '    env   = "prod"',
          '  }',
          '  notes = <<-EOT',
          `    ${'x { y } "z" '.repeat(6)}`,
          '    EOT',
          '  timeouts {',
          '    create = "10m"',
          '  }',
          '}',
          '',
        );
      }
      const text = parts.join('\n');
      assert.ok(text.length > 2_000_000, `${text.length}`);
      // A pass per block would run into mocha's timeout; the time is in bench/text.ts.
      const blocks = parseSdrsBlocks(text);
      const checks = sdrsIdReferences(blocks);
      assert.equal(blocks.length, 2500);
      assert.equal(checks.length, 5000);
    });
  });
});
