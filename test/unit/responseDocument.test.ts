import * as assert from 'node:assert/strict';
import { responseDocumentName } from '../../src/panel/responseDocument';

describe('responseDocumentName (Open in Editor)', () => {
  it('names the document after what was requested', () => {
    assert.equal(responseDocumentName('https://api.example/mxs/reference-data/v1/cinema-chains', true), 'cinema-chains.json');
    assert.equal(responseDocumentName('http://127.0.0.1:1/mxs/reference-data/v1/cinema-chains/d90b9017-1abd-e711-80c2-000d3ad0511b/sites?x=1', true), 'sites.json');
    assert.equal(responseDocumentName('https://api.example/mxs/reference-data/v1/showtimes/83bf2953-dc25-4d2b-fec3-08d8fef9d29d', true), 'showtime-83bf2953.json');
    assert.equal(responseDocumentName('https://api.example/oops', false), 'oops.txt');
  });

  it('falls back to "response" and keeps odd characters out of the name', () => {
    assert.equal(responseDocumentName('https://api.example/', true), 'response.json');
    assert.equal(responseDocumentName('not a url at all', true), 'not-a-url-at-all.json');
    assert.equal(responseDocumentName('https://api.example/a/..%2F..%2Fetc', false), 'etc.txt');
  });
});
