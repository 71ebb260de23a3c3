#!/usr/bin/env node
// The `bytescope` command as npm links it (node_modules/.bin/bytescope, what `npx bytescope` runs). This file is
// committed, not built: npm links a package's bin when it installs the package, before `prepare` builds dist/,
// and makes no link to a file that does not exist yet. It only starts the bundle (the repository's scripts/bundle.js).
try {
  await import('../dist/bundle/bin.js');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('/dist/bundle/bin.js')) throw e;
  process.stderr.write('bytescope: not built yet: run npm run build at the root of the repository\n');
  process.exitCode = 1;
}
