const { test, expect } = require("./fixtures");
const { signIn, hydrated, shot, collectErrors } = require("./helpers");

const ROLES = [
  { username: "admin", name: "系统管理员", role: "系统管理员" },
  { username: "hq", name: "周敏", role: "总部" },
  { username: "manager1", name: "陈静", role: "店长" },
  { username: "consultant1", name: "李娜", role: "销售顾问" },
  { username: "consultant2", name: "王芳", role: "销售顾问" },
  { username: "consultant3", name: "张伟", role: "销售顾问" },
  { username: "manager2", name: "刘洋", role: "店长" },
  { username: "consultant4", name: "赵丽", role: "销售顾问" },
  { username: "consultant5", name: "孙强", role: "销售顾问" },
];

for (const r of ROLES) {
  test(`signs in as ${r.username}`, async ({ page }, testInfo) => {
    await signIn(page, r.username);
    await expect(page.getByTestId("current-user")).toHaveText(r.name);
    if (r.role === "店长") {
      // A store manager's home is the floor board.
      await expect(page).toHaveURL(/\/floor$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("门店看板");
    } else {
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByTestId("role")).toHaveText(r.role);
    }
    await hydrated(page);
    await shot(page, testInfo, `home-${r.username}`);
  });
}

test("a wrong password is refused with a clear message", async ({ page }, testInfo) => {
  // One account per viewport, so the throttle (5 failures) is never reached by this suite.
  const who = { phone: "consultant3", tablet: "consultant4", desktop: "consultant2" }[testInfo.project.name];
  await signIn(page, who, "not-my-password");
  await expect(page).toHaveURL(/\/login\?error=invalid/);
  await expect(page.getByTestId("login-error")).toHaveText("用户名或密码错误");
  // The username stays as typed; the password is typed again.
  await expect(page.getByLabel("用户名")).toHaveValue(who);
  await expect(page.getByLabel("密码")).toHaveValue("");
  await expect(page.getByLabel("密码")).toBeFocused();
  await shot(page, testInfo, "login-error");
});

test("the sign-in page works without JavaScript", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: testInfo.project.use.viewport });
  const page = await context.newPage();
  await signIn(page, "manager2");
  await expect(page.getByTestId("current-user")).toHaveText("刘洋");
  await context.close();
});

test("the app hydrates: in-app navigation without a document reload, no console errors", async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await signIn(page, "admin");
  await hydrated(page);
  await page.evaluate(() => {
    window.__sameDocument = true;
  });
  await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "员工" }).click();
  await expect(page).toHaveURL(/\/admin\/staff$/);
  await expect(page.getByTestId("staff-table")).toContainText("consultant5");
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
  await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "门店" }).click();
  await expect(page.getByTestId("stores-table")).toContainText("长沙体验店");
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
  await shot(page, testInfo, "admin-stores");
  expect(errors).toEqual([]);
});

test("a consultant gets 403 on /admin/staff", async ({ page }, testInfo) => {
  await signIn(page, "consultant1");
  await expect(page).toHaveURL(/\/$/);
  const res = await page.goto("/admin/staff");
  expect(res.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toContainText("无权访问此页面");
  await shot(page, testInfo, "forbidden");
});

test("signing out ends the session", async ({ page }, testInfo) => {
  await signIn(page, "consultant1");
  await hydrated(page);
  // 退出 is never next to the language switch: the person's name stands between them, so a tap
  // meant for EN cannot sign her out.
  const box = async (l) => l.boundingBox();
  const [lang, who, out] = await Promise.all([
    box(page.getByTestId("lang-switch")),
    box(page.getByTestId("current-user")),
    box(page.getByRole("button", { name: "退出" })),
  ]);
  expect(lang.x + lang.width).toBeLessThanOrEqual(who.x);
  expect(who.x + who.width).toBeLessThanOrEqual(out.x);
  await shot(page, testInfo, "topbar");
  await page.getByRole("button", { name: "退出" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("button", { name: "登录" })).toBeVisible();
  await shot(page, testInfo, "login");
});

test("the language switch changes the interface and is remembered", async ({ page }) => {
  await signIn(page, "hq");
  await hydrated(page);
  await page.getByTestId("lang-switch").click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByTestId("role")).toHaveText("Head office");
  // Remembered on the server: a fresh page load comes back in English.
  await expect.poll(async () => {
    await page.reload();
    return page.getByTestId("role").textContent();
  }).toBe("Head office");
  // The switch is a client-side control: wait for the reloaded page to hydrate before using it.
  await hydrated(page);
  await page.getByTestId("lang-switch").click();
  await expect(page.getByTestId("role")).toHaveText("总部");
  await expect.poll(async () => {
    await page.reload();
    return page.getByTestId("role").textContent();
  }).toBe("总部");
});
