const { test, expect } = require("./fixtures");
const { signIn, hydrated, shot } = require("./helpers");

test("the app is installable: manifest and a registered service worker", async ({ page, request }) => {
  await signIn(page, "consultant2");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  const manifest = await (await request.get(href)).json();
  expect(manifest.display).toBe("standalone");
  expect(manifest.start_url).toBe("/");
  expect(manifest.short_name).toBe("Vitrine");
  const sizes = manifest.icons.map((i) => `${i.sizes}:${i.purpose}`);
  expect(sizes).toEqual(expect.arrayContaining(["192x192:any", "512x512:any", "512x512:maskable"]));
  for (const icon of manifest.icons) {
    const res = await request.get(icon.src);
    expect(res.headers()["content-type"]).toContain("image/png");
  }
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(new URL(scope).pathname).toBe("/");
});

test("an offline reload shows the offline page", async ({ page, context }, testInfo) => {
  await signIn(page, "consultant2");
  await hydrated(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // Controlled once the worker has claimed the page.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId("offline")).toContainText("网络已断开");
  await shot(page, testInfo, "offline");
  await context.setOffline(false);
  await page.reload();
  await expect(page.getByTestId("current-user")).toHaveText("王芳");
});

test("the menu's icons are the app's own SVGs, drawn at a visible size for every entry", async ({ page, request }, testInfo) => {
  await signIn(page, "admin");
  await hydrated(page);
  const icons = page.locator("nav.nav .icon");
  const n = await icons.count();
  expect(n).toBeGreaterThan(5);
  for (let i = 0; i < n; i++) {
    const icon = icons.nth(i);
    const [mask, width, height] = await icon.evaluate((el) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return [s.maskImage || s.webkitMaskImage, r.width, r.height];
    });
    expect(mask, `icon ${i}`).toMatch(/url\(".*\/icons\/menu\/[a-z-]+\.svg"\)/);
    expect(width).toBeGreaterThanOrEqual(16);
    expect(height).toBeGreaterThanOrEqual(16);
    const res = await request.get(mask.match(/url\("(.*)"\)/)[1]);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("image/svg+xml");
    // No text glyph left inside that a font may not have.
    expect(await icon.textContent()).toBe("");
  }
  await shot(page, testInfo, "menu-icons");
});
