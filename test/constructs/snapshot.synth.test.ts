/** One snapshot per stack, asset hashes stripped by test/support/strip-asset-hashes.js. */
import { stackNames, template } from '../support/synthesized';

test.each(['LomashWoodDrPrimary', 'LomashWoodDrRecovery', 'LomashWoodDrRecoveryReplicas'])('%s template', (name) => {
  expect(stackNames()).toContain(name);
  expect(template(name)).toMatchSnapshot();
});
