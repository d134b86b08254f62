import * as assert from 'node:assert/strict';
import { idleAbortControllers, returnAbortController, takeAbortController } from '../../src/mx/abortControllerPool';

describe('AbortController pool', () => {
  // Start each test from an empty pool, whatever earlier tests left in it.
  beforeEach(() => {
    while (idleAbortControllers() > 0) {
      takeAbortController().abort();
    }
  });

  it('hands back a controller whose exchange ended cleanly', () => {
    const first = takeAbortController();
    returnAbortController(first);
    assert.equal(idleAbortControllers(), 1);
    assert.equal(takeAbortController(), first);
    assert.equal(idleAbortControllers(), 0);
  });

  it('never reuses an aborted controller', () => {
    const aborted = takeAbortController();
    aborted.abort();
    returnAbortController(aborted);
    assert.equal(idleAbortControllers(), 0);
    const next = takeAbortController();
    assert.notEqual(next, aborted);
    assert.equal(next.signal.aborted, false);
  });

  it('never reuses a controller that someone still listens to', () => {
    const busy = takeAbortController();
    const listener = (): void => undefined;
    busy.signal.addEventListener('abort', listener);
    returnAbortController(busy);
    assert.equal(idleAbortControllers(), 0);
    busy.signal.removeEventListener('abort', listener);
    returnAbortController(busy);
    assert.equal(idleAbortControllers(), 1);
  });

  it('keeps at most 32 idle controllers', () => {
    const many = Array.from({ length: 50 }, () => takeAbortController());
    for (const controller of many) {
      returnAbortController(controller);
    }
    assert.equal(idleAbortControllers(), 32);
  });
});
