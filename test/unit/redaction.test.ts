import * as assert from 'node:assert/strict';
import { maskHeaderValue, REDACTED, redactHeaders, redactPatterns, Redactor, safeError } from '../../src/mx/redaction';
import { isCredentialHeader } from '../../src/mx/requestRules';

// Canaries: distinctive values that must never survive, even partly.
const PASSWORD = 'Pa$$w0rd&canary=9f3e+x y"z';
const CLIENT_SECRET = 'QWERT-ASDFG-ZXCVB-POIUY-LKJHG';
const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJlLWNhbmFyeQ';

/** No run of `minLength` characters of the canary may remain anywhere in the text. */
function assertNoFragment(text: string, canary: string, minLength = 6): void {
  for (let start = 0; start + minLength <= canary.length; start++) {
    const fragment = canary.slice(start, start + minLength);
    assert.ok(!text.includes(fragment), `fragment ${JSON.stringify(fragment)} of a secret survived in: ${text}`);
  }
}

describe('redaction', () => {
  describe('Redactor with known secrets', () => {
    it('replaces every occurrence of a known secret', () => {
      const redactor = new Redactor();
      redactor.add(CLIENT_SECRET);
      const out = redactor.redact(`first ${CLIENT_SECRET} then ${CLIENT_SECRET}.`);
      assert.equal(out, `first ${REDACTED} then ${REDACTED}.`);
    });

    it('catches URL-encoded, form-encoded and JSON-escaped forms of a secret', () => {
      const redactor = new Redactor();
      redactor.add(PASSWORD);
      const form = new URLSearchParams({ grant_type: 'password', username: 'bob', pw: PASSWORD }).toString();
      const samples = [
        `raw ${PASSWORD}`,
        `uri ${encodeURIComponent(PASSWORD)}`,
        `form ${form}`,
        `json ${JSON.stringify({ note: PASSWORD })}`,
      ];
      for (const sample of samples) {
        assertNoFragment(redactor.redact(sample), PASSWORD);
      }
      assert.match(redactor.redact(form), /username=bob/);
    });

    it('removes a secret that contains another whole, longest first', () => {
      const redactor = new Redactor();
      redactor.add('abcd');
      redactor.add('abcdefghij');
      assert.equal(redactor.redact('x abcdefghij y abcd z'), `x ${REDACTED} y ${REDACTED} z`);
    });

    it('ignores values shorter than 4 characters and empty input', () => {
      const redactor = new Redactor();
      redactor.add('abc');
      redactor.add('');
      redactor.add(undefined);
      assert.equal(redactor.size, 0);
      assert.equal(redactor.redact('abc abc'), 'abc abc');
    });

    it('forgets removed secrets and can be cleared', () => {
      const redactor = new Redactor();
      redactor.add('secret-one');
      redactor.add('secret-two');
      redactor.remove('secret-one');
      assert.equal(redactor.redact('secret-one secret-two'), `secret-one ${REDACTED}`);
      redactor.clear();
      assert.equal(redactor.redact('secret-two'), 'secret-two');
    });

    it('treats regular-expression characters in secrets literally', () => {
      const redactor = new Redactor();
      redactor.add('a.b*c(d)[e]$^');
      assert.equal(redactor.redact('a.b*c(d)[e]$^ and aXbbbcd'), `${REDACTED} and aXbbbcd`);
    });

    it('supports a custom mask', () => {
      const redactor = new Redactor({ mask: '***' });
      redactor.add(CLIENT_SECRET);
      assert.equal(redactor.redact(`s=${CLIENT_SECRET}`), 's=***');
      assert.equal(redactor.redact('Authorization: Bearer abcdefgh'), 'Authorization: Bearer ***');
    });

    it('is idempotent', () => {
      const redactor = new Redactor();
      redactor.add(CLIENT_SECRET);
      const once = redactor.redact(`Authorization: Bearer ${ACCESS_TOKEN} MX-Api-Client-Secret: ${CLIENT_SECRET}`);
      assert.equal(redactor.redact(once), once);
    });
  });

  describe('pattern redaction (secrets nobody registered)', () => {
    it('masks bearer tokens in Authorization headers and elsewhere', () => {
      assert.equal(redactPatterns(`Authorization: Bearer ${ACCESS_TOKEN}`), `Authorization: Bearer ${REDACTED}`);
      assert.equal(redactPatterns(`authorization:bearer ${ACCESS_TOKEN}`), `authorization:bearer ${REDACTED}`);
      assert.equal(redactPatterns(`curl -H 'Authorization: Bearer ${ACCESS_TOKEN}' https://x`), `curl -H 'Authorization: Bearer ${REDACTED}' https://x`);
      assert.equal(redactPatterns(`token was Bearer ${ACCESS_TOKEN}`), `token was Bearer ${REDACTED}`);
      assert.equal(redactPatterns('Authorization: Basic dXNlcjpwYXNz'), `Authorization: Basic ${REDACTED}`);
      assert.equal(redactPatterns('Authorization: opaque-value-123'), `Authorization: ${REDACTED}`);
    });

    it('masks the MX client secret header in any case and shape', () => {
      for (const sample of [
        `MX-Api-Client-Secret: ${CLIENT_SECRET}`,
        `mx-api-client-secret:${CLIENT_SECRET}`,
        `MX-API-CLIENT-SECRET = ${CLIENT_SECRET}`,
        JSON.stringify({ 'Mx-Api-Client-Secret': CLIENT_SECRET }),
        JSON.stringify([['MX-Api-Client-Secret', CLIENT_SECRET]]),
        JSON.stringify([{ name: 'MX-Api-Client-Secret', value: CLIENT_SECRET }]),
      ]) {
        const out = redactPatterns(sample);
        assertNoFragment(out, CLIENT_SECRET);
        assert.ok(out.includes(REDACTED), out);
      }
    });

    it('masks credentials in header tuples as JSON', () => {
      const out = redactPatterns(JSON.stringify([['Authorization', `Bearer ${ACCESS_TOKEN}`]]));
      assertNoFragment(out, ACCESS_TOKEN);
    });

    it('masks form and query fields but keeps harmless ones', () => {
      const out = redactPatterns(
        'grant_type=password&username=bob&password=hunter22&client_id=mx-explorer&client_secret=s3cr3t!!',
      );
      assert.equal(out, `grant_type=password&username=bob&password=${REDACTED}&client_id=mx-explorer&client_secret=${REDACTED}`);
      assert.equal(
        redactPatterns('GET /cb?access_token=tok123456&state=ok&refresh_token=ref987654 HTTP/1.1'),
        `GET /cb?access_token=${REDACTED}&state=ok&refresh_token=${REDACTED} HTTP/1.1`,
      );
      assert.equal(redactPatterns('PASSWORD=abc123 next'), `PASSWORD=${REDACTED} next`);
    });

    it('masks JSON credential fields, including escaped quotes', () => {
      const body = JSON.stringify({
        token_type: 'Bearer',
        access_token: ACCESS_TOKEN,
        expires_in: 43200,
        refresh_token: 'ref-"quoted"-token',
        password: 'p"w\\d',
        accessToken: 'camel-case-token',
      });
      const out = redactPatterns(body);
      assert.equal(
        out,
        `{"token_type":"Bearer","access_token":"${REDACTED}","expires_in":43200,"refresh_token":"${REDACTED}","password":"${REDACTED}","accessToken":"${REDACTED}"}`,
      );
      assert.equal(redactPatterns('{ "access_token" : "abc123def" }'), `{ "access_token" : "${REDACTED}" }`);
    });

    it('leaves ordinary text alone', () => {
      const text = 'GET /mxs/reference-data/v1/cinema-chains 200 in 35 ms, grant_type=password, token_type Bearer.';
      assert.equal(redactPatterns(text), text);
    });
  });

  describe('headers', () => {
    it('knows the credential headers by name, in any case', () => {
      assert.equal(isCredentialHeader('Authorization'), true);
      assert.equal(isCredentialHeader('MX-API-CLIENT-SECRET'), true);
      assert.equal(isCredentialHeader('mx-api-client-secret'), true);
      assert.equal(isCredentialHeader('Accept'), false);
    });

    it('masks values but keeps the scheme', () => {
      assert.equal(maskHeaderValue('authorization', `Bearer ${ACCESS_TOKEN}`), `Bearer ${REDACTED}`);
      assert.equal(maskHeaderValue('MX-Api-Client-Secret', CLIENT_SECRET), REDACTED);
      assert.equal(maskHeaderValue('Accept', 'application/json'), 'application/json');
    });

    it('redacts every header shape, returning the same shape', () => {
      const tuples = redactHeaders([
        ['Authorization', `Bearer ${ACCESS_TOKEN}`],
        ['mx-api-client-secret', CLIENT_SECRET],
        ['Accept', 'application/json'],
      ] as Array<[string, string]>);
      assert.deepEqual(tuples, [
        ['Authorization', `Bearer ${REDACTED}`],
        ['mx-api-client-secret', REDACTED],
        ['Accept', 'application/json'],
      ]);
      const named = redactHeaders([{ name: 'MX-Api-Client-Secret', value: CLIENT_SECRET }, { name: 'X-Trace', value: '1' }]);
      assert.deepEqual(named, [{ name: 'MX-Api-Client-Secret', value: REDACTED }, { name: 'X-Trace', value: '1' }]);
      const record = redactHeaders({ AUTHORIZATION: `Bearer ${ACCESS_TOKEN}`, 'set-cookie': ['a=1', 'b=2'], accept: '*/*' });
      assert.deepEqual(record, { AUTHORIZATION: `Bearer ${REDACTED}`, 'set-cookie': ['a=1', 'b=2'], accept: '*/*' });
    });

    it('does not modify the input', () => {
      const input: Array<[string, string]> = [['Authorization', 'Bearer abcdefg']];
      redactHeaders(input);
      assert.deepEqual(input, [['Authorization', 'Bearer abcdefg']]);
    });

    it('scrubs known secrets from other headers through a Redactor', () => {
      const redactor = new Redactor();
      redactor.add(CLIENT_SECRET);
      const out = redactor.redactHeaders([['X-Debug', `echo ${CLIENT_SECRET}`]] as Array<[string, string]>);
      assert.deepEqual(out, [['X-Debug', `echo ${REDACTED}`]]);
    });
  });

  describe('safeError', () => {
    it('describes errors with code and cause, without secrets', () => {
      const redactor = new Redactor();
      redactor.add(PASSWORD);
      const cause = Object.assign(new Error(`connect failed for ${PASSWORD}`), { code: 'ECONNREFUSED' });
      const err = new Error(`request to https://x/connect/token?password=${encodeURIComponent(PASSWORD)} failed`, { cause });
      const text = safeError(err, redactor);
      assert.match(text, /^Error: request to https:\/\/x\/connect\/token\?password=/);
      assert.match(text, /caused by Error: connect failed for ‹redacted› \[ECONNREFUSED\]/);
      assertNoFragment(text, PASSWORD);
    });

    it('uses patterns when no Redactor is given', () => {
      const text = safeError(new Error(`Authorization: Bearer ${ACCESS_TOKEN}`));
      assertNoFragment(text, ACCESS_TOKEN);
      assert.equal(new Redactor().safeError('plain'), 'plain');
    });

    it('handles anything thrown without throwing', () => {
      assert.equal(safeError(undefined), 'undefined');
      assert.equal(safeError(42), '42');
      assert.equal(safeError(`password=${'x'.repeat(10)}`), `password=${REDACTED}`);
      assert.equal(safeError({ access_token: 'abcdef123' }), `{"access_token":"${REDACTED}"}`);
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      assert.equal(safeError(circular), '[object Object]');
      const hostile = {
        get message(): string {
          throw new Error('no');
        },
      };
      Object.setPrototypeOf(hostile, Error.prototype);
      assert.equal(typeof safeError(hostile), 'string');
    });

    it('bounds the length and stops at a cause cycle', () => {
      assert.ok(safeError(new Error('x'.repeat(10_000))).length <= 4001);
      const a = new Error('a');
      const b = new Error('b', { cause: a });
      (a as { cause?: unknown }).cause = b;
      assert.equal(typeof safeError(a), 'string');
    });
  });
});
