import * as assert from 'node:assert/strict';
import { decodeMxErrorBody, describeMxError, explainMxErrorCode, MX_STATUS_CAVEAT } from '../../src/mx/errors';

// The body recorded from MX staging for an unknown cinema chain (test/sandbox/fixtures/errors.json).
const RECORDED =
  '{"errorDescription":"Cinema chain [919b] not found for this account.","errorCode":40001,"errorCodeDescription":"The requested cinema chain cannot be found."}';

describe('MX errors', () => {
  describe('decodeMxErrorBody', () => {
    it('decodes the recorded shape from text', () => {
      assert.deepEqual(decodeMxErrorBody(RECORDED), {
        errorCode: 40001,
        errorDescription: 'Cinema chain [919b] not found for this account.',
        errorCodeDescription: 'The requested cinema chain cannot be found.',
      });
    });

    it('decodes already-parsed JSON and tolerates a BOM and whitespace', () => {
      assert.deepEqual(decodeMxErrorBody(JSON.parse(RECORDED)), decodeMxErrorBody(`\uFEFF  ${RECORDED}\n`));
    });

    it('accepts a code alone, a numeric string code and PascalCase fields', () => {
      assert.deepEqual(decodeMxErrorBody({ errorCode: 20001 }), { errorCode: 20001 });
      assert.deepEqual(decodeMxErrorBody({ errorCode: '41002', errorDescription: 'x' }), { errorCode: 41002, errorDescription: 'x' });
      assert.deepEqual(decodeMxErrorBody({ ErrorCode: 10002, ErrorCodeDescription: 'Authorisation Exception' }), {
        errorCode: 10002,
        errorCodeDescription: 'Authorisation Exception',
      });
    });

    it('drops description fields that are not text', () => {
      assert.deepEqual(decodeMxErrorBody({ errorCode: 40002, errorDescription: 7, errorCodeDescription: '  ' }), { errorCode: 40002 });
    });

    it('rejects everything else', () => {
      for (const body of [
        '',
        '   ',
        '<html><body>502 Bad Gateway</body></html>',
        '{"errorCode":40001',
        '[{"errorCode":40001}]',
        '{"error":"invalid_grant"}',
        '{"errorCode":"forty"}',
        '{"errorCode":-1}',
        '{"errorCode":1.5}',
        'null',
        '42',
        null,
        undefined,
        42,
        [],
        { errorDescription: 'no code' },
      ]) {
        assert.equal(decodeMxErrorBody(body), undefined, JSON.stringify(body));
      }
    });
  });

  describe('explainMxErrorCode', () => {
    const cases: Array<[number, string, number | undefined, boolean]> = [
      [10000, 'internal', 500, false],
      [19999, 'internal', 500, false],
      [20000, 'connectivity', 504, true],
      [29999, 'connectivity', 504, true],
      [30001, 'ticketingSystem', 502, false],
      [40001, 'businessRule', 400, false],
      [49999, 'businessRule', 400, false],
      [9999, 'unknown', undefined, false],
      [50000, 'unknown', undefined, false],
    ];
    for (const [code, category, status, retry] of cases) {
      it(`places ${code} in ${category}`, () => {
        const explanation = explainMxErrorCode(code);
        assert.equal(explanation.category, category);
        assert.equal(explanation.documentedStatus, status);
        assert.equal(explanation.retryLater, retry);
        assert.ok(explanation.meaning.length > 10);
      });
    }

    it('says what each range means', () => {
      assert.match(explainMxErrorCode(10003).meaning, /Internal MX error/);
      assert.match(explainMxErrorCode(20002).meaning, /retry later/);
      assert.match(explainMxErrorCode(30000).meaning, /ticketing system/);
      assert.match(explainMxErrorCode(41002).meaning, /Business rule/);
      assert.equal(explainMxErrorCode(41002).range, '40000–49999');
      assert.match(explainMxErrorCode(7).meaning, /Unknown MX error code 7/);
    });
  });

  describe('describeMxError', () => {
    it('combines the descriptions and the range meaning', () => {
      const text = describeMxError({ errorCode: 40002, errorCodeDescription: 'Site not found', errorDescription: 'Site [1] not found' }, 400);
      assert.equal(text, 'MX error 40002: Site not found. Site [1] not found. (Business rule violation (documented as HTTP 400): the request cannot succeed as sent.)');
    });

    it('mentions the recorded caveat when the status differs from the documented one', () => {
      const body = decodeMxErrorBody(RECORDED);
      assert.ok(body);
      const text = describeMxError(body, 404);
      assert.ok(text.includes('HTTP status was 404'));
      assert.ok(text.includes(MX_STATUS_CAVEAT));
      assert.ok(!describeMxError(body, 400).includes('HTTP status was'));
      assert.ok(!describeMxError({ errorCode: 1 }, 404).includes('HTTP status was'));
    });
  });
});
