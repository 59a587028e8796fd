// Camera barcode scanning for fields that carry a button with data-scan-into="<input id>".
// Only where the browser has the BarcodeDetector API (Chrome on Android, for instance);
// elsewhere the buttons stay hidden and the field is typed or filled by a USB/Bluetooth scanner.
(function () {
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  function reveal(root) {
    root.querySelectorAll("[data-scan-into][hidden]").forEach(function (b) { b.hidden = false; });
  }
  new MutationObserver(function () { reveal(document); }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () { reveal(document); });

  async function scan(input) {
    var overlay = document.createElement("div");
    overlay.className = "scan-overlay";
    var video = document.createElement("video");
    video.setAttribute("playsinline", "");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn";
    close.textContent = document.documentElement.lang === "en" ? "Cancel" : "取消";
    overlay.appendChild(video);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
    var stream = null;
    var done = false;
    function stop() {
      done = true;
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      overlay.remove();
    }
    close.addEventListener("click", stop);
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream;
      await video.play();
      var detector = new window.BarcodeDetector();
      while (!done) {
        var codes = await detector.detect(video);
        if (codes.length) {
          input.value = codes[0].rawValue;
          input.dispatchEvent(new Event("input", { bubbles: true }));
          stop();
          return;
        }
        await new Promise(function (r) { requestAnimationFrame(r); });
      }
    } catch (e) {
      stop();
      explain(input, e);
    }
  }

  // Why the camera could not be used, next to the field, and the field ready for typing (or a
  // USB/Bluetooth scanner) instead.
  function explain(input, e) {
    var en = document.documentElement.lang === "en";
    var name = (e && e.name) || "";
    var text;
    if (name === "NotAllowedError" || name === "SecurityError") {
      text = en ? "The camera was not allowed. Allow it in the browser's settings, or type the code."
                : "未获得摄像头权限：请在浏览器设置中允许使用摄像头，或直接输入条码。";
    } else if (name === "NotFoundError" || name === "OverconstrainedError" || name === "NotReadableError") {
      text = en ? "This device has no camera it can use. Type the code or use a barcode scanner."
                : "此设备没有可用的摄像头：请直接输入条码，或使用扫码枪。";
    } else {
      text = en ? "The camera could not be opened. Type the code instead."
                : "无法打开摄像头：请直接输入条码。";
    }
    var id = input.id + "-scan-note";
    var note = document.getElementById(id);
    if (!note) {
      note = document.createElement("p");
      note.id = id;
      note.className = "field-error scan-note";
      note.setAttribute("role", "alert");
      note.setAttribute("data-testid", "scan-note");
      var anchor = input.closest("form") || input;
      anchor.insertAdjacentElement("afterend", note);
    }
    note.textContent = text;
    input.focus();
  }

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest("[data-scan-into]");
    if (!button) return;
    var input = document.getElementById(button.getAttribute("data-scan-into"));
    if (input) scan(input);
  });
})();
