// The suite's `test`: Playwright's, with guards every test gets without asking for it.
//
// No page is ever wider than its screen, and everything a finger taps is at least 44 × 44 px.
// Every page any test opens — in the default context or in one it makes with
// `browser.newContext` — is measured when it loads and once more when the test ends
// (client-side navigations fire no load event; `shot()` measures too). A page wider than its
// viewport, or a visible link, button, field, checkbox or summary smaller than 44 px, fails the
// test that opened it, naming the address, the element and its size.
const base = require("@playwright/test");
const { smallTargets } = require("./touch");

async function widths(page) {
  return page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth, location.pathname + location.search]);
}

const test = base.test.extend({
  noPageWiderThanItsScreen: [
    async ({ browser, context }, use) => {
      const found = [];
      const pending = new Set();
      const pages = new Set();
      const measure = (page) => {
        const p = widths(page)
          .then(async ([scroll, inner, where]) => {
            if (scroll > inner) found.push(`${where}: ${scroll} px wide on a ${inner} px screen`);
            for (const t of await smallTargets(page)) found.push(`${where}: ${t}`);
          })
          // A page that navigated on or closed meanwhile is measured at its next load.
          .catch(() => {})
          .finally(() => pending.delete(p));
        pending.add(p);
      };
      const watch = (page) => {
        if (pages.has(page)) return;
        pages.add(page);
        page.on("load", () => measure(page));
      };
      const watchContext = (ctx) => {
        ctx.pages().forEach(watch);
        ctx.on("page", watch);
      };
      watchContext(context);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => {
        const ctx = await newContext(...args);
        watchContext(ctx);
        return ctx;
      };
      await use();
      browser.newContext = newContext;
      for (const page of pages) if (!page.isClosed()) measure(page);
      await Promise.all([...pending]);
      base.expect([...new Set(found)], "no page may be wider than its screen, nor any tap target under 44 px").toEqual([]);
    },
    { auto: true },
  ],
});

module.exports = { test, expect: base.expect };
