// Touch targets of at least 44 × 44 px (WCAG 2.5.5; Apple's and Material's minimum): the
// outcome radios were 20 px, the material checkboxes 19 px and list links 19 px when the
// product was tried on a tablet. `smallTargets(page)` lists every visible target on the page
// that is smaller, as "<tag> "text" W×H".
//
// What is measured is what a finger hits: a checkbox or radio by its label (the label is the
// target), a link stretched over its card by `::after` by the card. Exempt, as WCAG exempts
// them: links inside a sentence (in a <p>, whose line height is the text's).

function audit() {
  const out = [];
  const sel = 'a[href], button, input:not([type="hidden"]), select, textarea, summary';
  for (const el of document.querySelectorAll(sel)) {
    if (el.matches("p a, p button")) continue;
    let target = el;
    if (el.matches('input[type="checkbox"], input[type="radio"]')) {
      target = el.closest("label") || (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) || el;
    }
    const after = getComputedStyle(el, "::after");
    if (el.matches("a") && after.content !== "none" && after.position === "absolute") {
      let box = el.parentElement;
      while (box && getComputedStyle(box).position === "static") box = box.parentElement;
      if (box) target = box;
    }
    const r = target.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const style = getComputedStyle(target);
    if (style.visibility === "hidden" || target.closest("[hidden], [inert], [aria-hidden='true']")) continue;
    if (r.width < 43.5 || r.height < 43.5) {
      const text = (target.innerText || target.value || target.getAttribute("aria-label") || target.name || "").trim().replace(/\s+/g, " ").slice(0, 24);
      out.push(`<${target.tagName.toLowerCase()}${target.id ? "#" + target.id : ""}> "${text}" ${Math.round(r.width)}×${Math.round(r.height)} px`);
    }
  }
  return out;
}

async function smallTargets(page) {
  return page.evaluate(audit);
}

module.exports = { smallTargets };
