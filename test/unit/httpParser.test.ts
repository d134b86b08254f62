// The `.http` parser (src/httpFiles/httpParser.ts) on a corpus written from JetBrains' "HTTP request
// in editor" specification and REST Client / httpYac style files (test/unit/fixtures/http), and on
// hostile input: it never throws, and a malformed request gives a diagnostic on its own line.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintHttpFile } from '../../src/httpFiles/httpLint';
import { sendOrder } from '../../src/httpFiles/httpRequestOrder';
import { fileVariableMap } from '../../src/httpFiles/httpVariables';
import { sources } from './httpVariables.test';
import { parseHttpFile, requestAtLine } from '../../src/httpFiles/httpParser';
import { repoRoot } from '../harness/paths';

function fixture(name: string): string {
  return fs.readFileSync(path.join(repoRoot, 'test', 'unit', 'fixtures', 'http', name), 'utf8');
}

describe('.http parser', () => {
  describe('the specification corpus', () => {
    const parsed = parseHttpFile(fixture('jetbrains-spec.http'));

    it('finds every request, with its ### title, and no problem', () => {
      assert.deepEqual(
        parsed.requests.map((r) => [r.title, r.method, r.url]),
        [
          ['Simple GET with a version (spec: request-line = [method SP] request-target [SP http-version])', 'GET', 'https://example.com/api/get'],
          ['No method: GET by default', 'GET', 'https://example.com/api/default'],
          ['Query continuation lines', 'GET', 'https://example.com/api/search?q=cinema&page=2'],
          ['POST with an inline JSON body', 'POST', 'https://example.com/api/post'],
          ['Body from a file', 'POST', 'https://example.com/api/upload'],
          ['With a response handler that is not body', 'GET', 'https://example.com/api/handler'],
        ],
      );
      assert.deepEqual(parsed.diagnostics, []);
    });

    it('reads the HTTP version, headers and where each request line is', () => {
      const [first] = parsed.requests;
      assert.equal(first.httpVersion, 'HTTP/1.1');
      assert.deepEqual(first.headers, [{ name: 'Accept', value: 'application/json', line: 2 }]);
      assert.equal(first.requestLine, 1);
      assert.equal(parsed.requests[3].requestLine, 15, 'comments before the request line are skipped');
    });

    it('reads an inline body exactly, and a body file as a path', () => {
      assert.deepEqual(parsed.requests[3].body, { kind: 'inline', text: '{\n  "id": 999,\n  "value": "content"\n}', startLine: 18 });
      assert.deepEqual(parsed.requests[4].body, { kind: 'file', path: './body.json', line: 27 });
    });

    it('leaves a response handler out of the body', () => {
      assert.equal(parsed.requests[5].body, undefined);
    });
  });

  describe('a REST Client / httpYac style file', () => {
    const parsed = parseHttpFile(fixture('rest-client.rest'));

    it('reads file variables, names and metadata', () => {
      assert.deepEqual(
        parsed.variables.map((v) => [v.name, v.value, v.line]),
        [
          ['host', '{{mxApi}}', 0],
          ['chain', 'd90b9017-1abd-e711-80c2-000d3ad0511b', 1],
        ],
      );
      assert.deepEqual(
        parsed.requests.map((r) => r.name),
        ['chains', 'sites'],
      );
      assert.deepEqual(parsed.requests[1].metadata.map((m) => [m.key, m.value]), [
        ['name', 'sites'],
        ['note', 'checks the sites of one chain'],
      ]);
    });

    it('keeps `{{…}}` unresolved and assertions out of headers and body', () => {
      const [chains, sites] = parsed.requests;
      assert.equal(chains.url, '{{host}}/mxs/reference-data/v1/cinema-chains');
      assert.deepEqual(chains.headers.map((h) => h.name), ['Authorization', 'MX-Api-Client-Secret']);
      assert.deepEqual(sites.headers.map((h) => h.name), ['X-Request-Id']);
      assert.equal(sites.body, undefined);
      assert.deepEqual(parsed.diagnostics, []);
    });

    it('finds the request at a line, and none between files blocks', () => {
      assert.equal(requestAtLine(parsed, 5)?.name, 'chains');
      assert.equal(requestAtLine(parsed, 12)?.name, 'sites');
      assert.equal(requestAtLine(parsed, 9)?.name, 'sites', 'the ### line belongs to the request below it');
    });
  });

  describe('malformed input', () => {
    const parsed = parseHttpFile(fixture('malformed.http'));

    it('a lone word is not taken for a URL: it is an error at its line (it would be sent as a GET of itself)', () => {
      const lone = parseHttpFile('FOO\n\n###\nsites.example\n\n###\n{{mxApi}}/x\n\n###\n/mxs/x\n\n###\nhttps://example.com/a\n');
      assert.deepEqual(
        lone.diagnostics.map((d) => [d.line, d.severity, d.startChar, d.endChar]),
        [
          [0, 'error', 0, 3],
          [3, 'error', 0, 13],
        ],
      );
      assert.match(lone.diagnostics[0].message, /^"FOO" is not a URL: write a path on the API/);
    });

    it('reports each problem on its own line and keeps the requests it can read', () => {
      assert.deepEqual(
        parsed.diagnostics.map((d) => [d.line, d.severity, d.message]),
        [
          [2, 'error', 'Expected a header "Name: value" (or a blank line before the body).'],
          [6, 'error', 'Unknown HTTP method "FETCH".'],
          [12, 'warning', 'Methods are written in upper case: POST.'],
        ],
      );
      assert.deepEqual(
        parsed.requests.map((r) => [r.method, r.url]),
        [
          ['GET', 'https://example.com/a'],
          ['FETCH', 'https://example.com/b'],
          ['POST', 'https://example.com/c'],
        ],
      );
      assert.deepEqual(parsed.requests[0].headers.map((h) => h.name), ['Accept']);
      assert.equal(parsed.diagnostics[1].startChar, 0);
      assert.equal(parsed.diagnostics[1].endChar, 5);
    });

    it('never throws on hostile text', () => {
      const samples = ['', '###', '\n\n\n', '### only a title', '@x =', 'GET', '   ?a=1', '< ./x', '\u0000\uFFFF', 'GET x\n\n< ', '#'.repeat(10_000), 'a:b\r\n\r\n'];
      let seed = 7;
      const chars = ['#', '/', '@', '=', ' ', '\n', '\r\n', '?', '&', '<', '>', '{', '}', '%', ':', 'G', 'E', 'T', 'x', '\t'];
      for (let i = 0; i < 2000; i++) {
        let text = '';
        for (let j = 0; j < 60; j++) {
          seed = (seed * 1103515245 + 12345) % 2147483648;
          text += chars[seed % chars.length];
        }
        samples.push(text);
      }
      for (const sample of samples) {
        const parsed = parseHttpFile(sample);
        for (const r of parsed.requests) assert.ok(r.startLine <= r.requestLine && r.requestLine <= r.endLine, JSON.stringify(sample));
      }
    });

    it('handles CRLF files like LF files', () => {
      const lf = parseHttpFile(fixture('rest-client.rest'));
      const crlf = parseHttpFile(fixture('rest-client.rest').replace(/\n/g, '\r\n'));
      assert.deepEqual(crlf, lf);
    });
  });
});

