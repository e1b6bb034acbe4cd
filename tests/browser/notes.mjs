#!/usr/bin/env node
// A fact's controls and note markers in a real browser (issues 13 and 20): sizes on a phone,
// the labelled "引用" control (one step: copy on a desktop, the system share sheet on a
// phone, and a menu with 复制引用 and 建议更正), and what a tap, a hover and keyboard focus
// show for a note marker.
//
//   node tests/browser/notes.mjs <site_dir> <page.html> <marked_site_dir>
//
// <marked_site_dir>: a build where a fact of <page.html> cites another source than the page
// (only such facts carry note markers).  Prints {"targets", "share", "menu", "copy", "tap",
// "hover", "focus", "more", "first_screen", "external_requests"}.

import fs from 'node:fs';
import { serveDir, launchBrowser, recordExternalRequests, fail } from './lib.mjs';

const [site, name, markedSite] = process.argv.slice(2);
if (!site || !name || !markedSite || !fs.existsSync(site) || !fs.existsSync(markedSite)) {
  fail('usage: node tests/browser/notes.mjs <site_dir> <page.html> <marked_site_dir>');
}
const server = await serveDir(site);
const marked = await serveDir(markedSite);
const browser = await launchBrowser();
const size = async (what, locator) => {
  const box = await locator.boundingBox();
  return { what, width: box ? box.width : 0, height: box ? box.height : 0 };
};
try {
  // --- a phone: touch targets, the share sheet, the menu ---------------------------------
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const external = await recordExternalRequests(phone);
  // Headless Chromium has no share sheet: record what the page would hand to it.
  await phone.addInitScript(() => {
    window.__qaShared = [];
    Object.defineProperty(navigator, 'share', { configurable: true,
      value: (data) => { window.__qaShared.push(data); return Promise.resolve(); } });
  });
  const page = await phone.newPage();
  await page.goto(`${server.url}/${name}`, { waitUntil: 'load' });
  const fact = page.locator('.qa-inline-fact').first();
  const cite = fact.locator('a.qa-menu__ref');
  const targets = [await size('cite control', cite)];
  const label = (await cite.textContent()).trim();
  const menuPop = fact.locator('.qa-menu__pop');
  const menuBefore = await menuPop.isVisible();
  await cite.tap();
  await page.waitForTimeout(200);
  const shared = await page.evaluate(() => window.__qaShared);
  const share = { label, calls: shared.length, text: shared[0] ? shared[0].text : '', url: shared[0] ? shared[0].url : '',
                  id: await fact.getAttribute('id') };
  const menu = { hidden_before: !menuBefore, visible_after: await menuPop.isVisible(),
                 items: await menuPop.locator('.qa-menu__item').allTextContents() };
  for (const item of await menuPop.locator('a.qa-menu__item').all()) targets.push(await size(`menu: ${(await item.textContent()).trim()}`, item));
  await page.keyboard.press('Escape');
  menu.closed_by_escape = !(await menuPop.isVisible());
  // A listed fact's quiet control (the home page's headline): big enough, holds the names.
  await page.goto(`${server.url}/index.html`, { waitUntil: 'load' });
  const listed = page.locator('.qa-fact').first();
  targets.push(await size('more control', listed.locator('summary.qa-fact__toggle')));
  await listed.locator('summary.qa-fact__toggle').tap();
  targets.push(await size('listed fact: copy citation', listed.locator('a.qa-fact__anchor')));
  const more = { mentions: await listed.locator('.qa-fact__mentions a').count(),
                 anchor_label: (await listed.locator('a.qa-fact__anchor').textContent()).trim() };
  // The home page's first screen on a 390×844 phone: the headline result and the lead figures.
  const bottoms = await page.$$eval('.qa-facts[data-topic="headline"] .qa-fact, .qa-cards--lead .qa-card',
    (els) => els.map((e) => e.getBoundingClientRect().bottom + window.scrollY));
  const first_screen = { count: bottoms.length, lowest: Math.max(...bottoms), viewport: 844 };
  await phone.close();

  // --- a desktop: "引用" copies the citation (localhost is a secure context) ---------------
  const copier = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await copier.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const cpage = await copier.newPage();
  await cpage.goto(`${server.url}/${name}`, { waitUntil: 'load' });
  const cfact = cpage.locator('.qa-inline-fact').first();
  await cfact.locator('a.qa-menu__ref').click();
  await cpage.waitForTimeout(300);
  const copy = { text: await cpage.evaluate(() => navigator.clipboard.readText()), id: await cfact.getAttribute('id'),
                 label: await cfact.locator('a.qa-menu__ref').getAttribute('data-copied'),
                 menu_open: await cfact.locator('.qa-menu__pop').isVisible(),
                 today: await cpage.evaluate(() => new Date().toISOString().slice(0, 10)) };
  await copier.close();

  // --- note markers, where a fact cites another source ---------------------------------
  const mphone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const markedExternal = await recordExternalRequests(mphone);
  const mpage = await mphone.newPage();
  await mpage.goto(`${marked.url}/${name}`, { waitUntil: 'load' });
  const note = mpage.locator('.qa-note').first();
  targets.push(await size('note marker', note.locator('a.qa-note__ref')));
  const pop = note.locator('.qa-note__pop');
  const before = await pop.isVisible();
  await note.locator('a.qa-note__ref').tap();
  const tap = { markers: await mpage.locator('.qa-note').count(), hidden_before: !before, visible_after: await pop.isVisible(),
                hash: await mpage.evaluate(() => location.hash), text: await pop.textContent() };
  await mpage.keyboard.press('Escape');
  tap.closed_by_escape = !(await pop.isVisible());
  await mphone.close();
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const dpage = await desk.newPage();
  await dpage.goto(`${marked.url}/${name}`, { waitUntil: 'load' });
  const dnote = dpage.locator('.qa-note').first();
  await dnote.locator('a.qa-note__ref').hover();
  const hover = { visible: await dnote.locator('.qa-note__pop').isVisible() };
  await dpage.mouse.move(0, 0);
  await dnote.locator('a.qa-note__ref').focus();
  const focus = { visible: await dnote.locator('.qa-note__pop').isVisible() };
  await desk.close();
  process.stdout.write(JSON.stringify({ targets, share, menu, copy, tap, hover, focus, more, first_screen,
                                        external_requests: [...external, ...markedExternal] }) + '\n');
} catch (error) {
  fail(`notes run failed: ${error.message}`);
} finally {
  await browser.close();
  await server.close();
  await marked.close();
}
