import * as assert from 'node:assert/strict';
import { seatConfirmation } from '../../src/panel/seatConfirmation';

describe('seatConfirmation (the question before an order call)', () => {
  it('on the local sandbox: says so, and no "real seats"', () => {
    const text = seatConfirmation('Create Order', { name: 'Local sandbox', kind: 'custom', apiUrl: 'http://127.0.0.1:39161' });
    assert.match(text, /Local sandbox, a server on this machine \(127\.0\.0\.1:39161\)/);
    assert.ok(!/real seats/.test(text), text);
    assert.match(seatConfirmation('X', { name: 'Dev', kind: 'custom', apiUrl: 'http://localhost:8080' }), /on this machine/);
  });

  it('on Production: starts with PRODUCTION and warns about real seats', () => {
    const text = seatConfirmation('Create Order', { name: 'Production', kind: 'production', apiUrl: 'https://api.moviexchange.com' });
    assert.match(text, /^PRODUCTION: "Create Order" acts on real orders/);
    assert.match(text, /real seats/);
  });

  it('on Staging or a gateway: names it, and says staging reaches real cinema systems too', () => {
    assert.match(
      seatConfirmation('Create Order', { name: 'Staging', kind: 'staging', apiUrl: 'https://staging-api.moviexchange.com' }),
      /on Staging \(staging too reaches real cinema systems\) and may hold real seats/,
    );
    assert.match(seatConfirmation('Create Order', { name: 'Acme', kind: 'custom', apiUrl: 'https://mx.acme.example' }), /on Acme \(mx\.acme\.example\)/);
    assert.match(seatConfirmation('Create Order', undefined), /on MX/);
  });
});