describe('the README example .http file', () => {
  it('is the file the e2e test sends, word for word, and parses without a problem', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const block = /```http\n([\s\S]*?)```/.exec(readme);
    assert.ok(block, 'the README has an http code block');
    assert.equal(block[1], fixture('readme-example.http'));
    const parsed = parseHttpFile(block[1]);
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(parsed.requests.map((r) => r.title), ['Cinema chains', 'Sites of a chain', 'Films of a chain', 'Showtimes at a site']);
  });
});

describe('the README order-flow example', () => {
  it('is the fixture the e2e test runs, word for word, without a problem, and its requests chain in order', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const block = [...readme.matchAll(/```http\n([\s\S]*?)```/g)].map((m) => m[1]).find((text) => text.includes('# @name createOrder'));
    assert.ok(block, 'the README has the order-flow block');
    assert.equal(block, fixture('order-flow.http'));
    const parsed = parseHttpFile(block);
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(lintHttpFile(block, parsed, sources({ file: fileVariableMap(parsed.variables) })), [], 'no problem in the editor');
    assert.deepEqual(parsed.requests.map((r) => [r.name, r.method, r.assertions.length]), [['createOrder', 'POST', 6], ['setCustomer', 'POST', 1], ['getOrder', 'GET', 5]]);
    assert.deepEqual(sendOrder(parsed, [2], () => false), { ok: true, order: [0, 1, 2] }, 'reading the order alone creates it and sets its customer first');
    assert.deepEqual(sendOrder(parsed, [0, 1, 2], () => true), { ok: true, order: [0, 1, 2] });
  });
});
