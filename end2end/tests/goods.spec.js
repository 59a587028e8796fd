const fs = require("fs");
const { test, expect } = require("./fixtures");
const { signIn, hydrated, shot, collectErrors } = require("./helpers");

const COLOURS = "DEFGHIJKLMNOPQRSTUVWXYZ".split("");
const CLARITY = ["FL", "IF", "VVS1", "VVS2", "VS1", "VS2", "SI1", "SI2", "I1", "I2", "I3"];

async function device(browser, testInfo, username) {
  const context = await browser.newContext({
    viewport: testInfo.project.use.viewport,
    isMobile: testInfo.project.use.isMobile,
    hasTouch: testInfo.project.use.hasTouch,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await signIn(page, username);
  await hydrated(page);
  return { context, page };
}

/** On a phone the filters beyond barcode and name are folded behind 筛选条件: open them as a
 * person would (wider screens show them all). */
async function openFilters(page) {
  const toggle = page.getByTestId("filters-toggle");
  if (await toggle.isVisible()) await toggle.click();
  await expect(page.locator("#g-category")).toBeVisible();
}

/** The barcodes of the result list, in order. */
async function barcodes(page) {
  return (await page.getByTestId("goods-row").locator("td.barcode").allTextContents()).map((s) => s.trim());
}

test("a consultant on a phone finds G+/VS2+ rings of 0.5–1.0 ct in sizes 12–14 and holds one for a customer", async ({ browser }, testInfo) => {
  const { context, page } = await device(browser, testInfo, "consultant1");
  const errors = collectErrors(page);
  // A customer to hold the ring for (booked as a consultant would).
  const mobile = `139${testInfo.project.name.length}${(Date.now() % 10000000).toString().padStart(7, "0")}`;
  await page.goto("/reservations/new");
  await hydrated(page);
  await page.getByLabel("顾客姓名").fill(`蒋${testInfo.project.name}`);
  await page.getByLabel("手机号").fill(mobile);
  await page.getByLabel("基本需求").fill("订婚戒指");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("created")).toBeVisible();

  await page.getByRole("link", { name: "货品查询" }).click();
  await expect(page).toHaveURL(/\/goods$/);
  await hydrated(page);
  // Each change updates the URL and the results without a reload (debounced).
  await page.evaluate(() => (window.__sameDocument = true));
  await openFilters(page);
  await page.getByLabel("品类").selectOption("ring");
  await page.locator("#g-carat-min").fill("0.5");
  await page.locator("#g-carat-max").fill("1.0");
  await page.getByLabel("颜色（最低）").selectOption("G");
  await page.getByLabel("净度（最低）").selectOption("VS2");
  await page.locator("#g-ring-min").fill("12");
  await page.locator("#g-ring-max").fill("14");
  await expect(page).toHaveURL(/category=ring/);
  await expect(page).toHaveURL(/carat_min=0\.5.*carat_max=1(\.0)?\b.*color_min=G.*clarity_min=VS2.*ring_min=12.*ring_max=14/);
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
  const rows = page.getByTestId("goods-row");
  await expect(rows.first()).toBeVisible();
  const n = await rows.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    const row = rows.nth(i);
    const carat = parseFloat((await row.getByTestId("row-carat").textContent()).replace("ct", ""));
    expect(carat).toBeGreaterThanOrEqual(0.5);
    expect(carat).toBeLessThanOrEqual(1.0);
    expect(COLOURS.indexOf((await row.getByTestId("row-color").textContent()).trim())).toBeLessThanOrEqual(COLOURS.indexOf("G"));
    expect(CLARITY.indexOf((await row.getByTestId("row-clarity").textContent()).trim())).toBeLessThanOrEqual(CLARITY.indexOf("VS2"));
    const ring = parseFloat(await row.getByTestId("row-ring").textContent());
    expect(ring).toBeGreaterThanOrEqual(12);
    expect(ring).toBeLessThanOrEqual(14);
  }
  await shot(page, testInfo, "goods-search");
  const url = page.url();
  const found = await barcodes(page);

  // The same link in another browser (another person, before any script runs) shows the same.
  const other = await browser.newContext({ viewport: testInfo.project.use.viewport, javaScriptEnabled: false });
  const otherPage = await other.newPage();
  await signIn(otherPage, "consultant2");
  await expect(otherPage).toHaveURL(/\/$/);
  await otherPage.goto(url);
  await expect(otherPage.getByTestId("goods-total")).toBeVisible();
  expect(await barcodes(otherPage)).toEqual(found);
  await other.close();

  // Hold the first item that is in stock.
  const inStock = rows.filter({ has: page.getByTestId("row-status").filter({ hasText: "在库" }) }).first();
  await inStock.locator("td.barcode a").click();
  await expect(page.getByTestId("reserve-form")).toBeVisible();
  await page.getByLabel("顾客手机号").fill(mobile);
  await expect(page.getByTestId("reserve-customer")).toContainText(`蒋${testInfo.project.name}`);
  await page.getByTestId("reserve-form").getByRole("button", { name: "预留" }).click();
  await expect(page.getByTestId("item-status")).toHaveText("已预留");
  await expect(page.getByTestId("reserved-for")).toContainText(`蒋${testInfo.project.name}`);
  await expect(page.getByTestId("item-history").locator("li").first()).toContainText("预留");
  await shot(page, testInfo, "goods-item-held");
  expect(errors).toEqual([]);
  await context.close();
});

