const fs = require("fs");
const { test, expect } = require("./fixtures");
const { signIn, hydrated, shot, mobileFor } = require("./helpers");

const CONSULTANTS = { 李娜: "consultant1", 王芳: "consultant2", 张伟: "consultant3" };


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

async function book(page, { name, mobile, consultant = "auto", visit }) {
  await page.goto("/reservations/new");
  await hydrated(page);
  await page.getByLabel("顾客姓名").fill(name);
  await page.getByLabel("手机号").fill(mobile);
  if (consultant !== "auto") {
    const option = page.getByLabel("销售顾问").locator("option", { hasText: consultant });
    await expect(option).toHaveCount(1);
    await page.getByLabel("销售顾问").selectOption(await option.getAttribute("value"));
  }
  if (visit) await page.getByLabel("预约上门时间").fill(visit);
  await page.getByLabel("基本需求").fill("看订婚钻戒，款号 VR2301");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("created")).toBeVisible();
  return {
    assigned: (await page.getByTestId("assigned-to").textContent()).trim(),
    number: (await page.getByTestId("created-number").textContent()).trim(),
  };
}

test("booking with 自动分配 reaches the consultant live; claim, transfer, pause, finish", async ({ browser }, testInfo) => {
  const v = testInfo.project.name;
  // Every Shanghai consultant has the workspace open on their own device.
  const devices = {};
  for (const [name, username] of Object.entries(CONSULTANTS)) {
    devices[name] = await device(browser, testInfo, username);
    await devices[name].page.evaluate(() => (window.__sameDocument = true));
  }
  const manager = await device(browser, testInfo, "manager1");
  const customer = `林晓${v}`;
  const { assigned, number } = await book(manager.page, { name: customer, mobile: mobileFor(testInfo, 1) });
  expect(Object.keys(CONSULTANTS)).toContain(assigned);
  await shot(manager.page, testInfo, "reservation-created");

  // The assigned consultant's open page shows the waiting customer without a reload.
  const mine = devices[assigned].page;
  const card = mine.getByTestId("queue-waiting").getByTestId("queue-card").filter({ hasText: customer });
  await expect(card).toBeVisible();
  expect(await mine.evaluate(() => window.__sameDocument)).toBe(true);
  await shot(mine, testInfo, "queue-waiting");

  // 领单: serving starts and the customer's name shows in the header.
  await card.getByRole("button", { name: "领单" }).click();
  const serving = mine.getByTestId("queue-serving").getByTestId("queue-card").filter({ hasText: customer });
  await expect(serving).toBeVisible();
  await expect(mine.getByTestId("serving-name")).toHaveText(customer);
  await shot(mine, testInfo, "queue-serving");

  // 转给 a colleague: it lands in their queue, live.
  const colleague = Object.keys(CONSULTANTS).find((n) => n !== assigned);
  await serving.getByTestId("transfer-select").selectOption({ label: colleague });
  await serving.getByRole("button", { name: "转给" }).click();
  await expect(mine.getByTestId("queue").getByText(customer)).toHaveCount(0);
  const theirs = devices[colleague].page;
  const theirCard = theirs.getByTestId("queue-waiting").getByTestId("queue-card").filter({ hasText: customer });
  await expect(theirCard).toBeVisible();
  expect(await theirs.evaluate(() => window.__sameDocument)).toBe(true);

  // 领单, 暂停 (back to waiting), 领单 again, 已结束 with 已成交.
  await theirCard.getByRole("button", { name: "领单" }).click();
  const theirServing = theirs.getByTestId("queue-serving").getByTestId("queue-card").filter({ hasText: customer });
  await theirServing.getByRole("button", { name: "暂停" }).click();
  await expect(theirs.getByTestId("queue-waiting").getByTestId("queue-card").filter({ hasText: customer })).toBeVisible();
  await expect(theirs.getByTestId("serving-name")).toHaveCount(0);
  await theirs.getByTestId("queue-waiting").getByTestId("queue-card").filter({ hasText: customer }).getByRole("button", { name: "领单" }).click();
  await expect(theirServing).toBeVisible();
  await theirServing.getByLabel("已成交").check();
  await theirServing.getByRole("button", { name: "已结束" }).click();
  await expect(theirs.getByTestId("queue").getByText(customer)).toHaveCount(0);

  // The manager finds it as 已成交.
  await manager.page.goto(`/reservations?name=${encodeURIComponent(customer)}`);
  await expect(manager.page.getByTestId("reservation-row").filter({ hasText: number }).getByTestId("row-status")).toHaveText("已成交");
  for (const d of [...Object.values(devices), manager]) await d.context.close();
});

