import * as assert from 'node:assert/strict';
import type { ResponseSummary } from '../../src/protocol';
import { RecentAnswers } from '../../src/webview/recentAnswers';

describe('webview RecentAnswers (history entries restore their answer)', () => {
  const answer = (responseId: string) => ({ responseId }) as unknown as ResponseSummary;

  it('keeps the last five answers, as many as the host keeps explorable', () => {
    const recent = new RecentAnswers();
    for (let i = 1; i <= 7; i++) recent.add(answer(`r${i}`));
    assert.deepEqual(
      ['r1', 'r2', 'r3', 'r7'].map((id) => recent.get(id)?.responseId),
      [undefined, undefined, 'r3', 'r7'],
    );
  });

  it('an answer shown again counts as the newest', () => {
    const recent = new RecentAnswers();
    for (let i = 1; i <= 5; i++) recent.add(answer(`r${i}`));
    recent.add(answer('r1'));
    recent.add(answer('r6'));
    assert.equal(recent.get('r1')?.responseId, 'r1');
    assert.equal(recent.get('r2'), undefined);
  });
});
