// Shared store tablets (issue 12, item 20): the manager registers the tablet in hand; each
// person sets their own PIN (password first); on the registered tablet, staff switch by
// choosing their name and typing the PIN, and the previous person's session and kept pages go.
const { test, expect } = require("./fixtures");
const { PASSWORD, signIn, hydrated, shot } = require("./helpers");

function context(browser, testInfo, more = {}) {
  return browser.newContext({
    viewport: testInfo.project.use.viewport,
    isMobile: testInfo.project.use.isMobile,
    hasTouch: testInfo.project.use.hasTouch,
    ...more,
  });
}

/** A 6-digit PIN that is not a first guess, different per viewport. */
function pinFor(testInfo) {
  return { phone: "480915", tablet: "592806", desktop: "703917" }[testInfo.project.name];
}

test("a manager registers the tablet and staff switch on it with their own PIN", async ({ browser }, testInfo) => {
  const pin = pinFor(testInfo);
  const deviceName = `前台平板-${testInfo.project.name}`;
  // The store's tablet, in the manager's hands.
  const tabletCtx = await context(browser, testInfo);
  const tablet = await tabletCtx.newPage();
  await signIn(tablet, "manager1");
  await hydrated(tablet);
  await tablet.getByRole("link", { name: "门店设备" }).click();
  await expect(tablet).toHaveURL(/\/devices$/);
  await tablet.getByLabel("设备名称（如：前台平板）").fill(deviceName);
  await tablet.getByRole("button", { name: "登记本设备" }).click();
  await expect(tablet.getByTestId("device-registered")).toBeVisible();
  await expect(tablet.getByTestId("this-registered")).toHaveText("本设备已登记。");
  const mine = tablet.getByTestId("device").filter({ hasText: deviceName });
  await expect(mine).toContainText("本设备");
  await expect(mine.getByTestId("device-state")).toHaveText("使用中");
  await shot(tablet, testInfo, "devices");

  // 张伟 sets his PIN on his own phone: a wrong password is named at its field, and what he
  // typed in the PIN fields stays.
  const phoneCtx = await context(browser, testInfo);
  const phone = await phoneCtx.newPage();
  await signIn(phone, "consultant3");
  await hydrated(phone);
  await phone.getByTestId("current-user").click();
  await expect(phone).toHaveURL(/\/account\/pin$/);
  await hydrated(phone);
  await expect(phone.getByTestId("pin-status")).toBeVisible();
  await phone.getByLabel("您的登录密码").fill("not-my-password");
  await phone.getByLabel("新 PIN（6位数字）").fill("123456");
  await phone.getByLabel("再次输入 PIN").fill("123456");
  await phone.getByTestId("save-pin").click();
  await expect(phone.locator("#f-pin-err")).toHaveText("PIN 太容易猜：不能是同一数字重复或 123456 这样的连续数字");
  await phone.getByLabel("新 PIN（6位数字）").fill(pin);
  await phone.getByLabel("再次输入 PIN").fill(pin);
  await phone.getByTestId("save-pin").click();
  await expect(phone.locator("#f-password-err")).toHaveText("密码不正确");
  await expect(phone.getByLabel("新 PIN（6位数字）")).toHaveValue(pin);
  await phone.getByLabel("您的登录密码").fill(PASSWORD);
  await phone.getByTestId("save-pin").click();
  await expect(phone.getByTestId("pin-saved")).toHaveText("PIN 已保存。");
  await expect(phone.getByTestId("pin-status")).toContainText("您已设置 PIN");
  await shot(phone, testInfo, "account-pin");
  await phoneCtx.close();

  // The manager hands the tablet over: after 退出, the tablet offers the switch.
  await tablet.goto("/sales");
  await hydrated(tablet);
  await tablet.getByRole("button", { name: "退出" }).click();
  await expect(tablet).toHaveURL(/\/login/);
  const panel = tablet.getByTestId("pin-panel");
  await expect(panel.getByTestId("pin-device")).toHaveText(`本设备：${deviceName} · 上海旗舰店`);
  await shot(tablet, testInfo, "login-pin");
  // A wrong PIN: said so, and his name stays chosen.
  await panel.getByLabel("张伟").check();
  await panel.getByLabel("PIN（6位数字）").fill("000001");
  await panel.getByTestId("pin-switch").click();
  await expect(tablet.getByTestId("login-error")).toHaveText("PIN 不正确，请重试");
  await expect(tablet.getByTestId("pin-panel").getByLabel("张伟")).toBeChecked();
  await tablet.getByTestId("pin-panel").getByLabel("PIN（6位数字）").fill(pin);
  await tablet.getByTestId("pin-panel").getByTestId("pin-switch").click();
  await expect(tablet.getByTestId("current-user")).toHaveText("张伟");
  // Nothing the manager read is kept on the tablet for 张伟 to open offline.
  const kept = await tablet.evaluate(async () => {
    const names = (await caches.keys()).filter((k) => k.startsWith("vitrine-pages-"));
    const paths = [];
    for (const n of names) for (const r of await (await caches.open(n)).keys()) paths.push(new URL(r.url).pathname);
    return paths;
  });
  expect(kept).not.toContain("/sales");
  await tabletCtx.close();
});

test("without JavaScript: a tablet is registered and a PIN switches on it", async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== "tablet", "one viewport is enough for the plain forms");
  const ctx = await context(browser, testInfo, { javaScriptEnabled: false });
  const page = await ctx.newPage();
  // 赵丽 (Changsha) has a PIN.
  const api = await context(browser, testInfo);
  const zhao = await api.newPage();
  await signIn(zhao, "consultant4");
  const set = await zhao.request.post("/api/account/set_pin", {
    headers: { Accept: "application/json" },
    form: { "input[password]": PASSWORD, "input[pin]": "615283", "input[confirm]": "615283" },
  });
  expect(set.ok(), await set.text()).toBeTruthy();
  await api.close();

  await signIn(page, "manager2");
  await page.goto("/devices");
  // A name with a control character is refused next to the field, with what was typed.
  await page.getByLabel("设备名称（如：前台平板）").fill("长沙\u0007平板");
  await page.getByRole("button", { name: "登记本设备" }).click();
  await expect(page.getByTestId("device-name-error")).toHaveText("不能包含换行、控制字符或文字方向控制符，请删除后重试");
  await expect(page.getByLabel("设备名称（如：前台平板）")).toHaveValue("长沙\u0007平板");
  await page.getByLabel("设备名称（如：前台平板）").fill("长沙收银台");
  await page.getByRole("button", { name: "登记本设备" }).click();
  await expect(page.getByTestId("this-registered")).toBeVisible();
  await page.getByRole("button", { name: "退出" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByTestId("pin-panel").getByLabel("赵丽").check();
  await page.getByTestId("pin-panel").getByLabel("PIN（6位数字）").fill("615283");
  await page.getByTestId("pin-switch").click();
  await expect(page.getByTestId("current-user")).toHaveText("赵丽");
  await ctx.close();
});