test("a known number: 到店 for an open reservation, 确定 fills the form from the customer", async ({ page }, testInfo) => {
  await signIn(page, "manager1");
  const mobile = mobileFor(testInfo, 2);
  const customer = `周杰${testInfo.project.name}`;
  const tomorrow = new Date(Date.now() + 8 * 3600e3 + 24 * 3600e3).toISOString().slice(0, 16);
  await book(page, { name: customer, mobile, consultant: "王芳", visit: tomorrow });

  // The same number again: the open reservation is shown with 到店.
  await page.goto("/reservations/new");
  await hydrated(page);
  await page.getByLabel("手机号").fill(mobile);
  const open = page.getByTestId("open-reservation");
  await expect(open).toContainText(customer);
  await shot(page, testInfo, "duplicate-number");
  await open.getByRole("button", { name: "到店" }).click();
  await expect(page.getByTestId("arrived-ok")).toBeVisible();

  // Now it is in 王芳's queue as a waiting customer; she ends it without a deal.
  const c = await page.context().browser().newContext({ viewport: testInfo.project.use.viewport });
  const wang = await c.newPage();
  await signIn(wang, "consultant2");
  // 领单 is a client-side action: it answers once the workspace has hydrated.
  await hydrated(wang);
  const card = wang.getByTestId("queue-waiting").getByTestId("queue-card").filter({ hasText: customer });
  await card.getByRole("button", { name: "领单" }).click();
  const serving = wang.getByTestId("queue-serving").getByTestId("queue-card").filter({ hasText: customer });
  await serving.getByLabel("到店未成交").check();
  await serving.getByRole("button", { name: "已结束" }).click();
  await expect(wang.getByTestId("queue").getByText(customer)).toHaveCount(0);
  await c.close();

  // No open reservation any more, but a known customer: 确定 fills the form.
  await page.goto("/reservations/new");
  await hydrated(page);
  await page.getByLabel("手机号").fill(mobile);
  const member = page.getByTestId("member-found");
  await expect(member).toContainText(customer);
  await member.getByRole("button", { name: "确定" }).click();
  await expect(page.getByLabel("顾客姓名")).toHaveValue(customer);

  // A half-typed wrong number is flagged as you type.
  await page.getByLabel("手机号").fill("12");
  await expect(page.getByTestId("mobile-error")).toHaveText("请输入11位中国大陆手机号");
});

