#!/usr/bin/env node
// Note markers and fact controls on a phone-sized page (issue 13): their sizes, and
// what a tap, a hover and keyboard focus show.
//
//   node tests/browser/notes.mjs <site_dir> <page.html>
//
// Prints {"targets": [{"what", "width", "height"}], "tap": {...}, "focus": {...},
//         "hover": {...}, "external_requests": [...]}.

import fs from 'node:fs';
import { serveDir, launchBrowser, recordExternalRequests, fail } from './lib.mjs';

const [site, name] = process.argv.slice(2);
if (!site || !name || !fs.existsSync(site)) fail('usage: node tests/browser/notes.mjs <site_dir> <page.html>');
const server = await serveDir(site);
const browser = await launchBrowser();
try {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const external = await recordExternalRequests(phone);
  const page = await phone.newPage();
  await page.goto(`${server.url}/${name}`, { waitUntil: 'load' });
  const size = async (what, locator) => {
    const box = await locator.boundingBox();
    return { what, width: box ? box.width : 0, height: box ? box.height : 0 };
  };
  const fact = page.locator('.qa-fact').first();
  const targets = [
    await size('note marker', fact.locator('a.qa-note__ref').first()),
    await size('more control', fact.locator('summary.qa-fact__toggle')),
  ];
  // Tap: the citation shows in place and the page does not jump to the notes list.
  const pop = fact.locator('.qa-note__pop').first();
  const before = { visible: await pop.isVisible() };
  await fact.locator('a.qa-note__ref').first().tap();
  const tap = { hidden_before: !before.visible, visible_after: await pop.isVisible(),
                hash: await page.evaluate(() => location.hash), text: await pop.textContent() };
  await page.keyboard.press('Escape');
  tap.closed_by_escape = !(await pop.isVisible());
  // The quiet control opens on tap and holds the permalink, itself big enough to hit.
  await fact.locator('summary.qa-fact__toggle').tap();
  targets.push(await size('permalink', fact.locator('a.qa-fact__anchor')));
  const more = { mentions: await fact.locator('.qa-fact__mentions a').count() };
  // The home page's first screen on a 390×844 phone: the headline result and the lead figures.
  await page.goto(`${server.url}/index.html`, { waitUntil: 'load' });
  const bottoms = await page.$$eval('.qa-facts[data-topic="headline"] .qa-fact, .qa-cards--lead .qa-card',
    (els) => els.map((e) => e.getBoundingClientRect().bottom + window.scrollY));
  const first_screen = { count: bottoms.length, lowest: Math.max(...bottoms), viewport: 844 };
  await phone.close();

  // The permalink copies a citation of the fact (the server is localhost: a secure context).
  const copier = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await copier.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const cpage = await copier.newPage();
  await cpage.goto(`${server.url}/${name}`, { waitUntil: 'load' });
  const cfact = cpage.locator('.qa-fact').first();
  await cfact.locator('summary.qa-fact__toggle').click();
  await cfact.locator('a.qa-fact__anchor').click();
  await cpage.waitForTimeout(300);
  const copied = await cpage.evaluate(() => navigator.clipboard.readText());
  const copy = { text: copied, id: await cfact.getAttribute('id'),
                 label: await cfact.locator('a.qa-fact__anchor').getAttribute('data-copied') };
  await copier.close();

  // Desktop: hover and keyboard focus show the citation.
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const dpage = await desk.newPage();
  await dpage.goto(`${server.url}/${name}`, { waitUntil: 'load' });
  const dfact = dpage.locator('.qa-fact').first();
  await dfact.locator('a.qa-note__ref').first().hover();
  const hover = { visible: await dfact.locator('.qa-note__pop').first().isVisible() };
  await dpage.mouse.move(0, 0);
  await dfact.locator('a.qa-note__ref').first().focus();
  const focus = { visible: await dfact.locator('.qa-note__pop').first().isVisible() };
  await desk.close();
  process.stdout.write(JSON.stringify({ targets, tap, more, hover, focus, copy, first_screen, external_requests: external }) + '\n');
} catch (error) {
  fail(`notes run failed: ${error.message}`);
} finally {
  await browser.close();
  await server.close();
}
