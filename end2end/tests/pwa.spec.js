const { test, expect } = require("./fixtures");
const { PASSWORD, signIn, hydrated, shot } = require("./helpers");

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

/** Waits until the service worker controls the page (it claims open pages once active). */
async function controlled(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** The pages this browser keeps for offline reading: { cache name: [paths] }. */
async function kept(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const name of (await caches.keys()).filter((k) => k.startsWith("vitrine-pages-"))) {
      const cache = await caches.open(name);
      out[name] = (await cache.keys()).map((r) => new URL(r.url).pathname).filter((p) => !p.startsWith("/__vitrine/"));
    }
    return out;
  });
}

async function keptPaths(page) {
  return Object.values(await kept(page)).flat().sort();
}

test("pages read online can be read offline, marked with their time; forms say they cannot be sent; a sign-out offline leaves nothing", async ({ page, context }, testInfo) => {
  await signIn(page, "consultant2");
  await hydrated(page);
  await controlled(page);
  await page.goto("/reservations");
  await hydrated(page);
  await page.goto("/sales");
  await hydrated(page);
  // (The home page the sign-in landed on may be kept too, once the worker was in charge.)
  await expect.poll(() => keptPaths(page)).toEqual(expect.arrayContaining(["/reservations", "/sales"]));

  await context.setOffline(true);
  await page.goto("/reservations");
  await expect(page.getByTestId("offline-banner")).toHaveText(/^离线 · 显示的是 \d\d:\d\d 时的内容 · 表单暂时无法提交$/);
  await expect(page.getByTestId("current-user")).toHaveText("王芳");
  await expect(page.getByTestId("reservation-filters")).toBeVisible();
  await shot(page, testInfo, "offline-reservations");
  // A form is not sent: it says why, and nothing is lost (the page stays).
  await page.goto("/sales");
  await hydrated(page);
  await page.getByTestId("new-sale").first().click();
  await expect(page.getByTestId("offline-banner")).toHaveText("离线：表单现在无法提交，请联网后重试。");
  await expect(page).toHaveURL(/\/sales$/);
  // A page that is not kept (a record's own page may show a full number): the offline page.
  await page.goto("/reservations/new");
  await expect(page.getByTestId("offline")).toContainText("网络已断开");
  await shot(page, testInfo, "offline");
  // Back online, it loads by itself.
  await context.setOffline(false);
  await expect(page.getByTestId("current-user")).toHaveText("王芳");
  await expect(page).toHaveURL(/\/reservations\/new$/);

  // Signing out while offline forgets the kept pages at once and ends the session when the
  // network is back.
  await page.goto("/sales");
  await hydrated(page);
  await context.setOffline(true);
  await page.goto("/sales");
  await expect(page.getByTestId("offline-banner")).toBeVisible();
  await page.getByRole("button", { name: "退出" }).click();
  await expect(page.getByTestId("offline")).toBeVisible();
  expect(await kept(page)).toEqual({});
  await context.setOffline(false);
  await expect(page.getByLabel("用户名")).toBeVisible();
  await page.goto("/sales");
  await expect(page).toHaveURL(/\/login/);
});

test("the next person on a shared tablet cannot read the previous one's pages offline", async ({ page, context }) => {
  await signIn(page, "consultant2");
  await hydrated(page);
  await controlled(page);
  await page.goto("/reservations");
  await hydrated(page);
  await expect.poll(() => keptPaths(page)).toEqual(expect.arrayContaining(["/reservations"]));
  // 王芳 signs out; her copies are gone with her.
  await page.getByRole("button", { name: "退出" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect.poll(() => kept(page)).toEqual({});

  // 李娜 takes the tablet and reads the sales list.
  await signIn(page, "consultant1");
  await hydrated(page);
  await page.goto("/sales");
  await hydrated(page);
  await expect.poll(() => keptPaths(page)).toEqual(expect.arrayContaining(["/sales"]));
  expect(await keptPaths(page)).not.toContain("/reservations");
  await context.setOffline(true);
  // 王芳's reservation list is not on this tablet any more.
  await page.goto("/reservations");
  await expect(page.getByTestId("offline")).toContainText("网络已断开");
  // 李娜's own page is.
  await page.goto("/sales");
  await expect(page.getByTestId("current-user")).toHaveText("李娜");
  await expect(page.getByTestId("offline-banner")).toBeVisible();
  await context.setOffline(false);
});

test("a change of person without signing out purges the previous person's copies", async ({ page }) => {
  await signIn(page, "consultant2");
  await hydrated(page);
  await controlled(page);
  await page.goto("/reservations");
  await expect.poll(() => keptPaths(page)).toEqual(expect.arrayContaining(["/reservations"]));
  // Another person signs in on this browser without 王芳 signing out (another tab, a switch
  // of staff): the next page is 李娜's.
  const res = await page.request.post("/auth/login", { form: { username: "consultant1", password: PASSWORD, next: "" }, maxRedirects: 0 });
  expect(res.status()).toBe(303);
  await page.goto("/sales");
  await hydrated(page);
  await expect.poll(() => keptPaths(page)).toEqual(expect.arrayContaining(["/sales"]));
  expect(await keptPaths(page)).not.toContain("/reservations");
  expect(Object.keys(await kept(page))).toHaveLength(1);
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
