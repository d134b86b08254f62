// The battery's figures. Each suite adds what it checked; a root-level `after` hook (registered
// once, when the first battery file loads) prints them at the end of the run.
export const tally = {
  faultRows: 0,
  faultRowsPassed: 0,
  hostileInputs: 0,
  hostileInputsRefused: 0,
  timeScenarios: 0,
  keyringScenarios: 0,
  canaries: 0,
  canaryPlaces: 0,
  canaryChecks: 0,
  canaryHits: 0,
  messagesFuzzed: 0,
  fuzzRejected: 0,
  fuzzRefused: 0,
  fuzzSent: 0,
};

export function batteryReport(): string[] {
  const t = tally;
  return [
    `battery: ${t.faultRows} fault rows (${t.faultRowsPassed} passed), ${t.hostileInputs} hostile inputs (${t.hostileInputsRefused} refused before any network call), ${t.timeScenarios} time scenarios, ${t.keyringScenarios} keyring scenarios`,
    `battery: ${t.canaries} canaries × ${t.canaryPlaces} places checked (${t.canaryChecks} scans, ${t.canaryHits} hits)`,
    `battery: ${t.messagesFuzzed} webview messages fuzzed (${t.fuzzRejected} rejected by the validator, ${t.fuzzRefused} refused by the origin and header rules, ${t.fuzzSent} sent)`,
  ];
}

after(function batteryFigures() {
  if (tally.faultRows + tally.hostileInputs + tally.messagesFuzzed + tally.canaryChecks === 0) return;
  for (const line of batteryReport()) console.log(line);
});
