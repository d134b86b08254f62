import * as assert from 'node:assert/strict';
import { Hold } from '../../src/base/hold';

describe('Hold', () => {
  it('is held while any hold is left, and tells its listeners once, when the last one ends', () => {
    const hold = new Hold();
    let told = 0;
    const unsubscribe = hold.onReleased(() => told++);
    assert.equal(hold.held, false);
    const first = hold.hold();
    const second = hold.hold();
    first();
    first();
    assert.equal(hold.held, true, 'releasing twice counts once');
    assert.equal(told, 0);
    second();
    assert.equal(hold.held, false);
    assert.equal(told, 1);
    unsubscribe();
    hold.hold()();
    assert.equal(told, 1, 'an unsubscribed listener hears nothing');
  });
});