test("the result list downloads as CSV with the same rows", async ({ browser }, testInfo) => {
  const { context, page } = await device(browser, testInfo, "manager1");
  await page.goto("/goods?category=bangle&material=AU999");
  await hydrated(page);
  const total = parseInt((await page.getByTestId("goods-total").textContent()).replace(/\D/g, ""), 10);
  expect(total).toBeGreaterThan(0);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("goods-export").click()]);
  const text = fs.readFileSync(await download.path(), "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const lines = text.trim().split(/\r\n/);
  expect(lines[0]).toContain("条码");
  expect(lines.length - 1).toBe(total);
  for (const line of lines.slice(1)) expect(line).toContain("手镯");
  await context.close();
});

test("head office imports a small ERP file with one bad row and sees the report", async ({ browser }, testInfo) => {
  const { context, page } = await device(browser, testInfo, "hq");
  await page.goto("/goods/import");
  await hydrated(page);
  const stamp = `${testInfo.project.name}${Date.now() % 1000000}`;
  const csv = [
    "erp_id,barcode,style_no,name,category,material,weight_g,carat,color,clarity,cut,polish,symmetry,fluorescence,cert_lab,cert_no,ring_size,price,presale,store,status,photo_url",
    `E2E${stamp}A,E2E${stamp}A,R2001,测试钻戒,ring,PT950,3.1,0.52,G,VS1,EX,EX,VG,N,GIA,${stamp}1,12,18800,0,上海旗舰店,,`,
    `E2E${stamp}B,E2E${stamp}B,R2002,测试钻戒,ring,PT950,3.1,0.52,G,VS1,EX,EX,VG,N,GIA,${stamp}2,12,abc,0,上海旗舰店,,`,
    `E2E${stamp}C,E2E${stamp}C,P2003,"吊坠, 心形",pendant,18K_WHITE,1.2,0.3,F,VVS2,VG,VG,VG,F,NGTC,${stamp}3,,9900,1,长沙体验店,,`,
  ].join("\r\n");
  await page.getByTestId("import-file").setInputFiles({ name: "erp.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByTestId("import-summary")).toContainText("已导入 2 行");
  await expect(page.getByTestId("import-progress")).toHaveAttribute("value", "3");
  const rejected = page.getByTestId("import-rejected").locator("tbody tr");
  await expect(rejected).toHaveCount(1);
  await expect(rejected.first()).toContainText("2");
  await expect(rejected.first()).toContainText("price");
  await shot(page, testInfo, "goods-import-report");
  // The good rows are searchable at once.
  await page.goto(`/goods?store=all&barcode=E2E${stamp}C`);
  await expect(page.getByTestId("goods-row")).toHaveCount(1);
  await context.close();
});

test("the search shows the stock on the shelves unless asked, and names a filter typed wrong next to it", async ({ browser }, testInfo) => {
  const { context, page } = await device(browser, testInfo, "consultant1");
  const count = async () => parseInt((await page.getByTestId("goods-total").textContent()).replace(/\D/g, ""), 10);
  await page.goto("/goods");
  await hydrated(page);
  await expect(page.locator("#g-status")).toHaveValue("in_stock");
  const statuses = await page.getByTestId("row-status").allTextContents();
  expect(statuses.length).toBeGreaterThan(0);
  expect(statuses.every((s) => s.trim() === "在库")).toBe(true);
  // Money reads one way on every page: ¥12,345.00.
  for (const price of await page.getByTestId("row-price").getByTestId("price-amount").allTextContents()) expect(price.trim()).toMatch(/^¥\d{1,3}(,\d{3})*\.\d{2}$/);
  const inStock = await count();
  await openFilters(page);
  await page.locator("#g-status").selectOption("any");
  await expect(page).toHaveURL(/status=any/);
  await expect.poll(count).toBeGreaterThan(inStock);

  // Letters in a price: the field says so, nothing is listed or exported until it is put right.
  await page.locator("#g-price-min").fill("abc");
  await expect(page.getByTestId("g-price-err")).toHaveText("请输入数字");
  await expect(page.locator("#g-price-min")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("goods-filter-errors")).toBeVisible();
  await expect(page.getByTestId("goods-table")).toHaveCount(0);
  await expect(page.getByTestId("goods-export")).toHaveCount(0);
  await shot(page, testInfo, "goods-filter-error");
  await page.locator("#g-price-min").fill("100");
  await expect(page.getByTestId("goods-table")).toBeVisible();
  await expect(page.getByTestId("g-price-err")).toHaveText("");
  await expect(page.getByTestId("goods-filter-errors")).toHaveCount(0);
  await expect(page.locator("#g-price-min")).toHaveAttribute("aria-invalid", "false");

  // Without scripts too, keeping what was typed.
  const plain = await browser.newContext({ viewport: testInfo.project.use.viewport, javaScriptEnabled: false });
  const p = await plain.newPage();
  await signIn(p, "consultant1");
  await p.goto("/goods?carat_max=-1");
  await expect(p.getByTestId("g-carat-err")).toHaveText("请输入不小于0的数字");
  await expect(p.locator("#g-carat-max")).toHaveValue("-1");
  await expect(p.getByTestId("goods-filter-errors")).toBeVisible();
  await plain.close();
  await context.close();
});

test("on a phone the results are compact cards, the filters fold away, and an empty result says what to do next", async ({ browser }, testInfo) => {
  const { context, page } = await device(browser, testInfo, "consultant1");
  await page.goto("/goods?category=ring");
  const rows = page.getByTestId("goods-row");
  await expect(rows.first()).toBeVisible();
  const phone = testInfo.project.name === "phone";
  // The filters asked for in the address are open; a plain /goods folds them on a phone only.
  await expect(page.locator("#g-category")).toBeVisible();
  await page.goto("/goods");
  await expect(rows.first()).toBeVisible();
  if (phone) {
    await expect(page.locator("#g-category")).toBeHidden();
    await expect(page.locator("#g-barcode")).toBeVisible();
    await expect(page.getByTestId("filters-toggle")).toBeVisible();
    // About four cards a screen: each card is under a quarter of the screen between the bars.
    const heights = await rows.evaluateAll((trs) => trs.slice(0, 6).map((tr) => tr.getBoundingClientRect().height));
    for (const h of heights) expect(h).toBeLessThan((844 - 56 - 60) / 4);
    // A card shows the key facts in one line, the price and the status as a tag.
    const first = rows.first();
    await expect(first.getByTestId("row-facts")).toBeVisible();
    await expect(first.getByTestId("row-facts")).toContainText("·");
    await expect(first.getByTestId("price-amount")).toBeVisible();
    await expect(first.getByTestId("row-status").locator(".state-tag")).toHaveText("在库");
    await expect(first.getByTestId("row-color")).toBeHidden();
    // The whole card opens the piece: a tap on its right edge, away from the barcode.
    const box = await first.boundingBox();
    const barcode = (await first.locator("td.barcode").textContent()).trim();
    await page.touchscreen.tap(box.x + box.width - 12, box.y + 12);
    await expect(page).toHaveURL(/\/goods\/\d+$/);
    await expect(page.getByText(barcode).first()).toBeVisible();
    await page.goBack();
  } else {
    // Wider screens keep the table with every column, the filters all shown.
    await expect(page.getByTestId("filters-toggle")).toBeHidden();
    await expect(page.locator("#g-category")).toBeVisible();
    await expect(rows.first().getByTestId("row-color")).toBeVisible();
    await expect(rows.first().getByTestId("row-facts")).toBeHidden();
  }
  await shot(page, testInfo, "goods-cards");

  // Nothing matches: the list says what to do next, and its buttons do it.
  await page.goto("/goods?q=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%AA%E6%AC%BE");
  const empty = page.getByTestId("empty-state");
  await expect(empty).toContainText("没有符合条件的货品");
  await expect(empty).toContainText("放宽条件");
  await shot(page, testInfo, "goods-empty");
  await empty.getByTestId("search-any-status").click();
  await expect(page).toHaveURL(/status=any/);
  await expect(page).toHaveURL(/q=/);
  await page.getByTestId("empty-state").getByRole("link", { name: "清除条件" }).click();
  await expect(page).toHaveURL(/\/goods$/);
  await expect(rows.first()).toBeVisible();

  // Without scripts the fold works the same (a checkbox and its label).
  if (phone) {
    const plain = await browser.newContext({ viewport: testInfo.project.use.viewport, isMobile: true, hasTouch: true, javaScriptEnabled: false });
    const p = await plain.newPage();
    await signIn(p, "consultant1");
    await p.goto("/goods");
    await expect(p.locator("#g-category")).toBeHidden();
    await p.getByTestId("filters-toggle").click();
    await expect(p.locator("#g-category")).toBeVisible();
    await p.locator("#g-category").selectOption("ring");
    await p.getByRole("button", { name: "搜索" }).click();
    await expect(p).toHaveURL(/category=ring/);
    await expect(p.locator("#g-category")).toBeVisible();
    await plain.close();
  }
  await context.close();
});

/** Today's date in the chain's zone, as the pages print it (YYYY-MM-DD). */
function chainToday() {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
}

/** ¥3,016.90 → 301690 (fen). */
function fenOf(text) {
  const m = text.replace(/[,\s]/g, "").match(/¥(\d+)\.(\d{2})/);
  return parseInt(m[1], 10) * 100 + parseInt(m[2], 10);
}

test("gold priced by weight is quoted at the till's price, with its formula and the day's gold price", async ({ browser }, testInfo) => {
  const { context, page } = await device(browser, testInfo, "consultant1");
  await page.goto("/goods?material=AU999");
  await hydrated(page);
  const row = page.getByTestId("goods-row").first();
  await expect(row).toBeVisible();
  const cell = row.getByTestId("row-price");
  const note = (await cell.getByTestId("price-basis").textContent()).trim();
  // "5.13 g × ¥588.00/g + 工费 ¥102.60 · 2026-12-04 金价": the formula, and today's price.
  const m = note.match(/^([\d.]+) g × ¥([\d,.]+)\/g \+ 工费 ¥([\d,.]+) · (\d{4}-\d{2}-\d{2}) 金价$/);
  expect(m, note).not.toBeNull();
  expect(m[4]).toBe(chainToday());
  await expect(cell.getByTestId("price-basis")).not.toHaveClass(/warn/);
  // The price shown is weight × price + labour, rounded to the fen as the till rounds.
  const weightMg = Math.round(parseFloat(m[1]) * 1000);
  const perGram = fenOf(`¥${m[2]}`);
  const labour = fenOf(`¥${m[3]}`);
  const shown = fenOf(await cell.textContent());
  expect(shown).toBe(Math.floor((weightMg * perGram + 500) / 1000) + labour);
  // Sorting by price agrees with the prices shown.
  await page.goto("/goods?material=AU999&sort=-price");
  const prices = [];
  for (const t of await page.getByTestId("row-price").allTextContents()) prices.push(fenOf(t));
  expect(prices.length).toBeGreaterThan(1);
  for (let i = 1; i < prices.length; i++) expect(prices[i]).toBeLessThanOrEqual(prices[i - 1]);
  await shot(page, testInfo, "goods-gold-prices");
  // The item page quotes the same.
  await page.goto("/goods?material=AU999");
  await page.getByTestId("goods-row").first().locator("td.barcode a").click();
  await expect(page.getByTestId("item-price")).toContainText(note);
  expect(fenOf(await page.getByTestId("item-price").textContent())).toBe(shown);
  await shot(page, testInfo, "goods-gold-item");
  // And so does the print list.
  const print = await context.request.get("/goods/print?material=AU999");
  expect(print.status()).toBe(200);
  expect(await print.text()).toContain(note);
  await context.close();
});

test("the hold form keeps what was typed, names each field to fix, and registers a walk-in", async ({ browser }, testInfo) => {
  const { context, page } = await device(browser, testInfo, "consultant1");
  const errors = collectErrors(page);
  const pick = { phone: 4, tablet: 5, desktop: 6 }[testInfo.project.name] ?? 7;
  await page.goto("/goods?store=1&category=pendant");
  await hydrated(page);
  await page.getByTestId("goods-row").nth(pick).locator("td.barcode a").click();
  const form = page.getByTestId("reserve-form");
  await expect(form).toBeVisible();
  await hydrated(page);
  const mobile = page.getByLabel("顾客手机号");
  const until = page.getByLabel("预留至");
  // A 10-digit number and a date a year away: both named at once, both kept.
  const far = new Date(Date.now() + 400 * 86400000).toISOString().slice(0, 10);
  await mobile.fill("1390000111");
  await until.fill(far);
  await form.getByRole("button", { name: "预留" }).click();
  await expect(page.getByTestId("reserve-customer-error")).toHaveText("请输入11位中国大陆手机号");
  await expect(mobile).toHaveAttribute("aria-invalid", "true");
  await expect(until).toHaveAttribute("aria-invalid", "true");
  await expect(mobile).toHaveValue("1390000111");
  await expect(until).toHaveValue(far);
  await shot(page, testInfo, "goods-hold-errors");
  // Fixing the number clears its message (the date's stays until the date is fixed).
  const walkIn = `13${pick}${(Date.now() % 100000000).toString().padStart(8, "0")}`.slice(0, 11);
  await mobile.fill(walkIn);
  await expect(page.getByTestId("reserve-customer-error")).toHaveText("");
  await expect(mobile).not.toHaveAttribute("aria-invalid", "true");
  await expect(until).toHaveAttribute("aria-invalid", "true");
  // A number nobody has: she can be registered right here.
  await expect(page.getByTestId("reserve-new-customer")).toContainText("没有该手机号的顾客");
  const name = page.getByLabel("新顾客姓名");
  await expect(name).toBeVisible();
  const soon = new Date(Date.now() + 2 * 86400000 + 8 * 3600000).toISOString().slice(0, 10);
  await until.fill(soon);
  await form.getByRole("button", { name: "预留" }).click();
  await expect(page.getByTestId("reserve-customer-error")).toContainText("请填写新顾客姓名");
  await expect(until).not.toHaveAttribute("aria-invalid", "true");
  await name.fill(`路过${testInfo.project.name}`);
  await expect(page.getByTestId("reserve-customer-error")).toHaveText("");
  await form.getByRole("button", { name: "预留" }).click();
  await expect(page.getByTestId("item-status")).toHaveText("已预留");
  await expect(page.getByTestId("reserved-for")).toContainText(`路过${testInfo.project.name}`);
  await shot(page, testInfo, "goods-hold-walk-in");
  // The refused holds answer 422, which the browser logs; nothing else may go wrong.
  expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  await context.close();
});
