// The store floor before (or without) the Wasm: every form a consultant needs with a customer
// waiting is a real form that posts, and what they typed is never lost.
const { test, expect } = require("./fixtures");
const { signIn, hydrated, shot, mobileFor } = require("./helpers");

function viewport(testInfo) {
  return {
    viewport: testInfo.project.use.viewport,
    isMobile: testInfo.project.use.isMobile,
    hasTouch: testInfo.project.use.hasTouch,
  };
}

/** Holds every Wasm request of `context` until `release()` is called. */
async function holdWasm(context) {
  let release;
  const released = new Promise((resolve) => (release = resolve));
  await context.route(/\.wasm(\?|$)/, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

async function inStockBarcodes(page, n) {
  // Pendants: the goods journey holds rings, so this one never takes the items it needs.
  await page.goto("/goods?store=1&status=in_stock&material=PT950&category=pendant");
  const cells = page.getByTestId("goods-row").locator("td.barcode");
  await expect(cells.nth(n - 1)).toBeVisible();
  const codes = [];
  for (let i = 0; i < n; i++) codes.push((await cells.nth(i).textContent()).trim());
  return codes;
}

test("with JavaScript off, a consultant books, works the queue, holds an item and sells one", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ ...viewport(testInfo), javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, "consultant1");
  await expect(page).toHaveURL(/\/$/);
  const customer = `无脚本${testInfo.project.name}`;
  const mobile = mobileFor(testInfo, 7);

  // 新建预约: a wrong number is refused next to its field, with everything typed kept.
  await page.goto("/reservations/new");
  await page.getByLabel("顾客姓名").fill(customer);
  await page.getByLabel("手机号").fill("1380013");
  const me = page.getByLabel("销售顾问").locator("option", { hasText: "李娜" });
  await page.getByLabel("销售顾问").selectOption(await me.getAttribute("value"));
  await page.getByLabel("基本需求").fill("对戒 预算两万");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("mobile-error")).toHaveText("请输入11位中国大陆手机号");
  await expect(page.getByLabel("顾客姓名")).toHaveValue(customer);
  await expect(page.getByLabel("基本需求")).toHaveValue("对戒 预算两万");
  await expect(page.getByLabel("销售顾问").locator("option:checked")).toHaveText(/^李娜/);
  await shot(page, testInfo, "nojs-booking-refused");
  await page.getByLabel("手机号").fill(mobile);
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("created")).toBeVisible();
  await expect(page.getByTestId("assigned-to")).toHaveText("李娜");
  await expect(page.getByLabel("顾客姓名")).toHaveValue("");

  // The queue: 领单, 暂停, 领单, 已结束 (已成交), each a post and a fresh page.
  await page.goto("/");
  const waiting = page.getByTestId("queue-waiting").getByTestId("queue-card").filter({ hasText: customer });
  const serving = page.getByTestId("queue-serving").getByTestId("queue-card").filter({ hasText: customer });
  await waiting.getByRole("button", { name: "领单" }).click();
  await expect(serving).toBeVisible();
  await expect(page.getByTestId("serving-name")).toHaveText(customer);
  await shot(page, testInfo, "nojs-queue-serving");
  await serving.getByRole("button", { name: "暂停" }).click();
  await expect(waiting).toBeVisible();
  await waiting.getByRole("button", { name: "领单" }).click();
  await serving.getByLabel("已成交").check();
  await serving.getByRole("button", { name: "已结束" }).click();
  await expect(page.getByTestId("queue").getByText(customer)).toHaveCount(0);

  // 预留: the customer is found by the number typed, on the server.
  const [held, sold] = await inStockBarcodes(page, 2);
  await page.goto(`/goods?store=1&barcode=${held}`);
  await page.getByTestId("goods-row").locator("td.barcode a").click();
  await page.getByLabel("顾客手机号").fill("13600000001");
  await page.getByTestId("reserve-form").getByRole("button", { name: "预留" }).click();
  await expect(page.getByTestId("reserve-customer-error")).toHaveText(/该手机号尚未登记：请填写新顾客姓名/);
  await expect(page.getByLabel("顾客手机号")).toHaveValue("13600000001");
  await expect(page.getByLabel("新顾客姓名")).toBeVisible();
  await page.getByLabel("顾客手机号").fill(mobile);
  await page.getByTestId("reserve-form").getByRole("button", { name: "预留" }).click();
  await expect(page.getByTestId("item-status")).toHaveText("已预留");
  await expect(page.getByTestId("reserved-for")).toContainText(customer);

  // 开单: the sale opens; a wrong barcode is refused and kept; a right one is added; paid.
  await page.goto("/sales");
  await page.getByTestId("new-sale").click();
  await expect(page).toHaveURL(/\/sales\/\d+$/);
  await page.getByTestId("sale-customer-form").getByLabel("顾客手机号").fill(mobile);
  await page.getByTestId("sale-customer-form").getByRole("button").click();
  await expect(page.getByTestId("sale-customer")).toContainText(customer);
  await page.getByLabel("条码").fill("NO-SUCH-CODE");
  await page.getByTestId("sale-add-item").getByRole("button", { name: "新增" }).click();
  await expect(page.getByText("没有此条码的货品")).toBeVisible();
  await expect(page.getByLabel("条码")).toHaveValue("NO-SUCH-CODE");
  await page.getByLabel("条码").fill(sold);
  await page.getByTestId("sale-add-item").getByRole("button", { name: "新增" }).click();
  await expect(page.getByTestId("sale-lines")).toContainText(sold);
  const total = (await page.getByTestId("sale-total").textContent()).replace(/[¥,\s]/g, "");
  await page.getByTestId("pay-amount-0").fill("1");
  await page.getByTestId("complete-sale").click();
  await expect(page.getByTestId("payment-form").locator(".field-error").first()).toBeVisible();
  await expect(page.getByTestId("pay-amount-0")).toHaveValue("1");
  await page.getByTestId("pay-amount-0").fill(total);
  await page.getByTestId("complete-sale").click();
  await expect(page.getByTestId("sale-status")).toHaveText("已完成");
  await shot(page, testInfo, "nojs-sale-done");
  await context.close();
});

