const { test, expect } = require("./fixtures");
const { signIn, hydrated, shot } = require("./helpers");

test("an admin creates a store and a staff member who then signs in", async ({ page, browser }, testInfo) => {
  const v = testInfo.project.name;
  const storeName = `杭州体验店-${v}`;
  const username = `hz-${v}`;
  await signIn(page, "admin");
  await hydrated(page);

  await page.goto("/admin/stores/new");
  await hydrated(page);
  // Validation errors are shown in the page, in Chinese, and nothing is saved.
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.locator("#f-name-err")).toHaveText("必填");
  await expect(page.locator("#f-address-err")).toHaveText("必填");
  await shot(page, testInfo, "store-form-errors");

  await page.getByLabel("门店名称").fill(storeName);
  await page.getByLabel("城市").fill("杭州");
  await page.getByLabel("地址").fill("杭州市西湖区湖滨路28号");
  await page.getByLabel("电话").fill("0571-87000000");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page).toHaveURL(/\/admin\/stores$/);
  await expect(page.getByTestId("stores-table")).toContainText(storeName);

  await page.goto("/admin/staff/new");
  await hydrated(page);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("姓名").fill("钱多多");
  await page.getByLabel("角色").selectOption("consultant");
  await page.getByLabel("门店").selectOption({ label: storeName });
  await page.getByLabel("密码").fill("hangzhou-2026");
  await shot(page, testInfo, "staff-form");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page).toHaveURL(/\/admin\/staff\/\d+$/);
  await expect(page.getByRole("heading", { name: new RegExp(username) })).toBeVisible();

  const context = await browser.newContext({ viewport: testInfo.project.use.viewport });
  const other = await context.newPage();
  await signIn(other, username, "hangzhou-2026");
  await expect(other.getByTestId("current-user")).toHaveText("钱多多");
  await expect(other.locator(".userbar .where")).toHaveText(storeName);
  await context.close();

  await page.goto("/admin/audit?action=staff.create");
  await expect(page.getByTestId("audit-table")).toContainText(username);
  await shot(page, testInfo, "audit");
});

test("admin pages: dictionaries and staff paging render on every viewport", async ({ page }, testInfo) => {
  await signIn(page, "admin");
  await page.goto("/admin/dictionaries?kind=material");
  await expect(page.getByTestId("dict-table")).toContainText("PT950");
  await shot(page, testInfo, "dictionaries");
  await page.goto("/admin/staff?sort=username&dir=desc");
  await expect(page.getByTestId("staff-table").locator("tbody tr").first()).toContainText("manager2");
  await shot(page, testInfo, "staff-list");
});

test("an admin adds a material priced by weight, and a source cannot be", async ({ page }, testInfo) => {
  // Not containing "AU999": the sales journey finds the gold row by that code.
  const code = `ZJ-9999-${testInfo.project.name}`;
  await signIn(page, "admin");
  await page.goto("/admin/dictionaries?kind=material");
  await hydrated(page);
  const form = page.getByTestId("dict-new-form");
  await form.getByLabel("代码").fill(code);
  await form.getByLabel("中文名称").fill("万足金");
  await form.getByLabel("英文名称").fill("Pure gold 9999");
  await form.getByLabel("按克重计价（克重 × 当日金价 + 工费）").check();
  await form.getByRole("button", { name: "新增" }).click();
  const row = page.getByTestId("dict-table").locator("tr").filter({ hasText: code });
  await expect(row).toContainText("是");
  await shot(page, testInfo, "dictionaries-by-weight");
  // Sources have no such box: only materials are priced by weight.
  await page.goto("/admin/dictionaries?kind=source");
  await expect(page.getByTestId("dict-new-form")).toBeVisible();
  await expect(page.getByTestId("dict-new-form").getByLabel("按克重计价（克重 × 当日金价 + 工费）")).toHaveCount(0);
});

test("an admin makes an ERP token, sees it once, and revokes it", async ({ page, request }, testInfo) => {
  const name = `SAP PI ${testInfo.project.name}`;
  await signIn(page, "admin");
  await page.goto("/admin/tokens");
  await hydrated(page);
  // A blank name is refused in the page.
  await page.getByRole("button", { name: "新建令牌" }).click();
  await expect(page.locator("#f-name-err")).toHaveText("必填");
  await page.getByLabel("名称").fill(name);
  await page.getByRole("button", { name: "新建令牌" }).click();
  const shown = page.getByTestId("new-token");
  await expect(shown).toContainText("只显示这一次");
  const token = await shown.locator("input").inputValue();
  expect(token).toMatch(/^vt_[0-9a-f]{48}$/);
  const row = page.getByTestId("tokens-table").locator("tr", { hasText: name });
  await expect(row).toContainText("从未使用");
  await shot(page, testInfo, "api-token-created");

  const sync = () => request.post("/api/v1/items:sync", { headers: { Authorization: `Bearer ${token}` }, data: [] });
  expect((await sync()).status()).toBe(200);

  // After a reload the secret is gone for good; the list shows it was used.
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await expect(row).not.toContainText("从未使用");
  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: "撤销" }).click();
  await expect(row).toContainText("已撤销");
  await expect(row.getByRole("button", { name: "撤销" })).toHaveCount(0);
  expect((await sync()).status()).toBe(401);
  await shot(page, testInfo, "api-token-revoked");
});
