// The Wasm is split per area: the first download is sign-in and the queue; every other area's
// code is a chunk fetched when the area is first opened. These tests open every lazy area the
// way staff do (the menu, then links inside the area) and a page left open across a deploy.
const { test, expect } = require("./fixtures");
const { signIn, hydrated, collectErrors } = require("./helpers");

/** The build's Wasm files a page fetched, by name. */
function wasmRequests(page) {
  const seen = [];
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith("/pkg/") && u.pathname.endsWith(".wasm")) seen.push(u.pathname);
  });
  return seen;
}

const menu = (page) => page.getByRole("navigation", { name: "main" });

/** Opens a menu entry without a document load, and waits for the area's page. */
async function open(page, label, heading) {
  await menu(page).getByRole("link", { name: label, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(heading);
}

test("signing in and the queue need only the first download; each area's chunk comes when it is opened", async ({ page }) => {
  const errors = collectErrors(page);
  const wasm = wasmRequests(page);
  await signIn(page, "consultant1");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("欢迎");
  // One Wasm file so far: the main module (no area chunk for sign-in and the queue).
  expect(new Set(wasm).size).toBe(1);
  const first = wasm[0];
  await page.evaluate(() => (window.__sameDocument = true));

  await open(page, "预约", "预约");
  await open(page, "货品查询", "货品查询");
  // Inside an area: from the results to an item's page, still in the same document.
  await page.locator('[data-testid="goods-table"] a[href^="/goods/"]').first().click();
  await expect(page).toHaveURL(/\/goods\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("·");
  await open(page, "销售", "销售");
  await open(page, "添加预约", "添加预约");
  await open(page, "工作台", "欢迎");

  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
  // The areas brought their own chunks.
  expect(new Set(wasm.filter((w) => w !== first)).size).toBeGreaterThan(1);
  expect(errors).toEqual([]);
});

test("head office and the administrator open every other lazy area", async ({ page }) => {
  const errors = collectErrors(page);
  await signIn(page, "hq");
  await hydrated(page);
  await page.evaluate(() => (window.__sameDocument = true));
  await open(page, "今日金价", "今日金价");
  await open(page, "日结", "日结");
  await open(page, "ERP导入", "ERP导入");
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);

  // The next person on the same browser.
  await page.context().clearCookies();
  await signIn(page, "admin");
  await hydrated(page);
  await page.evaluate(() => (window.__sameDocument = true));
  for (const [label, heading] of [
    ["门店", "门店"],
    ["员工", "员工"],
    ["字典", "字典"],
    ["审计日志", "审计日志"],
    ["短信", "短信"],
    ["ERP接口令牌", "ERP接口令牌"],
    ["备份", "备份"],
  ]) {
    await open(page, label, heading);
  }
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
  expect(errors).toEqual([]);
});

test("a page of a lazy area hydrates when it is the first page loaded", async ({ page }) => {
  const errors = collectErrors(page);
  await signIn(page, "consultant1");
  await hydrated(page);
  await page.goto("/goods");
  await hydrated(page);
  // Interactive: the menu moves without a document load.
  await page.evaluate(() => (window.__sameDocument = true));
  await open(page, "销售", "销售");
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
  expect(errors).toEqual([]);
});

test("a tablet left open across a deploy: an area whose chunk is gone reloads into the new build", async ({ page, context }) => {
  await signIn(page, "consultant1");
  await hydrated(page);
  // Controlled by the service worker, as a tablet left open is.
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null);
  await page.evaluate(() => (window.__oldBuild = true));
  // The deploy: the old build's chunks are gone (404), once; the reloaded page gets the new one.
  let gone = 0;
  const handler = async (route) => {
    const u = new URL(route.request().url());
    if (u.pathname.startsWith("/pkg/") && u.pathname.endsWith(".wasm") && gone === 0) {
      gone += 1;
      return route.fulfill({ status: 404, body: "gone" });
    }
    return route.continue();
  };
  await context.route("**/pkg/**", handler);
  await menu(page).getByRole("link", { name: "货品查询", exact: true }).click();
  // The page reloaded (the old document is gone) into the area that was asked for, and works.
  await expect
    .poll(() => page.evaluate(() => window.__oldBuild === undefined).catch(() => false), { timeout: 20_000 })
    .toBe(true);
  await expect(page).toHaveURL(/\/goods$/);
  await hydrated(page);
  expect(gone).toBe(1);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("货品查询");
});
