// The fair's wall screen: figures pushed by server-sent events. Each stream ends after ~25 s
// and EventSource reconnects by itself (the server sends `retry: 1000`), so a web thread is only
// lent to the screen. [data-wall-status] says when the last figures came (data-updated).
(function () {
  "use strict";
  var root = document.querySelector("[data-wall]");
  if (!root || !window.EventSource) return;
  var status = root.querySelector("[data-wall-status]");
  var source = new EventSource(root.dataset.streamUrl);
  source.addEventListener("figures", function (event) {
    var figures = JSON.parse(event.data);
    Object.keys(figures).forEach(function (key) {
      var box = root.querySelector('[data-figure="' + key + '"]');
      if (!box || box.textContent === String(figures[key])) return;
      box.textContent = figures[key];
      box.classList.add("flash");
      setTimeout(function () { box.classList.remove("flash"); }, 400);
    });
    status.textContent = "已连接 · 更新于 " + new Date().toLocaleTimeString();
    status.dataset.updated = String(Date.now());
  });
  source.addEventListener("error", function () { status.textContent = "重新连接中…"; });
})();
