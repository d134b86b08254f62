// Start-up loads only what it needs: in the real extension host, once MX Explorer is active and
// before any command ran, the module cache holds dist/extension.js and none of the feature
// bundles (mx, signIn, http, tools, panel), which load on first use (esbuild.mjs "bundles").
// A static import of feature code from start-up code would load its bundle here.
import * as assert from 'node:assert/strict';
import { activateExtension } from './helpers';
import { loadedBundles, startupBundles } from './startupBundles';

describe('start-up', () => {
  it('loads dist/extension.js and no feature bundle; the panel bundle loads on first use', async () => {
    assert.deepEqual(startupBundles(), ['dist/extension.js'], 'what the extension host had loaded of MX Explorer before any test ran');
    const api = await activateExtension();
    const outcome = await api.sendRequest({ method: 'GET', url: '/mxs/reference-data/v1/cinema-chains', query: [], headers: [], body: '' });
    assert.ok(!outcome.ok || outcome.summary.status > 0);
    assert.ok(loadedBundles().includes('dist/panel.js'), `after sendRequest: ${loadedBundles().join(', ')}`);
  });
});
