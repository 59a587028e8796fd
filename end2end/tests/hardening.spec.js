// What the hardening issue changed, as the store floor and head office meet it: another store's
// consultant typing a chain customer's number learns only that she is one; head office reveals
// a full number with a reason (and reads the history in words); the admin sees the backups page. Each on the three viewports,
// with a screenshot and no page wider than its screen.
const { test, expect } = require("./fixtures");
const { signIn, hydrated, shot } = require("./helpers");

function mobileFor(testInfo, n) {
  const base = (Date.now() % 100000000).toString().padStart(8, "0");
  return `15${testInfo.project.name.length}${base.slice(0, 7)}${n}`;
}

async function fitsTheScreen(page) {
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll, "the page is wider than its screen").toBeLessThanOrEqual(inner);
}

async function device(browser, testInfo, username) {
  const context = await browser.newContext({
    viewport: testInfo.project.use.viewport,
    isMobile: testInfo.project.use.isMobile,
    hasTouch: testInfo.project.use.hasTouch,
    locale: "zh-CN",
  });
  const page = await context.newPage();
  await signIn(page, username);
  await hydrated(page);
  return { context, page };
}

/** 上海's manager books a customer (through the booking server function, as the form does). */
async function bookInShanghai(browser, testInfo, name, mobile) {
  const { context, page } = await device(browser, testInfo, "manager1");
  const res = await page.request.post("/api/reservations/create", {
    headers: { Accept: "application/json" },
    form: {
      "input[name]": name,
      "input[mobile]": mobile,
      "input[store_id]": "1",
      "input[consultant_id]": "",
      "input[visit_at]": "",
      "input[needs]": "对戒",
      "input[source]": "电话预约",
      "input[need_level]": "A",
    },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  const booked = await res.json();
  await context.close();
  return booked;
}

test("another store's consultant typing a chain customer's number sees only 已是本连锁顾客", async ({ browser }, testInfo) => {
  const name = `沈清${testInfo.project.name}`;
  const mobile = mobileFor(testInfo, 1);
  await bookInShanghai(browser, testInfo, name, mobile);

  const { context, page } = await device(browser, testInfo, "consultant4");
  await page.goto("/reservations/new");
  await hydrated(page);
  await page.getByLabel("手机号").fill(mobile);
  const notice = page.getByTestId("chain-customer");
  await expect(notice).toContainText("已是本连锁顾客（上海旗舰店）");
  await expect(notice).toContainText("可照常预约");
  // Neither her name nor her full number is anywhere on 长沙's page, and the form is not filled.
  await expect(page.locator("body")).not.toContainText(name);
  await expect(page.getByLabel("顾客姓名")).toHaveValue("");
  await fitsTheScreen(page);
  await shot(page, testInfo, "chain-customer-notice");
  await context.close();
});

test("head office sees a masked number and reveals it with a reason", async ({ browser }, testInfo) => {
  const mobile = mobileFor(testInfo, 2);
  const booked = await bookInShanghai(browser, testInfo, `许然${testInfo.project.name}`, mobile);

  const { context, page } = await device(browser, testInfo, "hq");
  await page.goto(`/reservations/${booked.id}`);
  await hydrated(page);
  const masked = `${mobile.slice(0, 3)}****${mobile.slice(7)}`;
  await expect(page.getByTestId("detail-mobile")).toHaveText(masked);
  await expect(page.locator("body")).not.toContainText(mobile);
  const form = page.getByTestId("reveal-form");
  await form.getByLabel("查看原因（将记录在审计日志中）").fill("顾客来电要求核实预约");
  await form.getByRole("button", { name: "查看完整号码" }).click();
  await expect(page.getByTestId("revealed-mobile")).toHaveText(mobile);
  await expect(page.getByTestId("revealed-mobile").locator("a")).toHaveAttribute("href", `tel:${mobile}`);
  // Its history is in words, not the stored codes.
  const history = page.getByTestId("history");
  await expect(history).toContainText("创建预约");
  await expect(history).toContainText("→ 未到店");
  for (const code of ["create", "owner", "not_arrived", "tie-break", "fewest today", "free"]) {
    await expect(history).not.toContainText(code);
  }
  await fitsTheScreen(page);
  await shot(page, testInfo, "reveal-mobile");
  await context.close();
});

test("the admin's backups page says in Chinese what is and is not set up", async ({ browser }, testInfo) => {
  const { context, page } = await device(browser, testInfo, "admin");
  await page.goto("/admin/backups");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("备份");
  // The test server runs without VITRINE_BACKUP_DIR: the page says so and what to set.
  await expect(page.getByTestId("backups-off")).toContainText("VITRINE_BACKUP_DIR");
  await fitsTheScreen(page);
  await shot(page, testInfo, "admin-backups");
  await context.close();
});