test("search by the last four digits and export the list as CSV", async ({ page }, testInfo) => {
  await signIn(page, "manager1");
  const mobile = mobileFor(testInfo, 3);
  const customer = `吴敏${testInfo.project.name}`;
  const { number } = await book(page, { name: customer, mobile, consultant: "张伟" });
  await page.goto("/reservations");
  await hydrated(page);
  await page.getByLabel("手机号（任意部分）").fill(mobile.slice(-4));
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(page).toHaveURL(new RegExp(`phone=${mobile.slice(-4)}`));
  const row = page.getByTestId("reservation-row").filter({ hasText: number });
  await expect(row).toBeVisible();
  const masked = `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
  await expect(row.getByTestId("row-mobile")).toHaveText(masked);
  await shot(page, testInfo, "reservation-search");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  const file = await download.path();
  const bytes = fs.readFileSync(file);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString("utf8").slice(1);
  const lines = text.trim().split("\r\n");
  expect(lines[0]).toBe("预约号,顾客姓名,手机号,体验店,销售顾问,预约上门时间,来源,基本需求,需求等级,状态,结果");
  expect(lines.some((l) => l.includes(number) && l.includes(customer) && l.includes(masked))).toBe(true);
  expect(text.includes(mobile)).toBe(false);
});

test("a customer books a visit on the public page, without signing in", async ({ page }, testInfo) => {
  await page.goto("/book");
  await hydrated(page);
  // The customer books with the jeweller: its brand, not the software's name, heads the page.
  await expect(page.getByTestId("chain-brand")).toBeVisible();
  await expect(page.locator("header.topbar")).not.toContainText("Vitrine");
  await page.getByLabel("体验店").selectOption({ label: "长沙体验店" });
  await page.getByLabel("顾客姓名").fill(`网上顾客${testInfo.project.name}`);
  await page.getByLabel("手机号").fill(mobileFor(testInfo, 4));
  // 15:00 local, within the store's hours (a visit outside them is refused below).
  const visit = new Date(Date.now() + 8 * 3600e3 + 3 * 24 * 3600e3).toISOString().slice(0, 11) + "15:00";
  await page.getByLabel("期望到店时间").fill(visit);
  await page.getByRole("button", { name: "提交" }).click();
  await expect(page.getByTestId("booked")).toContainText(/YY\d{8}-\d{4}/);
  await shot(page, testInfo, "book");
  // A wrong number is refused with the reason next to the field.
  await page.getByLabel("手机号").fill("12345");
  await page.getByRole("button", { name: "提交" }).click();
  await expect(page.locator("#b-phone + .field-error")).toHaveText("请输入11位中国大陆手机号");
});

test("a web booking called back has no consultant: the manager's home says so and she assigns one", async ({ page }, testInfo) => {
  const mobile = mobileFor(testInfo, 5);
  await page.goto("/book");
  await hydrated(page);
  await page.getByLabel("体验店").selectOption({ label: "上海旗舰店" });
  await page.getByLabel("顾客姓名").fill(`回访顾客${testInfo.project.name}`);
  await page.getByLabel("手机号").fill(mobile);
  const visit = new Date(Date.now() + 8 * 3600e3 + 2 * 24 * 3600e3).toISOString().slice(0, 11) + "11:00";
  await page.getByLabel("期望到店时间").fill(visit);
  await page.getByRole("button", { name: "提交" }).click();
  const number = ((await page.getByTestId("booked").textContent()).match(/YY\d{8}-\d{4}/) || [])[0];
  expect(number).toBeTruthy();

  await signIn(page, "manager1");
  await hydrated(page);
  await page.goto(`/reservations?phone=${mobile}`);
  await hydrated(page);
  const row = page.getByTestId("reservation-row").filter({ hasText: number });
  await row.getByRole("button", { name: "已回访" }).click();
  await expect(row.getByTestId("row-unassigned")).toHaveText("待分配顾问");

  // The home page prompts; its link lists the bookings nobody has.
  await page.goto("/");
  await hydrated(page);
  const notice = page.getByTestId("unassigned-notice");
  await expect(notice).toContainText(/有 \d+ 个预约尚未分配顾问/);
  await shot(page, testInfo, "home-unassigned");
  await notice.getByRole("link").click();
  await expect(page).toHaveURL(/unassigned=1/);
  await expect(page.getByTestId("only-unassigned")).toBeChecked();
  const listed = page.getByTestId("reservation-row").filter({ hasText: number });
  await listed.getByTestId("row-unassigned").click();
  await expect(page).toHaveURL(/\/reservations\/\d+$/);
  await hydrated(page);
  await expect(page.getByTestId("detail-consultant")).toHaveText("待分配顾问");
  await page.getByTestId("assign-select").selectOption({ label: "李娜" });
  await page.getByTestId("assign-button").click();
  await expect(page.getByTestId("detail-consultant")).toHaveText("李娜");
  await expect(page.getByTestId("detail-status")).toHaveText("未到店");
  await expect(page.getByTestId("history")).toContainText("手动指定");
  await shot(page, testInfo, "reservation-assigned");
  await page.goto(`/reservations?unassigned=1&phone=${mobile}`);
  await expect(page.getByTestId("reservation-row")).toHaveCount(0);
});
