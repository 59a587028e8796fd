// Store-floor fit and finish, as a manager and a consultant meet it on each viewport: the
// reservation list fits (actions reachable, 作废 apart and confirmed, the state as it is), and the
// queue asks what it must (已结束 without an outcome, 拒绝 with a reason, and says whom the
// customer went to).
const { test, expect } = require("./fixtures");
const { signIn, hydrated, shot } = require("./helpers");

const USERNAMES = { 李娜: "consultant1", 王芳: "consultant2", 张伟: "consultant3" };

function mobileFor(testInfo, n) {
  const base = (Date.now() % 10000000).toString().padStart(7, "0");
  return `18${testInfo.project.name.length}${base}${n}`;
}

async function device(browser, testInfo, username) {
  const context = await browser.newContext({
    viewport: testInfo.project.use.viewport,
    isMobile: testInfo.project.use.isMobile,
    hasTouch: testInfo.project.use.hasTouch,
  });
  const page = await context.newPage();
  await signIn(page, username);
  await hydrated(page);
  return { context, page };
}

/** Books through the booking server function, as the form does; `visitAt` empty = now. */
async function book(page, name, mobile, visitAt = "") {
  const res = await page.request.post("/api/reservations/create", {
    headers: { Accept: "application/json" },
    form: {
      "input[name]": name,
      "input[mobile]": mobile,
      "input[store_id]": "1",
      "input[consultant_id]": "",
      "input[visit_at]": visitAt,
      "input[needs]": "婚戒",
      "input[source]": "电话预约",
      "input[need_level]": "A",
    },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  return res.json();
}

/** Tomorrow at this time, as the store's datetime-local field takes it (Shanghai, UTC+8). */
function tomorrow() {
  return new Date(Date.now() + 8 * 3600e3 + 24 * 3600e3).toISOString().slice(0, 16);
}

test("the reservation list fits the screen: actions in reach, 作废 apart and confirmed, the state as it is", async ({ browser }, testInfo) => {
  const width = testInfo.project.use.viewport.width;
  const { context, page } = await device(browser, testInfo, "manager1");
  const mobile = mobileFor(testInfo, 1);
  const name = `林夕${testInfo.project.name}`;
  const first = await book(page, name, mobile, tomorrow());
  const second = await book(page, name, mobileFor(testInfo, 2), tomorrow());

  await page.goto(`/reservations?name=${encodeURIComponent(name)}`);
  await hydrated(page);
  const row = page.getByTestId("reservation-row").filter({ hasText: first.number });
  await expect(row.getByTestId("row-status")).toHaveText("未到店");
  const arrive = row.getByRole("button", { name: "到店" });
  const voidOpen = row.getByTestId("void-box").locator("summary");
  // Both in reach without scrolling sideways, and 作废 well away from 到店.
  const a = await arrive.boundingBox();
  const v = await voidOpen.boundingBox();
  for (const box of [a, v]) expect(box.x + box.width).toBeLessThanOrEqual(width);
  const apart = v.x - (a.x + a.width) >= 48 || Math.abs(v.y - a.y) >= a.height;
  expect(apart, "作废 sits apart from 到店").toBe(true);
  // The status is one tag on one line, not a character per line.
  const tag = await row.getByTestId("row-status").boundingBox();
  expect(tag.height).toBeLessThan(40);
  await shot(page, testInfo, "reservation-list");

  // 到店: the row says the customer is here and waiting, not 未到店.
  await arrive.click();
  await expect(row.getByTestId("row-status")).toHaveText("到店·待接待");
  // Her consultant claims her: the manager's list reads 到店·接待中.
  const who = USERNAMES[first.consultant_name];
  const consultant = await device(browser, testInfo, who);
  const card = consultant.page.getByTestId("queue-waiting").getByTestId("queue-card").filter({ hasText: first.number });
  await card.getByRole("button", { name: "领单" }).click();
  await expect(consultant.page.getByTestId("queue-serving").getByTestId("queue-card").filter({ hasText: first.number })).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(row.getByTestId("row-status")).toHaveText("到店·接待中");

  // 作废 asks once more before it voids.
  const other = page.getByTestId("reservation-row").filter({ hasText: second.number });
  await expect(other.getByTestId("confirm-void")).toBeHidden();
  await other.getByTestId("void-box").locator("summary").click();
  await expect(other.getByTestId("confirm-void")).toBeVisible();
  await shot(page, testInfo, "reservation-void-confirm");
  await other.getByTestId("confirm-void").click();
  await expect(other.getByTestId("row-status")).toHaveText("作废");
  // Her consultant ends the visit, so no one is left being served after this test.
  const served = consultant.page.getByTestId("queue-serving").getByTestId("queue-card").filter({ hasText: first.number });
  await served.getByLabel("到店未成交").check();
  await served.getByRole("button", { name: "已结束" }).click();
  await expect(consultant.page.getByTestId("queue").getByText(first.number)).toHaveCount(0);
  await consultant.context.close();
  await context.close();
});

test("the queue asks: 已结束 needs an outcome, 拒绝 a reason, and says whom she went to", async ({ browser }, testInfo) => {
  const manager = await device(browser, testInfo, "manager1");
  const name = `顾青${testInfo.project.name}`;
  const booked = await book(manager.page, name, mobileFor(testInfo, 3));
  await manager.context.close();
  const me = booked.consultant_name;
  const { context, page } = await device(browser, testInfo, USERNAMES[me]);
  const waiting = page.getByTestId("queue-waiting").getByTestId("queue-card").filter({ hasText: booked.number });
  await expect(waiting).toBeVisible();

  // 拒绝 first asks why; an empty reason is answered on the card and nothing happens.
  const confirm = waiting.getByRole("button", { name: "确认拒绝" });
  await expect(confirm).toBeHidden();
  await waiting.getByTestId("reject-box").locator("summary").click();
  await confirm.click();
  await expect(waiting.getByTestId("error-reason")).toHaveText("必填");
  await shot(page, testInfo, "queue-reject-reason");
  await waiting.getByLabel("拒绝原因").fill("顾客要找熟悉的顾问");
  await confirm.click();
  const notice = page.getByTestId("queue-notice");
  await expect(notice).toContainText("已转给");
  const to = (await notice.textContent()).replace("已转给", "").trim();
  expect(Object.keys(USERNAMES)).toContain(to);
  expect(to).not.toBe(me);
  await expect(page.getByTestId("queue").getByText(booked.number)).toHaveCount(0);
  await context.close();

  // The colleague serves her; 已结束 with no outcome chosen asks for one, and she stays served.
  const colleague = await device(browser, testInfo, USERNAMES[to]);
  const theirs = colleague.page.getByTestId("queue-waiting").getByTestId("queue-card").filter({ hasText: booked.number });
  await theirs.getByRole("button", { name: "领单" }).click();
  const serving = colleague.page.getByTestId("queue-serving").getByTestId("queue-card").filter({ hasText: booked.number });
  await expect(serving.getByLabel("已成交")).not.toBeChecked();
  await expect(serving.getByLabel("到店未成交")).not.toBeChecked();
  await serving.getByRole("button", { name: "已结束" }).click();
  await expect(serving.getByTestId("error-deal")).toHaveText("请选择结果：已成交或到店未成交");
  await expect(serving).toBeVisible();
  await shot(colleague.page, testInfo, "queue-finish-outcome");
  await serving.getByLabel("到店未成交").check();
  await serving.getByRole("button", { name: "已结束" }).click();
  await expect(colleague.page.getByTestId("queue").getByText(booked.number)).toHaveCount(0);
  await colleague.context.close();
});

test("开单 while serving opens her sale, linked to the visit; 完成收款 ends the visit", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const manager = await device(browser, testInfo, "manager1");
  const name = `苏青${testInfo.project.name}`;
  const booked = await book(manager.page, name, mobileFor(testInfo, 4));
  await manager.context.close();
  const { context, page } = await device(browser, testInfo, USERNAMES[booked.consultant_name]);
  // A piece to sell, priced by its tag (not gold by weight: no gold price is set yet).
  const goods = await context.newPage();
  await goods.goto("/goods?store=1&status=in_stock&material=18K_WHITE&sort=-price");
  const cell = goods.getByTestId("goods-row").locator("td.barcode").first();
  await expect(cell).toBeVisible();
  const barcode = (await cell.textContent()).trim();
  await goods.close();

  await page.getByTestId("queue-waiting").getByTestId("queue-card").filter({ hasText: booked.number })
    .getByRole("button", { name: "领单" }).click();
  const serving = page.getByTestId("queue-serving").getByTestId("queue-card").filter({ hasText: booked.number });
  await expect(page.getByTestId("serving-name")).toHaveText(name);
  await expect(serving.getByTestId("queue-details")).toHaveAttribute("href", `/reservations/${booked.id}`);
  await shot(page, testInfo, "queue-serving-new-sale");
  // The sales list's 开单 is hers too while she is served; a blank sale is one tap away.
  await page.goto("/sales");
  await hydrated(page);
  await expect(page.getByTestId("new-sale-serving")).toHaveText(`为${name}开单`);
  await expect(page.getByTestId("new-sale")).toHaveText("空白开单");
  await page.goto("/");
  await hydrated(page);
  await serving.getByTestId("queue-new-sale").click();

  // Her sale: the customer and the visit are already on it.
  await expect(page).toHaveURL(/\/sales\/\d+$/);
  await hydrated(page);
  await expect(page.getByTestId("sale-customer")).toContainText(name);
  await expect(page.getByTestId("sale-reservation")).toHaveText(booked.number);
  await page.getByLabel("条码").fill(barcode);
  await page.getByTestId("sale-add-item").getByRole("button", { name: "新增" }).click();
  await expect(page.getByTestId("sale-lines")).toContainText(barcode);
  await page.getByTestId("pay-method-0").selectOption("card");
  await page.getByTestId("pay-fill-0").click();
  await expect(page.getByTestId("pay-remaining")).toHaveText("还需收 ¥0.00");
  await page.getByTestId("complete-sale").click();
  await expect(page.getByTestId("sale-status")).toHaveText("已完成");
  // The visit ended with the sale: nobody is being served, the queue no longer holds her, and
  // the reservation reads 已成交.
  await expect(page.getByTestId("serving-name")).toHaveCount(0);
  await page.getByTestId("sale-reservation").click();
  await expect(page).toHaveURL(new RegExp(`/reservations/${booked.id}$`));
  await expect(page.getByText("已成交").first()).toBeVisible();
  await page.goto("/");
  await hydrated(page);
  await expect(page.getByTestId("queue").getByText(booked.number)).toHaveCount(0);
  await expect(page.getByTestId("serving-name")).toHaveCount(0);
  await context.close();
});

test("a mobile number left incomplete is flagged as the field is left: booking, hold and sale forms", async ({ browser }, testInfo) => {
  const { context, page } = await device(browser, testInfo, "consultant1");
  const flagged = "请输入11位中国大陆手机号";
  // Each form: ten digits typed say nothing yet (she may still be typing); leaving the field
  // says what to fix; the eleventh digit clears it.
  async function check(field, error) {
    await field.fill("1381234123");
    await expect(error).toHaveText("");
    await field.blur();
    await expect(error).toHaveText(flagged);
    await field.fill("13812341234");
    await expect(error).toHaveText("");
  }
  await page.goto("/reservations/new");
  await hydrated(page);
  await check(page.getByLabel("手机号"), page.getByTestId("mobile-error"));

  await page.goto("/goods?store=1&category=pendant");
  await hydrated(page);
  await page.getByTestId("goods-row").nth(8).locator("td.barcode a").click();
  await expect(page.getByTestId("reserve-form")).toBeVisible();
  await hydrated(page);
  await check(page.getByLabel("顾客手机号"), page.getByTestId("reserve-customer-error"));

  await page.goto("/sales");
  await hydrated(page);
  await page.getByTestId("new-sale").click();
  await expect(page).toHaveURL(/\/sales\/\d+$/);
  await hydrated(page);
  const field = page.getByTestId("sale-customer-form").getByLabel("顾客手机号");
  await field.fill("1381234123");
  await expect(page.getByTestId("sale-mobile-hint")).toHaveCount(0);
  await field.blur();
  await expect(page.getByTestId("sale-mobile-hint")).toHaveText(flagged);
  await shot(page, testInfo, "sale-mobile-flagged");
  await field.fill("13812341234");
  await expect(page.getByTestId("sale-mobile-hint")).toHaveCount(0);
  await context.close();
});

test("searches say what is wrong: a range that ends before it starts, a material shown by its name", async ({ page }, testInfo) => {
  await signIn(page, "manager1");
  await page.goto("/reservations?from=2026-12-05&to=2026-12-01");
  await hydrated(page);
  await expect(page.getByRole("alert")).toHaveText("结束日期早于开始日期，请改正");
  await expect(page.getByTestId("reservations-table")).toHaveCount(0);
  // Goods results and the item page name the material (18K白金), never its code (18K_WHITE).
  await page.goto("/goods?store=1&material=18K_WHITE");
  const first = page.getByTestId("goods-row").first();
  await expect(first.getByTestId("row-material")).toHaveText("18K白金");
  await first.getByRole("link").first().click();
  await expect(page.getByTestId("item-material")).toHaveText("18K白金");
  await shot(page, testInfo, "item-material");
});

test("扫码 on a device without a camera says why and leaves the field ready for typing", async ({ page }, testInfo) => {
  // A browser that can detect barcodes, on a device with no camera (a desktop, a tablet in a
  // case): the camera request fails as it would there.
  await page.addInitScript(() => {
    window.BarcodeDetector = class { async detect() { return []; } };
    Object.defineProperty(navigator, "mediaDevices", {
      value: { getUserMedia: () => Promise.reject(new DOMException("Requested device not found", "NotFoundError")) },
    });
  });
  await signIn(page, "consultant1");
  await page.goto("/goods");
  await hydrated(page);
  await page.locator("[data-scan-into=g-barcode]").click();
  await expect(page.getByTestId("scan-note")).toHaveText("此设备没有可用的摄像头：请直接输入条码，或使用扫码枪。");
  await expect(page.locator("#g-barcode")).toBeFocused();
  await shot(page, testInfo, "scan-without-camera");
});

/** A web booking for tomorrow at noon (Shanghai), through the public API as the website sends it. */
async function webBooking(page, name, phone) {
  const day = new Date(Date.now() + 8 * 3600e3 + 24 * 3600e3).toISOString().slice(0, 10);
  const res = await page.request.post("/api/v1/web-reservations", {
    data: { name, phone, store: "上海旗舰店", visit_at: `${day}T12:00:00+08:00`, needs: "看对戒" },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).number;
}

test("a manager's home is the floor board: call-backs, today's visits, who serves whom, the on-duty switch", async ({ browser }, testInfo) => {
  const { context, page } = await device(browser, testInfo, "manager1");
  // Signing in lands on the floor board, and 工作台 in the menu leads there.
  await expect(page).toHaveURL(/\/floor$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("门店看板");
  const name = `网约${testInfo.project.name}`;
  const number = await webBooking(page, name, mobileFor(testInfo, 4));
  const today = await book(page, `今日${testInfo.project.name}`, mobileFor(testInfo, 5));
  await page.reload();
  await hydrated(page);

  // The web booking waits for a call-back, with its number masked like every list.
  const callback = page.getByTestId("floor-callback").filter({ hasText: number });
  await expect(callback).toBeVisible();
  await expect(callback).toContainText(name);
  await expect(callback).toContainText(/1\d{2}\*{4}\d{4}/);
  // Today's visit, with its consultant and where it stands.
  const visit = page.getByTestId("floor-visit").filter({ hasText: `今日${testInfo.project.name}` });
  await expect(visit).toContainText(today.consultant_name);
  await expect(visit).toContainText("到店·待接待");
  // Who is with whom: her consultant has a customer waiting.
  const theirs = page.getByTestId("floor-person").filter({ hasText: today.consultant_name });
  await expect(theirs.getByTestId("floor-waiting")).toContainText("位等候");
  await shot(page, testInfo, "floor");

  // 已回访 takes it off the list; the booking now needs a consultant, and the board says so.
  await callback.getByTestId("floor-called-back").click();
  await expect(page.getByTestId("floor-callback").filter({ hasText: number })).toHaveCount(0);
  await expect(page.getByTestId("unassigned-notice")).toBeVisible();

  // The on-duty switch (on the manager's own card: managers are never given arrivals, so the
  // other tests' assignments do not change). It sets the other state and back.
  const me = page.locator('[data-testid="floor-person"][data-name="陈静"]');
  const wasOff = (await me.getByTestId("floor-state").textContent()) === "不在岗";
  await me.getByTestId("duty-switch").click();
  if (wasOff) await expect(me.getByTestId("floor-state")).not.toHaveText("不在岗");
  else await expect(me.getByTestId("floor-state")).toHaveText("不在岗");
  await expect(me.getByTestId("duty-switch")).toHaveText(wasOff ? "设为离岗" : "设为在岗");
  await shot(page, testInfo, "floor-switched");
  await me.getByTestId("duty-switch").click();
  await expect(me.getByTestId("duty-switch")).toHaveText(wasOff ? "设为在岗" : "设为离岗");

  // Her visit is voided so the queue is left as it was found.
  const detail = await page.request.post("/api/reservations/detail", {
    headers: { Accept: "application/json" },
    form: { id: String(today.id) },
  });
  const [row] = await detail.json();
  const voided = await page.request.post("/api/reservations/act", {
    headers: { Accept: "application/json" },
    form: { id: String(today.id), version: String(row.version), action: "Void" },
  });
  expect(voided.ok(), await voided.text()).toBeTruthy();
  await context.close();
});

test("the floor board works without JavaScript: server-rendered, the switch a plain form", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ viewport: testInfo.project.use.viewport, javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, "manager1");
  await expect(page).toHaveURL(/\/floor$/);
  const me = page.locator('[data-testid="floor-person"][data-name="陈静"]');
  const label = await me.getByTestId("duty-switch").textContent();
  const other = label === "设为离岗" ? "设为在岗" : "设为离岗";
  await me.getByTestId("duty-switch").click();
  await expect(page).toHaveURL(/\/floor$/);
  await expect(me.getByTestId("duty-switch")).toHaveText(other);
  await expect(me.getByTestId("floor-state")).toHaveText(other === "设为在岗" ? "不在岗" : /空闲|接待中/);
  await me.getByTestId("duty-switch").click();
  await expect(me.getByTestId("duty-switch")).toHaveText(label);
  // A consultant is refused the board and kept to their own home.
  const plain = await browser.newContext({ viewport: testInfo.project.use.viewport, javaScriptEnabled: false });
  const consultant = await plain.newPage();
  await signIn(consultant, "consultant1");
  await expect(consultant).toHaveURL(/\/$/);
  const res = await consultant.goto("/floor");
  expect(res.status()).toBe(403);
  await plain.close();
  await context.close();
});
