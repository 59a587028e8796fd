const path = require("path");
const { expect } = require("@playwright/test");
const { smallTargets } = require("./touch");

const PASSWORD = "vitrine-demo";

/** Signs in through the real form, as a person would. */
async function signIn(page, username, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

/** Waits until the Wasm has hydrated the page (the hydrate entry marks <body>). */
async function hydrated(page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
}

/** Saves a full-page screenshot under end2end/artifacts/<viewport>/<name>.png, after checking
 * that the page is no wider than its screen and that every tap target on it is at least 44 px
 * (the suite's fixture also checks every page load). */
async function shot(page, testInfo, name) {
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll, `${name}: the page is wider than its screen`).toBeLessThanOrEqual(inner);
  expect(await smallTargets(page), `${name}: tap targets under 44 px`).toEqual([]);
  const file = path.join(__dirname, "..", "artifacts", testInfo.project.name, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
}

/** Collects console errors and uncaught exceptions of a page. */
function collectErrors(page) {
  const errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  return errors;
}

/** A valid mainland mobile, unique for this run, viewport and n (0–9). */
function mobileFor(testInfo, n) {
  const base = (Date.now() % 100000000).toString().padStart(8, "0");
  return `13${testInfo.project.name.length}${base.slice(0, 7)}${n}`;
}

module.exports = { PASSWORD, signIn, hydrated, shot, collectErrors, mobileFor };
