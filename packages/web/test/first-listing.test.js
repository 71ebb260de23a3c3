// The explorer's first listing comes from the build while the runtime loads (src/explorer/first-listing.ts,
// scripts/make-first-listings.js), in headless Chromium: for every version, with the runtime's files held back, the
// page shows the listing of the default example compiled at build time by that version's CPython, marked as the
// build's (`#listing[data-from-build]`, no runtime update yet); once the runtime is let through, its own listing
// replaces it, and is the same. A page opened with other source shows no build listing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { DEFAULT_PYTHON_VERSION, PYTHON_VERSIONS } from '@bytescope/core';
import { WEB_DIR, startBrowser, updates, waitForUpdate } from './browser.js';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { await env?.close(); });

/** A share link's fragment (share.ts `encodeState`): source and version. */
function link(source, version) {
  const b64 = deflateRawSync(Buffer.from(JSON.stringify({ source, version }))).toString('base64');
  return '#s=' + b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A page whose Pyodide files wait until `release()`; `first-listing.json` answered as `firstListing` says. */
async function heldPage() {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  let release;
  const released = new Promise((r) => { release = r; });
  await context.route(/\/pyodide\//, async (route) => { await released; await route.continue(); });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, release, errors };
}

/**
 * The listing as the page shows it: every code object's title and rows. Read after two frames: a code object's
 * section has `content-visibility: auto`, and until a frame has laid it out its text is not in `innerText` (a busy
 * machine can read it before that: '').
 */
const listingText = (page) => page.evaluate(async () => {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return document.getElementById('listing').innerText;
});

// The source the build compiled (the default example, as written by vite.config.ts).
const built = JSON.parse(readFileSync(path.join(WEB_DIR, 'dist/first-listing.json'), 'utf8'));

test('the build compiled the default example with every version', () => {
  assert.deepEqual(Object.keys(built.versions), PYTHON_VERSIONS);
  for (const v of PYTHON_VERSIONS) assert.match(built.versions[v].fullVersion, new RegExp(`^${v.replace('.', '\\.')}\\.`));
});

for (const version of PYTHON_VERSIONS) {
  test(`${version}: the build's listing is shown before the runtime is ready, and equals the runtime's`, { timeout: 240_000 }, async () => {
    const { context, page, release, errors } = await heldPage();
    try {
      await page.goto(env.server.url + (version === DEFAULT_PYTHON_VERSION ? '' : link(built.source, version)));
      await page.waitForSelector('#listing[data-from-build] .ins[data-offset]', { timeout: 60_000 });
      assert.equal(await updates(page), 0, 'no listing from the runtime yet');
      assert.match(await page.textContent('#runtime-status'), new RegExp(`CPython ${built.versions[version].fullVersion.replace(/\./g, '\\.')}: listing compiled when this page was built`));
      const fromBuild = await listingText(page);
      assert.ok(fromBuild.includes('LOAD_'), fromBuild.slice(0, 200));
      release();
      await waitForUpdate(page, 0, 200_000);
      assert.equal(await page.getAttribute('#listing', 'data-from-build'), null, 'the mark goes with the runtime listing');
      assert.doesNotMatch(await page.textContent('#runtime-status'), /built/);
      assert.equal(await listingText(page), fromBuild);
      assert.deepEqual(errors, []);
    } finally {
      release();
      await context.close();
    }
  });
}

test('other source than the build compiled: no listing until the runtime has compiled it', { timeout: 240_000 }, async () => {
  const { context, page, release } = await heldPage();
  try {
    const answered = page.waitForResponse((r) => r.url().endsWith('/first-listing.json'));
    await page.goto(env.server.url + link(built.source + 'x = 1\n', DEFAULT_PYTHON_VERSION));
    await answered;
    await page.waitForTimeout(1000);
    assert.equal(await page.$('#listing .ins[data-offset]'), null);
    assert.equal(await page.getAttribute('#listing', 'data-from-build'), null);
    release();
    await waitForUpdate(page, 0, 200_000);
    assert.ok((await listingText(page)).includes('STORE_NAME'));
  } finally {
    release();
    await context.close();
  }
});
