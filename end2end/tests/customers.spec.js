// The customer file (issue 13, first slice): a consultant finds the customer she serves by the
// last four digits of her mobile and opens her file; a consultant who never served her finds
// nothing and cannot open her file by its address.
const { test, expect } = require("./fixtures");
const { signIn, hydrated, shot, mobileFor, collectErrors } = require("./helpers");

function context(browser, testInfo, more = {}) {
  return browser.newContext({
    viewport: testInfo.project.use.viewport,
    isMobile: testInfo.project.use.isMobile,
    hasTouch: testInfo.project.use.hasTouch,
    ...more,
  });
}

test("a consultant finds her customer by the last four digits and opens her file; a consultant who never served her cannot", async ({ browser }, testInfo) => {
  const ctx = await context(browser, testInfo);
  const page = await ctx.newPage();
  const errors = collectErrors(page);
  await signIn(page, "consultant1");
  await hydrated(page);
  // A customer she serves: booked by her.
  const mobile = mobileFor(testInfo, 7);
  const name = `顾${testInfo.project.name}`;
  await page.goto("/reservations/new");
  await hydrated(page);
  await page.getByLabel("顾客姓名").fill(name);
  await page.getByLabel("手机号").fill(mobile);
  await page.getByLabel("基本需求").fill("对戒");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("created")).toBeVisible();

  // 顾客 in the menu; the search box takes the last four digits.
  await page.getByRole("link", { name: "顾客", exact: true }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await hydrated(page);
  const box = page.getByLabel("搜索顾客");
  // Three digits are too few: said next to the box, what was typed kept.
  await box.fill("123");
  await box.press("Enter");
  await expect(page).toHaveURL(/q=123/);
  await expect(page.getByTestId("c-q-err")).toHaveText("手机号请至少输入4位");
  await expect(box).toHaveValue("123");
  await expect(box).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("customers-table")).toHaveCount(0);
  await shot(page, testInfo, "customers-search-error");

  await box.fill(mobile.slice(-4));
  await box.press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${mobile.slice(-4)}`));
  await expect(page.getByTestId("c-q-err")).toHaveText("");
  const row = page.getByTestId("customer-row").filter({ hasText: name });
  await expect(row).toHaveCount(1);
  // The list never carries the full number.
  await expect(row.getByTestId("customer-mobile")).toHaveText(`${mobile.slice(0, 3)}****${mobile.slice(-4)}`);
  await shot(page, testInfo, "customers-list");

  await row.getByRole("link", { name }).click();
  await expect(page).toHaveURL(/\/customers\/\d+$/);
  const address = page.url();
  await expect(page.getByTestId("customer-name")).toHaveText(name);
  // Her consultant reads the full number on her file, as a tap-to-call link.
  await expect(page.getByTestId("customer-mobile").locator("a")).toHaveAttribute("href", `tel:${mobile}`);
  const visit = page.getByTestId("customer-visit").first();
  await expect(visit).toContainText("上海旗舰店");
  await expect(visit.locator(".state-tag")).toBeVisible();
  await expect(page.getByTestId("lifetime-spend")).toHaveText("¥0.00");
  await expect(page.getByTestId("customer-sales").getByTestId("empty-state")).toContainText("还没有购买记录");
  await shot(page, testInfo, "customer-file");
  expect(errors).toEqual([]);
  await ctx.close();

  // A consultant who never served her (another store's: the booking above may have been given
  // to any colleague of this store): not in her search, and not by the address either.
  const other = await context(browser, testInfo);
  const p2 = await other.newPage();
  await signIn(p2, "consultant4");
  await p2.goto(`/customers?q=${mobile.slice(-4)}`);
  await expect(p2.getByTestId("customers-table").getByTestId("empty-state")).toContainText("只含你服务过的顾客");
  await expect(p2.getByTestId("customer-row").filter({ hasText: name })).toHaveCount(0);
  await p2.goto(address);
  await expect(p2.getByTestId("empty-state")).toContainText("找不到这位顾客");
  await expect(p2.getByText(mobile)).toHaveCount(0);
  await expect(p2.getByText(name)).toHaveCount(0);
  await other.close();
});

test("without JavaScript the search and her file work the same", async ({ browser }, testInfo) => {
  const ctx = await context(browser, testInfo, { javaScriptEnabled: false });
  const page = await ctx.newPage();
  await signIn(page, "manager1");
  await page.goto("/customers");
  await expect(page.getByTestId("customer-row").first()).toBeVisible();
  const first = page.getByTestId("customer-row").first();
  const masked = (await first.getByTestId("customer-mobile").textContent()).trim();
  expect(masked).toMatch(/^1\d{2}\*{4}\d{4}$/);
  await page.getByLabel("搜索顾客").fill(masked.slice(-4));
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${masked.slice(-4)}`));
  const hit = page.getByTestId("customer-row").filter({ hasText: masked });
  await expect(hit.first()).toBeVisible();
  await hit.first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/customers\/\d+$/);
  await expect(page.getByTestId("customer-facts")).toBeVisible();
  // The manager of her store serves her: the full number, ending as the list's did.
  await expect(page.getByTestId("customer-mobile")).toContainText(masked.slice(-4));
  await expect(page.getByTestId("customer-mobile")).not.toContainText("*");
  await shot(page, testInfo, "customer-file-nojs");
  await ctx.close();
});
