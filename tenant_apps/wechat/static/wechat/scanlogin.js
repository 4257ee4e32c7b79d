// WeChat scan login and binding (issue 12 item 10): polls the scan session of the QR on the page
// (POST with the CSRF token, every 2 s, for at most 6 min) and follows the redirect the server
// gives once the scan is confirmed. No inline script: the page marks the QR with data-scan-qr.
(function () {
  "use strict";
  var box = document.querySelector("[data-scan-qr]");
  if (!box) return;
  var statusLine = box.querySelector("[data-scan-status]");
  var refresh = box.querySelector("[data-scan-refresh]");
  var tokenInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  var started = Date.now();
  var timer = null;

  function stop(message) {
    if (timer) window.clearTimeout(timer);
    timer = null;
    if (message) statusLine.textContent = message;
    if (refresh) refresh.hidden = false;
  }

  function poll() {
    if (Date.now() - started > 6 * 60 * 1000) { stop("二维码已过期，请刷新。"); return; }
    var body = new URLSearchParams();
    body.set("next", box.dataset.next || "");
    fetch(box.dataset.statusUrl, {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "X-CSRFToken": tokenInput ? tokenInput.value : "", "X-Requested-With": "fetch" },
    }).then(function (response) { return response.json(); }).then(function (data) {
      if (data.state === "done") { statusLine.textContent = "已确认，正在进入……"; window.location.assign(data.redirect); return; }
      if (data.state === "pending") { statusLine.textContent = data.message || "请用微信扫一扫"; timer = window.setTimeout(poll, 2000); return; }
      stop(data.message || "二维码已失效，请刷新。");
    }).catch(function () { timer = window.setTimeout(poll, 4000); });
  }

  timer = window.setTimeout(poll, 1500);
})();