test("before the Wasm arrives: what is typed survives hydration, and a save still books", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ ...viewport(testInfo), serviceWorkers: "block" });
  const page = await context.newPage();
  await signIn(page, "consultant1");
  await hydrated(page);
  const release = await holdWasm(context);
  const customer = `慢网${testInfo.project.name}`;
  const mobile = mobileFor(testInfo, 8);

  // Typed while the Wasm is held back; then it arrives and hydrates the page.
  await page.goto("/reservations/new");
  await page.getByLabel("顾客姓名").fill(customer);
  await page.getByLabel("手机号").fill(mobile);
  await page.getByLabel("基本需求").fill("吊坠");
  await expect(page.locator("body[data-hydrated]")).toHaveCount(0);
  release();
  await hydrated(page);
  await expect(page.getByLabel("顾客姓名")).toHaveValue(customer);
  await expect(page.getByLabel("手机号")).toHaveValue(mobile);
  await expect(page.getByLabel("基本需求")).toHaveValue("吊坠");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("created")).toBeVisible();

  // Saved before the Wasm arrived at all: the browser posts the form itself.
  const again = await browser.newContext({ ...viewport(testInfo), serviceWorkers: "block" });
  const slow = await again.newPage();
  await signIn(slow, "consultant1");
  const hold = await holdWasm(again);
  await slow.goto("/reservations/new");
  await slow.getByLabel("顾客姓名").fill(`${customer}二`);
  await slow.getByLabel("手机号").fill(mobileFor(testInfo, 9));
  await slow.getByRole("button", { name: "保存" }).click();
  await expect(slow.getByTestId("created")).toBeVisible();
  await expect(slow.locator("body[data-hydrated]")).toHaveCount(0);
  hold();
  await again.close();
  await context.close();
});
