// Mocha's spec reporter plus the closing line CI reads: `<tier>: N passed, N failed`.
import * as Mocha from 'mocha';

const { Base, Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

class ClosingLineReporter extends Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    super(runner, options);
    const tier = (options.reporterOptions as { tier?: string } | undefined)?.tier ?? process.env.MX_TEST_TIER ?? 'tests';
    runner.once(EVENT_RUN_END, () => {
      const stats = runner.stats ?? { passes: 0, failures: 0 };
      // Spec registered its summary on the same event first, so this is the tier's last line.
      Base.consoleLog(`${tier}: ${stats.passes} passed, ${stats.failures} failed`);
    });
  }
}

export = ClosingLineReporter;
